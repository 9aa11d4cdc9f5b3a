import { configuredOrigin } from './public-origin';

/** The console's UI language, chosen by the staff member (public pages take it from the URL). */
export const CONSOLE_LANG_COOKIE = 'opintori_console_lang';

/** For a minute after signing out of a session that came from an identity provider: its own sign-out address. */
export const IDP_LOGOUT_COOKIE = 'opintori_idp_logout';

/**
 * The attributes of the console's cookies, the same as the API's session cookie: HttpOnly,
 * SameSite=Lax, path /, and Secure when PUBLIC_URL is https (behind a TLS-terminating proxy the
 * request itself may arrive over plain HTTP); without PUBLIC_URL, when the page was https.
 */
export function consoleCookieAttributes(url: URL) {
  const origin = configuredOrigin();
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: origin ? origin.startsWith('https://') : url.protocol === 'https:',
  };
}
