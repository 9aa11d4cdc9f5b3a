import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Contact requests are conversations of the inbox (/console/inbox) now; old links and bookmarks land there. */
export const GET: RequestHandler = () => redirect(301, '/console/inbox?channel=web_form');
