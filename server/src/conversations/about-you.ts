/**
 * "About you": the anonymous client group and home municipality a client may give on any
 * channel, or a counsellor may note when closing a contact. Stored as codes only — the age
 * band, the situation and Statistics Finland's municipality code — never as free text, and
 * never required: a value outside the lists is left out with a warning in the answer, and the
 * contact is stored all the same.
 */
import { z } from 'zod';
import type { Db } from '../db/database-types.js';
import { municipalities, municipalityByCode, type UrbanRuralClass } from '../shared/municipalities.js';
import {
  clientAgeBands,
  clientSituations,
  type ClientAgeBand,
  type ClientSituation,
} from './conversation.table.js';

/** What a request may carry: strings, checked leniently (a wrong value is a warning, not a 400). */
export const aboutYouSchema = z
  .object({
    ageBand: z.string().trim().max(40).nullish(),
    situation: z.string().trim().max(40).nullish(),
    municipality: z.string().trim().max(40).nullish(),
  })
  .describe('Optional and anonymous: age band, situation and home municipality (a three-digit code)');
export type AboutYouInput = z.infer<typeof aboutYouSchema>;

/** A value the server left out, and why. */
export const inputWarningSchema = z.object({ field: z.string(), code: z.string() });
export type InputWarning = z.infer<typeof inputWarningSchema>;

/** The codes as stored on a conversation. */
export interface AboutYou {
  clientAgeBand: ClientAgeBand | null;
  clientSituation: ClientSituation | null;
  clientMunicipality: string | null;
}

export const noAboutYou: AboutYou = { clientAgeBand: null, clientSituation: null, clientMunicipality: null };

const isAgeBand = (v: string): v is ClientAgeBand => (clientAgeBands as readonly string[]).includes(v);
const isSituation = (v: string): v is ClientSituation => (clientSituations as readonly string[]).includes(v);

/** A known municipality's code from `564`, `kunta_564` or `91`; null otherwise. */
export function municipalityCode(value: string): string | null {
  const digits = /^(?:kunta_)?(\d{1,3})$/.exec(value)?.[1];
  if (!digits) return null;
  const code = digits.padStart(3, '0');
  return municipalityByCode(code) ? code : null;
}

/**
 * Reads what was given: empty means not given; a value outside the lists is dropped with a
 * warning naming its field (`about.ageBand` …).
 */
export function readAboutYou(
  input: AboutYouInput | null | undefined,
  prefix = 'about',
): { about: AboutYou; warnings: InputWarning[] } {
  const warnings: InputWarning[] = [];
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const about = { ...noAboutYou };
  const ageBand = input?.ageBand || '';
  if (ageBand) {
    if (isAgeBand(ageBand)) about.clientAgeBand = ageBand;
    else warnings.push({ field: at('ageBand'), code: 'about.unknown_age_band' });
  }
  const situation = input?.situation || '';
  if (situation) {
    if (isSituation(situation)) about.clientSituation = situation;
    else warnings.push({ field: at('situation'), code: 'about.unknown_situation' });
  }
  const municipality = input?.municipality || '';
  if (municipality) {
    const code = municipalityCode(municipality);
    if (code) about.clientMunicipality = code;
    else warnings.push({ field: at('municipality'), code: 'about.unknown_municipality' });
  }
  return { about, warnings };
}

/** True when nothing was given. */
export const isEmptyAboutYou = (a: AboutYou) =>
  !a.clientAgeBand && !a.clientSituation && !a.clientMunicipality;

/**
 * Stores what was given on a conversation; what was not given is left as it was (a client's
 * later answer or a counsellor's note fills in, never erases).
 */
export async function storeAboutYou(db: Db, conversationId: string, about: AboutYou): Promise<void> {
  if (isEmptyAboutYou(about)) return;
  await db
    .updateTable('conversations')
    .set({
      ...(about.clientAgeBand ? { client_age_band: about.clientAgeBand } : {}),
      ...(about.clientSituation ? { client_situation: about.clientSituation } : {}),
      ...(about.clientMunicipality ? { client_municipality: about.clientMunicipality } : {}),
    })
    .where('id', '=', conversationId)
    .execute();
}

/** The region class of a home municipality: Statistics Finland's grouping, or unknown. */
export function regionClassOf(code: string | null | undefined): UrbanRuralClass | 'unknown' {
  return (code && municipalityByCode(code)?.urbanRural) || 'unknown';
}

/** The choices the widget and the forms offer, names in the reader's language (fi or sv). */
export function aboutYouOptions(lang: string) {
  return {
    ageBands: [...clientAgeBands],
    situations: [...clientSituations],
    municipalities: municipalities
      .map((m) => ({ code: m.code, name: lang === 'sv' ? m.sv : m.fi, inRegion: m.region !== 'other' }))
      .sort((a, b) => Number(b.inRegion) - Number(a.inRegion) || a.name.localeCompare(b.name, lang)),
  };
}
