import { redirect } from '@sveltejs/kit';
import { negotiateLang } from '$lib/i18n/i18n';
import type { RequestHandler } from './$types';

/** `/` sends the visitor to their language's front page (Finnish when nothing matches). */
export const GET: RequestHandler = ({ request, setHeaders }) => {
  setHeaders({ vary: 'Accept-Language', 'cache-control': 'no-cache' });
  redirect(302, `/${negotiateLang(request.headers.get('accept-language'))}`);
};
