import { sql, type Selectable } from 'kysely';
import type { Db } from '../../db/database-types.js';
import type { SsoProviderTable } from './auth.table.js';

export const emailDomain = (email: string) => email.trim().toLowerCase().split('@').pop() ?? '';

/** The active identity provider that vouches for an email's domain, if any. */
export async function providerForEmail(
  db: Db,
  email: string,
): Promise<Selectable<SsoProviderTable> | undefined> {
  const domain = emailDomain(email);
  if (!domain) return undefined;
  return db
    .selectFrom('sso_providers')
    .selectAll()
    .where('is_active', '=', true)
    .where(sql<boolean>`${domain} = any(domains)`)
    .executeTakeFirst();
}

/** Plain HTTP only for an identity provider on this machine (development and the tests). */
export function isLoopbackHttp(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
