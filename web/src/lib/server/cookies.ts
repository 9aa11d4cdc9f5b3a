/** The console's UI language, chosen by the staff member (public pages take it from the URL). */
export const CONSOLE_LANG_COOKIE = 'opintori_console_lang';
