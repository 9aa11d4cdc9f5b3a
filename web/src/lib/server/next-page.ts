/** Where to go after signing in: a console page from the `next` parameter, never another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/console') && !next.startsWith('//') ? next : '/console';
}
