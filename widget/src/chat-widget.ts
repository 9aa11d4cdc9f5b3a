import {
  ApiError,
  createApi,
  type Api,
  type ChatStatus,
  type Credentials,
  type Message,
  type OfflineRequest,
  type SuggestionRef,
} from './api';
import { SuggestionBox } from './view/self-help';
import { bookingUrl } from '../../server/src/shared/urls/booking-urls';
import { privacyUrl } from '../../server/src/shared/urls/legal-urls';
import { HANDOVER_VERSION, type Handover } from './handover';
import { errorText, messages, pageLang, widgetLangs, type Messages, type WidgetLang } from './messages';
import { ChatSession } from './session';
import { Store } from './store';
import { ChatView, eventText, type ChatFlags } from './view/chat';
import { VideoOffer, videoEventText } from './view/video-offer';
import { h } from './view/dom';
import { addStyles } from './view/h';
import {
  languageName,
  renderMessage,
  renderOffline,
  renderOfflineDone,
  renderAnswered,
  renderStart,
  type AboutYou,
  type OfflineReason,
} from './view/forms';
import { panelStyles } from './view/styles';
import { AboutYouPrompt } from './view/about-you';

type Screen =
  | { name: 'loading' }
  | { name: 'error'; code: string }
  | { name: 'start' }
  | { name: 'offline'; reason: OfflineReason; form: 'message' | 'callback' | null }
  | { name: 'offlineDone'; kind: 'message' | 'callback' }
  | { name: 'answered'; leftQueue: boolean }
  | { name: 'chat' }
  | { name: 'deleted' };

const DEFAULT_MAX_WAIT_SECONDS = 300;
const newFlags = (): ChatFlags => ({
  isConfirmingEnd: false,
  isTranscriptOpen: false,
  transcriptSentTo: null,
  isRated: false,
  isRerating: false,
});

/**
 * /widget-chat.js: the embeddable live chat (docs/chat.md) behind the launcher of
 * <opintori-chat>, which the loader (/widget.js) draws and hands over once this script has
 * loaded. The launcher opens a non-modal dialog in the element's shadow root, so the host
 * site's styles cannot break it. Everything talks to the service origin the loader came from.
 */
class ChatWidget {
  private uiLang: WidgetLang = 'fi';
  private text: Messages = messages.fi;
  private readonly host: HTMLElement;
  private readonly serviceOrigin: string;
  private readonly defaultProvider: string;
  private readonly store: Store;
  private readonly api: Api;
  private readonly wrapper: HTMLElement;
  private readonly launcher: HTMLButtonElement;
  private readonly panel = h('div', {
    id: 'panel',
    class: 'panel',
    role: 'dialog',
    'aria-modal': 'false',
    'aria-labelledby': 'panel-title',
    tabindex: -1,
    hidden: true,
  });
  private readonly heading = h('h2', { id: 'panel-title' });
  private readonly langLabel = h('label', { for: 'ui-lang', class: 'sr-only' }, 'Kieli – Språk – Language');
  private readonly langSelect = h('select', { id: 'ui-lang' });
  private readonly closeButton = h('button', { type: 'button', class: 'icon' }, '×');
  private readonly body = h('div', { class: 'body' });
  /** The privacy notice, below every view (its page links the accessibility statement). */
  private readonly legal = h('p', { class: 'legal' });
  private readonly live = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  private screen: Screen = { name: 'loading' };
  private status: ChatStatus | null = null;
  private session: ChatSession | null = null;
  private chatView: ChatView | null = null;
  private flags = newFlags();
  private waitStartedAt = 0;
  private waitTimer: ReturnType<typeof setTimeout> | undefined;
  private unread = 0;
  private shouldFocusBody = false;
  /** Suggestions as the first question is typed, beside the offline options, and while queued. */
  private readonly startHelp: SuggestionBox;
  private readonly offlineHelp: SuggestionBox;
  private waitHelp: SuggestionBox;
  private waitHelpAsked = false;

