import type { Db } from '../db/database-types.js';
import { AppError } from '../errors.js';

/** Where the chat was started: origin and path only, never the query (it may hold personal data). */
export function cleanSourcePage(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return (url.origin + url.pathname).slice(0, 500);
  } catch {
    return null;
  }
}

/** An active provider by its slug; undefined for an unknown or inactive one. */
export function selectActiveProvider(db: Db, slug: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'slug', 'name_fi', 'name_sv', 'name_en', 'allowed_origins'])
    .where('slug', '=', slug)
    .where('is_active', '=', true)
    .executeTakeFirst();
}

/** An active provider by slug; unknown or inactive ones are refused (400 chat.provider_not_found). */
export async function findProvider(db: Db, slug: string | undefined) {
  if (!slug) return undefined;
  const provider = await selectActiveProvider(db, slug);
  if (!provider) throw new AppError('chat.provider_not_found', 400, `No active provider "${slug}"`);
  return provider;
}
