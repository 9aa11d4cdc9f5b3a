// How the loader (/widget.js) and the chat (/widget-chat.js) meet. The loader defines
// <opintori-chat> with its launcher; the chat script, once loaded, puts `window.OpinToriChat`
// in place and the loader's element hands itself over with mount().

/** Bumped when what mount() takes changes, so that a loader never drives a chat it does not know. */
export const HANDOVER_VERSION = 1;

export interface Handover {
  /** The <opintori-chat> element; its data-provider wins over the script tag's. */
  host: HTMLElement;
  /** Its shadow root, with the launcher's stylesheet adopted. */
  root: ShadowRoot;
  /** Holds the launcher: the chat puts its panel before it and its live region after it. */
  wrapper: HTMLElement;
  launcher: HTMLButtonElement;
  serviceOrigin: string;
  /** The script tag's data-provider. */
  provider: string;
  /** The visitor pressed the launcher while the chat was loading: open the panel. */
  open: boolean;
  /** ...and move focus into it, as a press on the launcher does (focus is still on the launcher). */
  moveFocus: boolean;
}

export interface ChatModule {
  version: number;
  mount(handover: Handover): void;
}

declare global {
  interface Window {
    OpinToriChat?: ChatModule;
  }
}
