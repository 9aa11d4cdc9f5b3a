import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import type { SearchSource } from '../self-help/self-help.table.js';

/** Logged queries are kept this long for the editors' insight, then deleted. */
export const SEARCH_LOG_RETENTION_DAYS = 90;
const QUERY_MAX_LENGTH = 200;

// What a visitor may type into a search box about themselves. Each is replaced by a marker
// before anything is stored, so the log holds no way to reach or identify a person.
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// Finnish personal identity code: DDMMYY, a century sign, a three-digit number and a check character.
const IDENTITY_CODE = /\b[0-3]\d[01]\d{3}[-+A-FU-Y][0-9]{3}[0-9A-Y]\b/gi;
// A phone number: an optional +, then at least six digits with spaces, dashes, dots or brackets between.
const PHONE = /(?:\+|\b)\d(?:[\s().-]*\d){5,}/g;
// Any other run of five or more digits: a customer, account or case number could point to a person.
const LONG_NUMBER = /\d{5,}/g;

/** The query as it may be stored: contact details and identity codes removed, lower case, trimmed. */
export function scrubQuery(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(EMAIL, ' [email] ')
    .replace(IDENTITY_CODE, ' [id] ')
    .replace(PHONE, ' [phone] ')
    .replace(LONG_NUMBER, ' [number] ')
    .toLocaleLowerCase('fi')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, QUERY_MAX_LENGTH);
}

export interface SearchLogEntry {
  source: SearchSource;
  lang: string;
  query: string;
  results: number;
  clicked?: string | null;
}

/** Stores one search (scrubbed); nothing for an empty query. Returns the log row's id. */
export async function logSearchQuery(db: Db, entry: SearchLogEntry): Promise<string | null> {
  const query = scrubQuery(entry.query);
  if (query.length === 0) return null;
  const row = await db
    .insertInto('search_queries')
    .values({
      source: entry.source,
      lang: entry.lang.slice(0, 10),
      query,
      results: Math.max(0, Math.trunc(entry.results)),
      clicked: entry.clicked ?? null,
      clicked_at: entry.clicked ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Records what was opened from a logged search (the first click counts). */
export async function recordSearchClick(db: Db, id: string, clicked: string): Promise<boolean> {
  const result = await db
    .updateTable('search_queries')
    .set({ clicked, clicked_at: new Date() })
    .where('id', '=', id)
    .where('clicked', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes logged searches older than their retention; returns how many. */
export async function purgeSearchLog(db: Db, now = new Date()): Promise<number> {
  const result = await db
    .deleteFrom('search_queries')
    .where(
      'created_at',
      '<',
      sql<Date>`${now}::timestamptz - make_interval(days => ${SEARCH_LOG_RETENTION_DAYS})`,
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
