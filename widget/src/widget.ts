import { messages, pageLang } from './messages';

/**
 * <opintori-chat>: the embeddable entry point to OpinTori's guidance channels. It renders in a
 * shadow root so the host site's styles cannot break it, and links to the service's front page
 * in the page's language. The live chat itself attaches to this element.
 */
class OpinToriChat extends HTMLElement {
  static serviceOrigin = '';

  connectedCallback(): void {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    const lang = pageLang(document);
    const text = messages[lang];
    const style = document.createElement('style');
    style.textContent = `
      :host { position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483000; font-family: system-ui, sans-serif; }
      a { display: inline-block; padding: 0.75rem 1.1rem; border-radius: 999px; background: #0b4f71; color: #fff;
          font-weight: 600; text-decoration: none; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
      a:hover { background: #083a54; }
      a:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
    `;
    const link = document.createElement('a');
    link.href = `${OpinToriChat.serviceOrigin}/${lang}`;
    link.textContent = text.open;
    link.setAttribute('aria-label', `${text.open} – ${text.label}`);
    link.lang = lang;
    root.append(style, link);
  }
}

const script = document.currentScript as HTMLScriptElement | null;
OpinToriChat.serviceOrigin = script ? new URL(script.src).origin : window.location.origin;
if (!customElements.get('opintori-chat')) customElements.define('opintori-chat', OpinToriChat);
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
