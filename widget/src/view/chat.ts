import type { Message } from '../api';
import { errorText, type Messages } from '../messages';
import type { ChatSession } from '../session';
import { alertBox, field, h, isEmail, setFieldError, showRequestError, validate, whileBusy } from './dom';
import type { VideoOffer } from './video-offer';
import { linkCard } from './self-help';
import type { AboutYouPrompt } from './about-you';

export const MAX_MESSAGE = 4000;
const COUNTER_FROM = 3500;

/** What the visitor has opened or done in the chat view; kept across a language switch. */
export interface ChatFlags {
  isConfirmingEnd: boolean;
  isTranscriptOpen: boolean;
  transcriptSentTo: string | null;
  isRated: boolean;
  /** Rated, and changing the rating. */
  isRerating: boolean;
  isConfirmingDelete?: boolean;
}

export interface ChatHandlers {
  send(body: string): void;
  typing(): void;
  endChat(): Promise<void>;
  transcript(email: string): Promise<void>;
  rate(score: number, comment: string): Promise<void>;
  newChat(): void;
  /** Deletes the ended chat from the service and from this browser. */
  erase(): Promise<void>;
  /** The browser's key for a data request, when the visitor let the chat remember the browser. */
  browserKey(): string | null;
  offline(kind: 'message' | 'callback'): void;
  hasWaitedTooLong(): boolean;
}

/** The line shown for an event message, in the visitor's language. */
export function eventText(text: Messages, message: Message, counsellor: string): string {
  switch (message.eventType) {
    case 'queued':
      return text.events.queued;
    case 'assigned':
      return text.events.assigned(message.authorName ?? counsellor);
    case 'transferred':
      return text.events.transferred;
    case 'closed':
      return text.events.closed;
    case 'client_left':
      return text.events.client_left;
    case 'observer_joined':
      return text.events.observer_joined;
    case 'observer_left':
      return text.events.observer_left;
    default:
      return message.body;
  }
}

