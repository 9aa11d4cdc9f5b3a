/**
 * The languages of guidance: any language at least one active counsellor lists in their
 * profile (fi, sv and en, and in the demo also ar, uk, ru and so), each named in its own
 * language for the client to find ("العربية", "українська"). The service's own texts — pages,
 * the widget's labels, mails — stay in Finnish, Swedish or English (`uiLanguageOf`).
 */
import { sql } from 'kysely';
import type { Db } from '../db/database-types.js';
import { AppError } from '../errors.js';
import { chatLanguages, type ChatLanguage } from './vocabulary.js';

/** A language code as the API takes it: ISO 639-1, or 639-3 where there is no shorter code. */
export const languageCodePattern = /^[a-z]{2,3}$/;

/** The languages some active counsellor guides in: fi, sv, en first, then by code. */
export async function offeredLanguages(db: Db): Promise<string[]> {
  const { rows } = await sql<{ code: string }>`
    select distinct unnest(languages) as code from staff
    where is_active and role in ('counsellor', 'org_admin', 'admin')`.execute(db);
  const codes = rows.map((r) => r.code).filter((c) => languageCodePattern.test(c));
  const first = chatLanguages.filter((c) => codes.includes(c));
  return [...first, ...codes.filter((c) => !first.includes(c as ChatLanguage)).sort()];
}

/** A language's name in that language ("العربية" for ar); the code when the runtime does not know it. */
export function ownLanguageName(code: string): string {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language', fallback: 'none' }).of(code);
    return name ?? code;
  } catch {
    return code;
  }
}

/** Refuses a language no active counsellor speaks: 400 with the languages that are offered. */
export async function checkOfferedLanguage(db: Db, code: string, field = 'language'): Promise<void> {
  refuseUnoffered(code, await offeredLanguages(db), field);
}

/** The same check against a list already read (the chat status carries it). */
export function refuseUnoffered(code: string, allowed: string[], field = 'language'): void {
  if (!allowed.includes(code)) {
    throw new AppError('language.not_offered', 400, `${field}: no counsellor guides in "${code}"`, {
      field,
      allowed,
    });
  }
}

/** True for the languages the service's own texts are in: fi, sv and en. */
export const isUiLanguage = (code: string | null | undefined): code is ChatLanguage =>
  (chatLanguages as readonly string[]).includes(code ?? '');

/** The service's language for texts to someone guided in `code`: itself if fi/sv/en, else English. */
export function uiLanguageOf(code: string | null | undefined): ChatLanguage {
  return isUiLanguage(code) ? code : 'en';
}
