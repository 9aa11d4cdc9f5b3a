import type { Message } from '../api';
import type { WidgetLang } from '../lang';
import type { ChatSession } from '../session';
import { h } from './h';

/** The offer's texts; kept here so the rest of the widget carries none of them. */
const texts: Record<
  WidgetLang,
  {
    offered: string;
    accept: string;
    decline: string;
    newTab: string;
    open: string;
    reopen: string;
    offeredLine: string;
    acceptedLine: string;
    declinedLine: string;
    failed: string;
    blocked: string;
  }
> = {
  fi: {
    offered: 'Ohjaaja tarjoaa videopuhelua.',
    accept: 'Liity videopuheluun',
    decline: 'Ei nyt',
    newTab: 'Puhelu avautuu uuteen välilehteen. Voit jatkaa chatissa myös puhelun aikana.',
    open: 'Videopuhelu on auki toisessa välilehdessä.',
    reopen: 'Avaa videopuhelu uudelleen',
    offeredLine: 'Ohjaaja tarjosi videopuhelua.',
    acceptedLine: 'Hyväksyit videopuhelun.',
    declinedLine: 'Et halunnut videopuhelua nyt.',
    failed: 'Videopuhelua ei voitu avata. Se on ehkä vanhentunut tai chat on päättynyt.',
    blocked: 'Selain esti uuden välilehden. Avaa puhelu tästä:',
  },
  sv: {
    offered: 'Vägledaren erbjuder ett videosamtal.',
    accept: 'Anslut till videosamtalet',
    decline: 'Inte nu',
    newTab: 'Samtalet öppnas i en ny flik. Du kan fortsätta i chatten under samtalet.',
    open: 'Videosamtalet är öppet i en annan flik.',
    reopen: 'Öppna videosamtalet igen',
    offeredLine: 'Vägledaren erbjöd ett videosamtal.',
    acceptedLine: 'Du tackade ja till videosamtalet.',
    declinedLine: 'Du ville inte ha ett videosamtal nu.',
    failed: 'Videosamtalet kunde inte öppnas. Det har kanske gått ut eller chatten har avslutats.',
    blocked: 'Webbläsaren blockerade den nya fliken. Öppna samtalet här:',
  },
  en: {
    offered: 'The counsellor offers a video call.',
    accept: 'Join the video call',
    decline: 'Not now',
    newTab: 'The call opens in a new tab. You can go on chatting during the call.',
    open: 'The video call is open in another tab.',
    reopen: 'Open the video call again',
    offeredLine: 'The counsellor offered a video call.',
    acceptedLine: 'You accepted the video call.',
    declinedLine: 'You did not want a video call now.',
    failed: 'The video call could not be opened. It may have expired, or the chat has ended.',
    blocked: 'The browser blocked the new tab. Open the call here:',
  },
};

/** The line a video event leaves in the chat log, or null when the message is no video event. */
export function videoEventText(lang: WidgetLang, message: Message): string | null {
  const t = texts[lang];
  switch (message.eventType) {
    case 'video_offered':
      return t.offeredLine;
    case 'video_accepted':
      return t.acceptedLine;
    case 'video_declined':
      return t.declinedLine;
    default:
      return null;
  }
}

/**
 * A video call the counsellor offered in the chat (docs/video.md): "join" or "not now" while the
 * offer stands; joining opens the meeting page in a new tab with a link made for this chat.
 */
export class VideoOffer {
  readonly element = h('div', { class: 'video-offer' });
  private shownKey = '';
  private url: string | null = null;
  private problem: HTMLElement | null = null;

  constructor(
    private readonly lang: WidgetLang,
    private readonly origin: string,
    private readonly session: ChatSession,
  ) {}

  /** The newest offer and what became of it. */
  private current(): { id: string; state: 'offered' | 'accepted' } | null {
    const status = this.session.state?.status;
    if (status !== 'active' && status !== 'waiting') return null;
    let offer: Message | undefined;
    for (const message of this.session.messages) {
      if (message.eventType === 'video_offered' && message.videoCall) offer = message;
    }
    const call = offer?.videoCall;
    if (!call || (call.expiresAt && Date.parse(call.expiresAt) <= Date.now())) return null;
    let state: 'offered' | 'accepted' = 'offered';
    for (const message of this.session.messages) {
      if (message.videoCall?.id !== call.id) continue;
      if (message.eventType === 'video_declined') return null;
      if (message.eventType === 'video_accepted') state = 'accepted';
    }
    return { id: call.id, state };
  }

  update(): void {
    const offer = this.current();
    const key = offer ? `${offer.id}:${offer.state}` : '';
    // Rebuilt only when the offer changes, so a focused button keeps its focus.
    if (key === this.shownKey) return;
    this.shownKey = key;
    this.problem = null;
    if (!offer) return this.element.replaceChildren();
    const t = texts[this.lang];
    const actions = h('div', { class: 'actions' });
    const join = h(
      'button',
      { type: 'button', class: 'btn' },
      offer.state === 'offered' ? t.accept : t.reopen,
    );
    join.addEventListener('click', () => void this.answer(offer.id, 'accept'));
    actions.append(join);
    if (offer.state === 'offered') {
      const decline = h('button', { type: 'button', class: 'btn secondary' }, t.decline);
      decline.addEventListener('click', () => void this.answer(offer.id, 'decline'));
      actions.append(decline);
    }
    this.element.replaceChildren(
      h(
        'div',
        { class: 'notice', role: 'group', 'aria-label': t.offered },
        h('p', {}, h('strong', {}, offer.state === 'offered' ? t.offered : t.open)),
        h('p', {}, t.newTab),
        actions,
      ),
    );
  }

  /** The chat log's line for a video event, or null for other messages. */
  eventText(message: Message): string | null {
    return videoEventText(this.lang, message);
  }

  private async answer(id: string, answer: 'accept' | 'decline'): Promise<void> {
    if (answer === 'accept' && this.url) {
      window.open(this.url, '_blank', 'noopener');
      return;
    }
    // Opened now, while the click still counts as the visitor's: after the request a popup
    // blocker would stop it.
    const tab = answer === 'accept' ? window.open('', '_blank') : null;
    const { conversationId, secret } = this.session.credentials;
    try {
      const response = await fetch(
        `${this.origin}/api/v1/chat/conversations/${encodeURIComponent(conversationId)}/video-calls/${encodeURIComponent(id)}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-conversation-secret': secret },
          body: JSON.stringify({ answer, lang: this.lang }),
          mode: 'cors',
        },
      );
      if (!response.ok) throw new Error(String(response.status));
      const result = (await response.json()) as { url: string | null };
      if (answer === 'decline' || !result.url) return;
      this.url = result.url;
      if (tab) {
        tab.opener = null;
        tab.location.href = result.url;
      } else if (!window.open(result.url, '_blank', 'noopener')) {
        this.show(
          h(
            'p',
            {},
            texts[this.lang].blocked,
            ' ',
            h('a', { href: result.url, target: '_blank', rel: 'noopener' }, texts[this.lang].accept),
          ),
        );
      }
    } catch {
      tab?.close();
      this.show(h('p', { role: 'alert' }, texts[this.lang].failed));
    }
  }

  private show(line: HTMLElement): void {
    this.problem?.remove();
    this.problem = line;
    this.element.firstElementChild?.append(line);
  }
}