/** Waiting, chatting and the end of a chat: status line, messages, the message box, rating. */
export class ChatView {
  readonly element: HTMLElement;
  private readonly status = h('div', { class: 'status' });
  private readonly statusLines = h('div');
  private readonly longWaitSlot = h('div');
  private readonly log: HTMLOListElement;
  private readonly typingLine = h('p', { class: 'typing' });
  private readonly bottom = h('div', { class: 'bottom' });
  private readonly composerAlert = alertBox();
  private textarea: HTMLTextAreaElement | null = null;
  private bottomKind: 'compose' | 'after' | null = null;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly text: Messages,
    private readonly session: ChatSession,
    private readonly flags: ChatFlags,
    private readonly handlers: ChatHandlers,
    /** Where the service is: a card's path is put after it. */
    private readonly serviceOrigin: string,
    private readonly video?: VideoOffer,
    /** Suggestions for the visitor's question, shown while the chat waits in the queue. */
    private readonly waitingHelp?: HTMLElement,
    /** "About you": while waiting, and after the chat if not answered then. */
    private readonly about?: AboutYouPrompt,
  ) {
    this.log = h('ol', { class: 'log', 'aria-label': text.messages, tabindex: 0 });
    this.status.append(this.statusLines, this.longWaitSlot, waitingHelp ?? '');
    this.element = h(
      'div',
      { class: 'chat-view' },
      this.status,
      this.log,
      video?.element,
      this.typingLine,
      this.bottom,
    );
    this.update();
  }

  private counsellorName(): string {
    return this.session.state?.counsellor?.firstName ?? this.text.counsellorFallback;
  }

  private isClosed(): boolean {
    return this.session.state?.status === 'closed';
  }

  update(): void {
    this.renderStatus();
    this.renderLog();
    this.video?.update();
    const kind = this.isClosed() ? 'after' : 'compose';
    if (kind !== this.bottomKind) {
      const root = this.element.getRootNode() as Document | ShadowRoot;
      const hadFocus = this.bottom.contains(root.activeElement);
      this.bottomKind = kind;
      this.bottom.replaceChildren(kind === 'compose' ? this.renderCompose() : this.renderAfter());
      if (hadFocus) this.focusFirst();
    }
  }

  /** Puts focus where the visitor continues: the message box, or the end-of-chat section. */
  focusFirst(): void {
    const target = this.bottom.querySelector<HTMLElement>('[data-focus]') ?? this.textarea;
    target?.focus();
  }

  setTyping(isTyping: boolean): void {
    clearTimeout(this.typingTimer);
    this.typingLine.textContent = isTyping ? this.text.typing(this.counsellorName()) : '';
    // A lost "stopped typing" must not leave the line up for ever.
    if (isTyping) this.typingTimer = setTimeout(() => this.setTyping(false), 10_000);
  }

  /** A message that could not be sent: the error, and its text back in the box if that is empty. */
  showFailure(code: string, body: string): void {
    this.composerAlert.textContent = errorText(this.text, code);
    this.composerAlert.hidden = false;
    if (body && this.textarea && !this.textarea.value) {
      this.textarea.value = body;
      this.textarea.dispatchEvent(new Event('input'));
    }
  }

  private renderStatus(): void {
    const { text, session } = this;
    const state = session.state;
    const lines: (HTMLElement | string)[] = [];
    if (!session.isConnected) lines.push(h('p', { class: 'muted' }, text.connecting));
    if (state?.status === 'closed') {
      // The end-of-chat section says it.
    } else if (state?.counsellor) {
      lines.push(
        h('p', {}, h('strong', {}, text.counsellor(state.counsellor.firstName, state.counsellor.provider))),
      );
    } else if (state) {
      lines.push(h('p', {}, text.queued));
      if (state.queuePosition) lines.push(h('p', {}, text.position(state.queuePosition)));
      if (state.estimatedWaitSeconds !== null) {
        lines.push(h('p', { class: 'muted' }, text.wait(Math.round(state.estimatedWaitSeconds / 60))));
      }
    }
    this.statusLines.replaceChildren(...lines);
    // Rebuilt only when it appears or goes, so that a focused button in it keeps focus.
    const isLongWait = state?.status === 'queued' && !state.counsellor && this.handlers.hasWaitedTooLong();
    if (isLongWait && !this.longWaitSlot.firstChild) this.longWaitSlot.append(this.renderLongWait());
    if (!isLongWait) this.longWaitSlot.replaceChildren();
    const isWaiting = state?.status === 'queued' && !state.counsellor;
    if (this.waitingHelp) this.waitingHelp.hidden = !isWaiting;
    // While waiting it sits under the queue; once the chat ends, in the end-of-chat section.
    const about = this.about;
    if (about && isWaiting && about.element.parentNode !== this.status) this.status.append(about.element);
    if (about && about.element.parentNode === this.status && !isWaiting) {
      // Taken while the visitor was choosing: focus goes on to the message box.
      const root = this.element.getRootNode() as Document | ShadowRoot;
      const hadFocus = about.element.contains(root.activeElement);
      about.element.remove();
      if (hadFocus) this.textarea?.focus();
    }
    this.status.hidden = lines.length === 0 && !isLongWait;
  }

  private renderLongWait(): HTMLElement {
    const box = h('div', { class: 'notice' }, h('p', {}, this.text.longWait));
    const actions = h('div', { class: 'actions' });
    for (const [kind, label] of [
      ['message', this.text.leaveMessage],
      ['callback', this.text.askCallback],
    ] as const) {
      const button = h('button', { type: 'button', class: 'link' }, label);
      button.addEventListener('click', () => this.handlers.offline(kind));
      actions.append(button);
    }
    box.append(actions);
    return box;
  }

  private renderLog(): void {
    const { text, log } = this;
    const isAtEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    const items: HTMLElement[] = [];
    for (const message of this.session.messages) {
      if (message.kind === 'event') {
        const line = this.video?.eventText(message) ?? eventText(text, message, this.counsellorName());
        if (line) items.push(h('li', { class: 'event' }, line));
        continue;
      }
      const isClient = message.author === 'client';
      const who = isClient ? text.you : (message.authorName ?? text.counsellorFallback);
      items.push(
        h(
          'li',
          { class: `msg ${isClient ? 'client' : 'staff'}` },
          h('span', { class: 'who' }, `${who}: `),
          // A card sent without words of its own has its title as the message. dir=auto: a
          // message in Arabic reads right to left, isolated from the name before it.
          message.card?.title === message.body ? null : h('span', { dir: 'auto' }, message.body),
          message.card && linkCard(this.text, this.serviceOrigin, message.card),
        ),
      );
    }
    for (const item of this.session.pending()) {
      items.push(
        h(
          'li',
          { class: 'msg client pending' },
          h('span', { class: 'who' }, `${text.you}: `),
          h('span', { dir: 'auto' }, item.body),
          h('span', { class: 'state' }, text.sending),
        ),
      );
    }
    log.replaceChildren(...items);
    if (isAtEnd) log.scrollTop = log.scrollHeight;
  }

  private renderCompose(): HTMLElement {
    const { text, handlers } = this;
    const textarea = h('textarea', {
      id: 'chat-message',
      name: 'body',
      rows: 2,
      maxlength: MAX_MESSAGE,
      dir: 'auto',
      'aria-describedby': 'chat-counter',
    });
    this.textarea = textarea;
    const counter = h('p', { id: 'chat-counter', class: 'muted', hidden: true });
    const box = field(text.messageBox, textarea, counter);
    const form = h(
      'form',
      { novalidate: true },
      box.wrap,
      this.composerAlert,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, text.send)),
    );
    textarea.addEventListener('input', () => {
      const left = MAX_MESSAGE - textarea.value.length;
      counter.hidden = textarea.value.length < COUNTER_FROM;
      counter.textContent = text.charsLeft(left);
      if (textarea.value) handlers.typing();
    });
    textarea.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter starts a new line (and IME composition is left alone).
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = textarea.value.trim();
      if (!body) return;
      if (body.length > MAX_MESSAGE) {
        setFieldError(box, errorText(text, 'message.too_long'));
        return;
      }
      setFieldError(box, null);
      this.composerAlert.hidden = true;
      handlers.send(body);
      textarea.value = '';
      counter.hidden = true;
      textarea.focus();
    });
    return h('div', { class: 'compose' }, form, this.renderActions());
  }

  /** Transcript and End chat, with the confirm step for ending. */
  private renderActions(): HTMLElement {
    const { text, flags } = this;
    const area = h('div', { class: 'actions' });
    const rerender = (focusSelector: string) => {
      const next = this.renderActions();
      area.replaceWith(next);
      next.querySelector<HTMLElement>(focusSelector)?.focus();
    };
    if (flags.isConfirmingEnd) {
      area.append(
        this.confirmBox(
          'end-question',
          text.confirmEnd,
          text.confirmEndYes,
          async () => {
            await this.handlers.endChat();
            flags.isConfirmingEnd = false;
            this.focusFirst();
          },
          () => {
            flags.isConfirmingEnd = false;
            rerender('[data-end]');
          },
        ),
      );
      return area;
    }
    area.append(this.renderTranscript());
    const end = h('button', { type: 'button', class: 'btn secondary', 'data-end': true }, text.endChat);
    end.addEventListener('click', () => {
      flags.isConfirmingEnd = true;
      rerender('[data-yes]');
    });
    area.append(end);
    return area;
  }

  private renderTranscript(): HTMLElement {
    const { text, flags } = this;
    const wrap = h('div', { class: 'transcript' });
    // A chat no counsellor has taken has no transcript (the service does not mail a visitor's
    // own text); the server refuses one until the counsellor has answered.
    if (!this.session.state?.counsellor) return wrap;
    const draw = (focus: boolean) => {
      wrap.replaceChildren();
      if (flags.transcriptSentTo) {
        wrap.append(
          h(
            'p',
            { role: 'status', class: 'muted', tabindex: -1 },
            text.transcriptSent(flags.transcriptSentTo),
          ),
        );
        return;
      }
      if (!flags.isTranscriptOpen) {
        const open = h(
          'button',
          { type: 'button', class: 'link', 'aria-expanded': 'false' },
          text.transcript,
        );
        open.addEventListener('click', () => {
          flags.isTranscriptOpen = true;
          draw(true);
        });
        wrap.append(open);
        if (focus) open.focus();
        return;
      }
      const email = field(
        text.email,
        h('input', {
          id: 'transcript-email',
          name: 'email',
          type: 'email',
          autocomplete: 'email',
          maxlength: 254,
        }),
      );
      const alert = alertBox();
      const send = h('button', { type: 'submit', class: 'btn' }, text.sendTranscript);
      const cancel = h('button', { type: 'button', class: 'btn secondary' }, text.cancel);
      const form = h(
        'form',
        { novalidate: true, 'aria-label': text.transcript },
        email.wrap,
        alert,
        h('div', { class: 'actions' }, send, cancel),
      );
      cancel.addEventListener('click', () => {
        flags.isTranscriptOpen = false;
        draw(true);
      });
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const value = email.control.value.trim();
        if (!validate([[email, () => (!value ? text.required : isEmail(value) ? null : text.invalidEmail)]]))
          return;
        await whileBusy(send, async () => {
          try {
            await this.handlers.transcript(value);
            flags.transcriptSentTo = value;
            flags.isTranscriptOpen = false;
            draw(false);
            wrap.querySelector<HTMLElement>('[role=status]')?.focus();
          } catch (error) {
            showRequestError(text, error, [email], alert);
          }
        });
      });
      wrap.append(form);
      if (focus) email.control.focus();
    };
    draw(false);
    return wrap;
  }

  /** After the chat: the rating question, then thanks and a way to start again. */
  private renderAfter(): HTMLElement {
    const { text, flags } = this;
    this.textarea = null;
    const wrap = h('div', { class: 'after' });
    const isRated = (flags.isRated || this.session.state?.rated === true) && !flags.isRerating;
    // A chat no counsellor took (left in the queue) is not rated.
    const isRateable = !!this.session.state?.counsellor;
    if (isRated) {
      const change = h('button', { type: 'button', class: 'btn secondary' }, text.changeRating);
      change.addEventListener('click', () => {
        flags.isRerating = true;
        this.bottomKind = null;
        this.update();
        this.focusFirst();
      });
      wrap.append(h('p', { class: 'success', tabindex: -1, 'data-focus': true }, text.thanks), change);
    } else {
      wrap.append(h('p', { tabindex: -1, 'data-focus': true }, h('strong', {}, text.chatEnded)));
      if (isRateable) wrap.append(this.renderRating());
    }
    const again = h(
      'button',
      { type: 'button', class: isRated || !isRateable ? 'btn' : 'btn secondary' },
      text.newChat,
    );
    again.addEventListener('click', () => this.handlers.newChat());
    if (this.about?.isOpen) {
      this.about.element.open = true;
      wrap.append(this.about.element);
    }
    wrap.append(this.renderTranscript(), again, this.renderDelete());
    return wrap;
  }

  /** A question with Yes and Cancel; a failing Yes shows its error in the box. */
  private confirmBox(
    id: string,
    question: string,
    yesLabel: string,
    onYes: () => Promise<void>,
    onNo: () => void,
  ): HTMLElement {
    const yes = h(
      'button',
      { type: 'button', class: 'btn', 'aria-describedby': id, 'data-yes': true },
      yesLabel,
    );
    const no = h('button', { type: 'button', class: 'btn secondary' }, this.text.cancel);
    const alert = alertBox();
    yes.addEventListener('click', () =>
      whileBusy(yes, async () => {
        try {
          await onYes();
        } catch (error) {
          showRequestError(this.text, error, [], alert);
        }
      }),
    );
    no.addEventListener('click', onNo);
    return h(
      'div',
      { class: 'notice' },
      h('p', { id }, question),
      h('div', { class: 'actions' }, yes, no),
      alert,
    );
  }

  /** "Delete this conversation", with a confirm step; the browser's key for a data request. */
  private renderDelete(): HTMLElement {
    const { text, flags } = this;
    const area = h('div', { class: 'delete' });
    const key = this.handlers.browserKey();
    const draw = (focus: string | null) => {
      area.replaceChildren();
      if (!flags.isConfirmingDelete) {
        const remove = h('button', { type: 'button', class: 'link', 'data-delete': true }, text.deleteChat);
        remove.addEventListener('click', () => {
          flags.isConfirmingDelete = true;
          draw('[data-yes]');
        });
        area.append(remove);
      } else {
        area.append(
          this.confirmBox(
            'delete-question',
            text.confirmDelete,
            text.confirmDeleteYes,
            () => this.handlers.erase(),
            () => {
              flags.isConfirmingDelete = false;
              draw('[data-delete]');
            },
          ),
        );
      }
      if (key) {
        area.append(
          h('details', {}, h('summary', {}, text.browserKey), h('p', {}, h('code', { class: 'key' }, key))),
        );
      }
      if (focus) area.querySelector<HTMLElement>(focus)?.focus();
    };
    draw(null);
    return area;
  }

  private renderRating(): HTMLElement {
    const { text, flags } = this;
    const error = h('p', { class: 'field-error', id: 'rating-error', hidden: true });
    const fieldset = h('fieldset', {}, h('legend', {}, text.ratingLegend));
    text.ratings.forEach((label, index) => {
      const id = `rating-${index + 1}`;
      fieldset.append(
        h(
          'div',
          { class: 'choice' },
          h('input', { type: 'radio', name: 'score', id, value: index + 1 }),
          h('label', { for: id }, label),
        ),
      );
    });
    fieldset.append(error);
    const comment = field(
      text.ratingComment,
      h('textarea', { id: 'rating-comment', name: 'comment', maxlength: 1000, rows: 2 }),
    );
    const alert = alertBox();
    const button = h('button', { type: 'submit', class: 'btn' }, text.sendRating);
    const form = h('form', { novalidate: true }, fieldset, comment.wrap, alert, button);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const chosen = form.querySelector<HTMLInputElement>('input[name=score]:checked');
      if (!chosen) {
        error.textContent = text.chooseRating;
        error.hidden = false;
        fieldset.setAttribute('aria-describedby', 'rating-error');
        form.querySelector<HTMLInputElement>('input[name=score]')?.focus();
        return;
      }
      error.hidden = true;
      fieldset.removeAttribute('aria-describedby');
      await whileBusy(button, async () => {
        try {
          await this.handlers.rate(Number(chosen.value), comment.control.value.trim());
          flags.isRated = true;
          flags.isRerating = false;
          this.bottomKind = null;
          this.update();
          this.focusFirst();
        } catch (failure) {
          showRequestError(text, failure, [comment], alert);
        }
      });
    });
    return form;
  }
}
