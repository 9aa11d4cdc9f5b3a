import { redirect, type Cookies } from '@sveltejs/kit';
import { isProgrammeId } from '$server/features/catalogue/catalogue-vocabulary';

/**
 * The shortlist lives in the visitor's browser only: a cookie of programme ids, read and
 * written by the server so that it works without JavaScript. No account, nothing stored.
 */
export const SHORTLIST_COOKIE = 'opintori_shortlist';
export const SHORTLIST_MAX = 20;

export function readShortlist(cookies: Cookies): string[] {
  const raw = cookies.get(SHORTLIST_COOKIE) ?? '';
  return [...new Set(raw.split('.').filter(isProgrammeId))].slice(0, SHORTLIST_MAX);
}

export function writeShortlist(cookies: Cookies, ids: string[]): void {
  cookies.set(SHORTLIST_COOKIE, ids.slice(0, SHORTLIST_MAX).join('.'), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: false,
    maxAge: 60 * 60 * 24 * 180,
  });
}

/**
 * The form action shared by the catalogue pages: add or remove one programme, then back to
 * the same address (filters kept) at the same card.
 */
export async function toggleShortlist(request: Request, cookies: Cookies, url: URL): Promise<never> {
  const form = await request.formData();
  const id = String(form.get('id') ?? '');
  if (isProgrammeId(id)) {
    const current = readShortlist(cookies);
    const next = form.get('remove') ? current.filter((x) => x !== id) : [...new Set([...current, id])];
    writeShortlist(cookies, next);
  }
  const back = new URLSearchParams([...url.searchParams].filter(([key]) => !key.startsWith('/')));
  redirect(303, `${url.pathname}${back.size ? `?${back}` : ''}${isProgrammeId(id) ? `#p-${id}` : ''}`);
}
