// The little the loader (/widget.js) needs to draw the launcher before the chat is loaded.
// Kept apart from messages.ts so that the loader does not carry every text of the chat.

export type WidgetLang = 'fi' | 'sv' | 'en';
export const widgetLangs: WidgetLang[] = ['fi', 'sv', 'en'];

/**
 * The launcher's label, what it says when the chat could not be loaded, and the proactive
 * invitation's buttons (the invitation's own words come from the service's rule).
 */
export const launcherText: Record<
  WidgetLang,
  { open: string; loadFailed: string; invite: string; inviteYes: string; inviteNo: string }
> = {
  fi: {
    open: 'Kysy ohjaajalta',
    loadFailed: 'Chatin lataaminen epäonnistui. Yritä uudelleen painamalla painiketta.',
    invite: 'Kutsu chattiin',
    inviteYes: 'Aloita keskustelu',
    inviteNo: 'Ei kiitos',
  },
  sv: {
    open: 'Fråga en vägledare',
    loadFailed: 'Chatten kunde inte laddas. Försök igen genom att trycka på knappen.',
    invite: 'Inbjudan till chatten',
    inviteYes: 'Börja chatta',
    inviteNo: 'Nej tack',
  },
  en: {
    open: 'Ask a counsellor',
    loadFailed: 'The chat could not be loaded. Press the button to try again.',
    invite: 'Invitation to chat',
    inviteYes: 'Start a chat',
    inviteNo: 'No thanks',
  },
};

/** The page's language, from <html lang>, reduced to one the widget speaks (Finnish otherwise). */
export function pageLang(doc: Document): WidgetLang {
  const base = (doc.documentElement.lang || 'fi').toLowerCase().split('-')[0];
  return base === 'sv' || base === 'en' ? base : 'fi';
}
