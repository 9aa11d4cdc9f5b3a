import { HANDOVER_VERSION, type ChatModule } from './handover';
import { launcherText, pageLang, widgetLangs, type WidgetLang } from './lang';
import { addStyles, h } from './view/h';
import { countInvitation, dueInvitation } from './invitation';
import { inviteStyles, launcherStyles } from './view/styles';

/*
 * /widget.js: the loader member sites put on every page. It draws the launcher of
 * <opintori-chat> and nothing else; the chat itself (/widget-chat.js, with socket.io-client)
 * is loaded when the visitor presses the launcher, when they point at it or focus it (a
 * prefetch), or at once when this browser has a conversation going on (docs/chat.md).
 */

const script = document.currentScript as HTMLScriptElement | null;
const serviceOrigin = script ? new URL(script.src).origin : location.origin;
const provider = script?.dataset.provider ?? '';
const chatSrc = script ? new URL('widget-chat.js', script.src).href : `${serviceOrigin}/widget-chat.js`;

let loading: Promise<ChatModule> | null = null;

/** Loads /widget-chat.js once; after a failure the next call tries again. */
function loadChat(): Promise<ChatModule> {
  loading ??= new Promise<ChatModule>((resolve, reject) => {
    const loaded = (): boolean => {
      const chat = window.OpinToriChat;
      if (chat?.version !== HANDOVER_VERSION) return false;
      resolve(chat);
      return true;
    };
    if (loaded()) return;
    const tag = h('script', { src: chatSrc });
    tag.onload = () => loaded() || reject(new Error('widget-chat.js did not register'));
    tag.onerror = () => {
      tag.remove();
      reject(new Error('widget-chat.js could not be loaded'));
    };
    document.head.append(tag);
  }).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/** What the chat keeps in localStorage (widget/src/store.ts); read here only to decide. */
interface Saved {
  lang?: unknown;
  isOpen?: unknown;
  conversation?: { conversationId?: unknown };
}

function saved(): Saved {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(`opintori-chat:${serviceOrigin}`) || '{}');
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}

/** <opintori-chat> until the chat is loaded: the launcher, which then hands itself over. */
class OpinToriChatLauncher extends HTMLElement {
  private readonly launcher = h('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false' });
  private readonly error = h('p', { id: 'load-error', class: 'load-error', role: 'alert', hidden: true });
  private readonly wrapper = h('div', {}, this.launcher, this.error);
  private text = launcherText.fi;
  private state: 'idle' | 'loading' | 'mounted' = 'idle';
  private wantsOpen = false;
  private reportsFailure = false;

  connectedCallback(): void {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    const stored = saved();
    const lang = widgetLangs.includes(stored.lang as WidgetLang)
      ? (stored.lang as WidgetLang)
      : pageLang(document);
    this.text = launcherText[lang];
    this.wrapper.lang = lang;
    this.launcher.textContent = this.text.open;
    addStyles(root, launcherStyles);
    root.append(this.wrapper);

    this.launcher.addEventListener('click', () => this.load(root, true));
    // Pointing at the launcher or tabbing to it fetches the chat ahead of the press.
    this.launcher.addEventListener('pointerenter', () => this.load(root, false));
    this.launcher.addEventListener('focus', () => this.load(root, false));
    // A conversation going on, or a panel left open, picks up at once after a reload; a
    // failure is shown when the reload would have reopened the chat.
    const isChatting = typeof stored.conversation?.conversationId === 'string';
    if (isChatting || stored.isOpen === true) this.load(root, false, isChatting && stored.isOpen === true);
    else void this.invite(root, lang);
  }

  /** The proactive invitation (src/invitation.ts): a small card above the launcher, never modal. */
  private async invite(root: ShadowRoot, lang: WidgetLang): Promise<void> {
    const isBusy = () =>
      this.hasAttribute('open') || typeof saved().conversation?.conversationId === 'string';
    // The polite live region is in place before its words, so that they are read out when
    // they appear; focus stays where the visitor has it.
    const card = h('div', { role: 'status', 'aria-live': 'polite', 'aria-label': this.text.invite });
    this.wrapper.prepend(card);
    const rule = await dueInvitation(serviceOrigin, lang, isBusy);
    if (!rule) {
      card.remove();
      return;
    }
    addStyles(root, inviteStyles);
    const yes = h('button', { type: 'button', class: 'yes' }, this.text.inviteYes);
    const no = h('button', { type: 'button' }, this.text.inviteNo);
    const end = (event: 'accepted' | 'dismissed' | null): void => {
      card.remove();
      document.removeEventListener('keydown', onKey);
      this.launcher.removeEventListener('click', onLauncher);
      if (event) countInvitation(serviceOrigin, rule.id, event);
    };
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return;
      // Focus was on the invitation: put it where the visitor can carry on, on the launcher.
      const hadFocus = this.shadowRoot?.activeElement;
      end('dismissed');
      if (hadFocus) this.launcher.focus();
    };
    const onLauncher = (): void => end(null);
    yes.addEventListener('click', () => {
      end('accepted');
      this.launcher.click();
    });
    no.addEventListener('click', () => {
      end('dismissed');
      this.launcher.focus();
    });
    document.addEventListener('keydown', onKey);
    this.launcher.addEventListener('click', onLauncher);
    card.className = 'invite';
    card.append(h('p', {}, rule.message), yes, no);
    countInvitation(serviceOrigin, rule.id, 'shown');
  }

  /** Loads the chat and hands over; `open` when the visitor pressed the launcher. */
  private load(root: ShadowRoot, open: boolean, reportsFailure = open): void {
    if (this.state === 'mounted') return;
    this.reportsFailure ||= reportsFailure;
    if (open) {
      this.wantsOpen = true;
      this.launcher.setAttribute('aria-busy', 'true');
      this.showError(false);
    }
    if (this.state === 'loading') return;
    this.state = 'loading';
    loadChat().then(
      (chat) => {
        this.state = 'mounted';
        this.launcher.removeAttribute('aria-busy');
        this.showError(false);
        // Focus moves into the panel as on a press, unless the visitor went elsewhere meanwhile.
        const active = document.activeElement;
        chat.mount({
          host: this,
          root,
          wrapper: this.wrapper,
          launcher: this.launcher,
          serviceOrigin,
          provider,
          open: this.wantsOpen,
          moveFocus: this.wantsOpen && (!active || active === this || active === document.body),
        });
      },
      () => {
        this.state = 'idle';
        this.launcher.removeAttribute('aria-busy');
        if (this.reportsFailure) this.showError(true);
        this.wantsOpen = false;
        this.reportsFailure = false;
      },
    );
  }

  private showError(show: boolean): void {
    this.error.textContent = show ? this.text.loadFailed : '';
    this.error.hidden = !show;
    if (show) this.launcher.setAttribute('aria-describedby', this.error.id);
    else this.launcher.removeAttribute('aria-describedby');
  }
}

if (!customElements.get('opintori-chat')) customElements.define('opintori-chat', OpinToriChatLauncher);
// A page that only has the script tag gets the element added for it (once the body exists:
// an async script in <head> may run before it does).
function addElement(): void {
  if (!script || document.querySelector('opintori-chat')) return;
  const element = document.createElement('opintori-chat');
  if (script.dataset.provider) element.dataset.provider = script.dataset.provider;
  document.body.append(element);
}
if (document.body) addElement();
else document.addEventListener('DOMContentLoaded', addElement, { once: true });