  constructor({ host, root, wrapper, launcher, serviceOrigin, provider, open, moveFocus }: Handover) {
    this.host = host;
    this.wrapper = wrapper;
    this.launcher = launcher;
    this.serviceOrigin = serviceOrigin;
    this.defaultProvider = provider;
    this.store = new Store(serviceOrigin);
    this.api = createApi(serviceOrigin);
    this.startHelp = this.suggestionBox('start-help', (ref) => this.answeredBeforeChat(this.startHelp, ref));
    this.offlineHelp = this.suggestionBox('offline-help', (ref) =>
      this.answeredBeforeChat(this.offlineHelp, ref),
    );
    this.waitHelp = this.newWaitHelp();
    launcher.setAttribute('aria-controls', 'panel');
    const stored = this.store.lang();
    this.uiLang = stored && widgetLangs.includes(stored) ? stored : pageLang(document);
    this.text = messages[this.uiLang];
    for (const code of widgetLangs)
      this.langSelect.append(h('option', { value: code, lang: code }, languageName(code)));
    this.panel.append(
      h('header', {}, this.heading, this.langLabel, this.langSelect, this.closeButton),
      this.body,
      this.legal,
    );
    this.wrapper.prepend(this.panel);
    this.wrapper.append(this.live);
    addStyles(root, panelStyles);

    this.launcher.addEventListener('click', () => (this.panel.hidden ? this.open(true) : this.close()));
    this.closeButton.addEventListener('click', () => this.close());
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        this.close();
      }
    });
    this.langSelect.addEventListener('change', () => this.setLang(this.langSelect.value as WidgetLang));
    this.applyText();

    // A reload or a reopened tab picks the stored conversation up again and resyncs it.
    const conversation = this.store.conversation();
    if (conversation) {
      this.startSession(conversation);
      this.screen = { name: 'chat' };
      this.render();
      void this.api.status(this.provider).then(
        (status) => (this.status = status),
        () => undefined,
      );
      if (this.store.isOpen()) this.open(false);
    }
    // The visitor pressed the launcher while this script was loading.
    if (open) this.open(moveFocus);
  }

  private get provider(): string {
    return this.host.dataset.provider || this.defaultProvider;
  }

  private applyText(): void {
    const { text } = this;
    this.wrapper.lang = this.uiLang;
    this.langSelect.value = this.uiLang;
    this.heading.textContent = text.title;
    this.closeButton.setAttribute('aria-label', text.close);
    this.closeButton.title = text.close;
    this.launcher.replaceChildren(text.open);
    this.legal.replaceChildren(
      h(
        'a',
        { href: this.serviceOrigin + privacyUrl(this.uiLang), target: '_blank', rel: 'noopener' },
        text.privacy,
        h('span', { class: 'sr-only' }, ` ${text.newTab}`),
      ),
    );
    if (this.unread > 0) {
      this.launcher.append(
        h('span', { class: 'badge', 'aria-hidden': 'true' }, String(this.unread)),
        h('span', { class: 'sr-only' }, `, ${text.unread(this.unread)}`),
      );
    }
  }

  private setLang(lang: WidgetLang): void {
    this.uiLang = lang;
    this.text = messages[lang];
    this.store.setLang(lang);
    this.applyText();
    for (const box of [this.startHelp, this.offlineHelp, this.waitHelp]) box.setText(this.text);
    // Keep what was typed and where focus was: the forms are rebuilt in the new language.
    const values = new Map<string, string | boolean>();
    for (const control of this.body.querySelectorAll<HTMLInputElement>(
      'input[id], select[id], textarea[id]',
    )) {
      values.set(
        control.id,
        control.type === 'checkbox' || control.type === 'radio' ? control.checked : control.value,
      );
    }
    this.render();
    for (const [id, value] of values) {
      const control = this.body.querySelector<HTMLInputElement>(`#${id}`);
      if (!control) continue;
      if (typeof value === 'boolean') control.checked = value;
      else control.value = value;
    }
    this.langSelect.focus();
  }

  private open(moveFocus: boolean): void {
    this.panel.hidden = false;
    this.host.setAttribute('open', '');
    this.launcher.setAttribute('aria-expanded', 'true');
    this.store.setOpen(true);
    this.unread = 0;
    this.applyText();
    if (moveFocus) this.shouldFocusBody = true;
    if (
      !this.session &&
      (this.screen.name === 'loading' || this.screen.name === 'error' || this.screen.name === 'start')
    ) {
      void this.loadStatus();
    } else if (moveFocus) {
      this.focusBody();
    }
    if (moveFocus && this.shouldFocusBody) this.panel.focus();
  }

  private close(): void {
    this.panel.hidden = true;
    this.host.removeAttribute('open');
    this.launcher.setAttribute('aria-expanded', 'false');
    this.store.setOpen(false);
    this.shouldFocusBody = false;
    this.launcher.focus();
  }

  private focusBody(): void {
    this.shouldFocusBody = false;
    if (this.screen.name === 'chat') {
      this.chatView?.focusFirst();
      return;
    }
    const target =
      this.body.querySelector<HTMLElement>('[data-focus]') ??
      this.body.querySelector<HTMLElement>('input, select, textarea, button');
    target?.focus();
  }

  private announce(message: string): void {
    // Cleared first so that the same words twice are read twice.
    this.live.textContent = '';
    setTimeout(() => (this.live.textContent = message), 50);
  }

  private show(screen: Screen, focus = true): void {
    this.screen = screen;
    this.render();
    if (focus && !this.panel.hidden) this.focusBody();
  }

  private render(): void {
    const { text, uiLang: lang, screen } = this;
    this.body.classList.toggle('chat', screen.name === 'chat');
    this.chatView = null;
    let content: HTMLElement;
    switch (screen.name) {
      case 'loading':
        content = renderMessage(text.loading);
        break;
      case 'error':
        content = renderMessage(errorText(text, screen.code), {
          label: text.retry,
          onClick: () => void this.loadStatus(true),
        });
        break;
      case 'start':
        content = this.status
          ? renderStart(
              text,
              lang,
              this.status,
              this.startHelp,
              (about, consent, question) => this.startChat(about, consent, question),
              `${this.serviceOrigin}${bookingUrl(lang)}`,
            )
          : renderMessage(text.loading);
        break;
      case 'offline':
        content = renderOffline(text, lang, {
          reason: screen.reason,
          status: this.status,
          form: screen.form,
          choose: (form) => {
            this.show({ ...screen, form }, false);
            this.body.querySelector<HTMLElement>('#offline-form select')?.focus();
          },
          backToQueue:
            screen.reason === 'long_wait' && this.session ? () => this.show({ name: 'chat' }) : undefined,
          submit: (request) => this.sendOffline(request),
          bookingUrl: `${this.serviceOrigin}${bookingUrl(lang)}`,
          suggestions: this.offlineHelp,
          aboutOptions: () => this.api.aboutOptions(lang),
        });
        break;
      case 'answered':
        content = renderAnswered(text, screen.leftQueue, () => void this.loadStatus(true));
        break;
      case 'offlineDone':
        content = renderOfflineDone(text, screen.kind);
        break;
      case 'chat':
        content = this.renderChat();
        break;
      case 'deleted':
        content = renderMessage(text.chatDeleted, {
          label: text.newChat,
          onClick: () => void this.loadStatus(true),
        });
        break;
    }
    this.body.replaceChildren(content);
  }

  private renderChat(): HTMLElement {
    const session = this.session;
    if (!session) return renderMessage(this.text.loading);
    this.chatView = new ChatView(
      this.text,
      session,
      this.flags,
      {
        send: (body) => session.send(body),
        typing: () => session.noteTyping(),
        endChat: async () => {
          await this.api.close(session.credentials);
          session.markClosed();
        },
        transcript: async (email) => {
          await this.api.transcript(session.credentials, email);
        },
        rate: async (score, comment) => {
          // Rating again (here or in another tab) changes the one rating of the chat.
          await this.api.rate(session.credentials, score, comment || undefined);
          session.markRated();
        },
        newChat: () => {
          this.endSession();
          void this.loadStatus(true);
        },
        erase: async () => {
          await this.api.erase(session.credentials);
          // Removed from the browser too: the conversation and the key that linked its chats.
          this.endSession();
          this.store.forgetBrowserKey();
          this.show({ name: 'deleted' });
        },
        browserKey: () => this.store.knownBrowserKey(),
        offline: (kind) => this.show({ name: 'offline', reason: 'long_wait', form: kind }),
        hasWaitedTooLong: () =>
          Date.now() - this.waitStartedAt > (this.status?.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS) * 1000,
      },
      this.serviceOrigin,
      new VideoOffer(this.uiLang, this.serviceOrigin, session),
      h('div', { class: 'waiting-help' }, this.waitHelp.status, this.waitHelp.element),
      new AboutYouPrompt(
        this.text,
        {
          options: () => this.api.aboutOptions(this.uiLang),
          send: async (answers) => {
            await this.api.about(session.credentials, answers);
          },
          done: () => this.store.setAboutDone(session.credentials.conversationId),
          refocus: () => this.chatView?.focusFirst(),
        },
        this.store.isAboutDone(session.credentials.conversationId),
      ),
    );
    return this.chatView.element;
  }

  private suggestionBox(id: string, answered: (ref: SuggestionRef) => Promise<void>): SuggestionBox {
    return new SuggestionBox(this.text, this.api, () => this.uiLang, this.serviceOrigin, id, answered);
  }

  private newWaitHelp(): SuggestionBox {
    this.waitHelpAsked = false;
    return this.suggestionBox('wait-help', (ref) => this.answeredWhileWaiting(ref));
  }

  /** A suggestion answered the question before any chat: counted, and nothing is queued. */
  private async answeredBeforeChat(box: SuggestionBox, ref: SuggestionRef): Promise<void> {
    const record = box.record;
    if (record) {
      await this.api
        .selfHelp({
          ...record,
          opened: record.opened.length ? record.opened : [ref],
          lang: this.uiLang,
          sourcePage: location.href,
          outcome: 'answered',
        })
        // Counting it must never stand in the visitor's way.
        .catch(() => undefined);
    }
    this.show({ name: 'answered', leftQueue: false });
  }

  /** A suggestion answered the question while the chat waited: the chat leaves the queue. */
  private async answeredWhileWaiting(ref: SuggestionRef): Promise<void> {
    const session = this.session;
    if (!session) return;
    try {
      await this.api.close(session.credentials, ref);
    } catch (error) {
      this.announce(errorText(this.text, error instanceof ApiError ? error.code : 'generic'));
      return;
    }
    this.endSession();
    this.show({ name: 'answered', leftQueue: true });
  }

  /** Reads whether the chat is open now and shows the start form or the offline options. */
  private async loadStatus(focus = this.shouldFocusBody): Promise<void> {
    this.show({ name: 'loading' }, false);
    try {
      this.status = await this.api.status(this.provider);
    } catch (error) {
      this.show({ name: 'error', code: error instanceof ApiError ? error.code : 'generic' }, focus);
      return;
    }
    const { status } = this;
    if (status.open && status.available) this.show({ name: 'start' }, focus);
    else this.show({ name: 'offline', reason: status.open ? 'no_counsellors' : 'closed', form: null }, focus);
  }

  private async startChat(about: AboutYou, consent: boolean, question: string): Promise<void> {
    const selfHelp = question ? this.startHelp.record : null;
    try {
      const credentials = await this.api.start({
        ...(this.provider ? { provider: this.provider } : {}),
        ...about,
        consent,
        ...(consent ? { browserKey: this.store.browserKey() } : {}),
        sourcePage: location.href,
        ...(selfHelp ? { selfHelp } : {}),
      });
      this.store.setConversation(credentials);
      this.flags = newFlags();
      this.startSession(credentials);
      // The question is the chat's first message, and its suggestions stay while it waits.
      if (question) {
        this.session?.send(question);
        this.waitHelpAsked = true;
        this.waitHelp.ask(question, 0);
      }
      this.startHelp.ask('', 0);
      this.show({ name: 'chat' });
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'chat.closed' || error.code === 'chat.unavailable')) {
        this.announce(errorText(this.text, error.code));
        this.show({
          name: 'offline',
          reason: error.code === 'chat.closed' ? 'closed' : 'no_counsellors',
          form: null,
        });
        return;
      }
      throw error;
    }
  }

  private startSession(credentials: Credentials): void {
    this.waitStartedAt = Date.now();
    const session = new ChatSession(this.serviceOrigin, credentials, this.store, {
      changed: () => {
        this.askWhileWaiting(session);
        const first = session.messages[0];
        if (first) this.waitStartedAt = Math.min(this.waitStartedAt, Date.parse(first.createdAt) || Infinity);
        this.scheduleLongWait();
        this.chatView?.update();
      },
      incoming: (message) => this.onIncoming(message),
      typing: (isTyping) => this.chatView?.setTyping(isTyping),
      failed: (code, body) => this.chatView?.showFailure(code, body),
      refused: (code) => {
        if (this.session !== session) return;
        this.endSession();
        if (code === 'conversation.not_found') void this.loadStatus();
        else this.show({ name: 'error', code });
      },
    });
    this.session = session;
  }

  /** Suggestions for the visitor's first message, once, while the chat waits for a counsellor. */
  private askWhileWaiting(session: ChatSession): void {
    if (this.waitHelpAsked || session.state?.status !== 'queued') return;
    const question = session.messages.find((m) => m.author === 'client' && m.kind === 'message');
    if (!question) return;
    this.waitHelpAsked = true;
    this.waitHelp.ask(question.body, 0);
  }

  private onIncoming(message: Message): void {
    const name =
      message.authorName ?? this.session?.state?.counsellor?.firstName ?? this.text.counsellorFallback;
    const line =
      message.kind === 'event'
        ? (videoEventText(this.uiLang, message) ?? eventText(this.text, message, name))
        : `${name}: ${message.body}`;
    if (line) this.announce(line);
    if (this.panel.hidden && message.kind === 'message') {
      this.unread += 1;
      this.applyText();
    }
  }

  /** Re-renders when the queue wait passes maxWaitSeconds, to offer the offline options. */
  private scheduleLongWait(): void {
    clearTimeout(this.waitTimer);
    const limit = (this.status?.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS) * 1000;
    const left = this.waitStartedAt + limit - Date.now();
    if (left > 0 && this.session?.state?.status === 'queued') {
      this.waitTimer = setTimeout(() => this.chatView?.update(), left + 500);
    }
  }

  private endSession(): void {
    clearTimeout(this.waitTimer);
    this.session?.disconnect();
    this.session = null;
    this.chatView = null;
    this.flags = newFlags();
    this.store.forgetConversation();
    this.waitHelp = this.newWaitHelp();
  }

  private async sendOffline(request: OfflineRequest): Promise<void> {
    await this.api.offline({ ...(this.provider ? { provider: this.provider } : {}), ...request });
    // Chose to be contacted instead of waiting: the queued chat is withdrawn.
    const session = this.session;
    if (session && this.screen.name === 'offline' && this.screen.reason === 'long_wait') {
      await this.api.close(session.credentials).catch(() => undefined);
      this.endSession();
    }
    this.show({ name: 'offlineDone', kind: request.kind });
  }
}

// The loader's <opintori-chat> elements hand themselves over through this (src/handover.ts).
window.OpinToriChat = {
  version: HANDOVER_VERSION,
  mount: (handover) => void new ChatWidget(handover),
};
