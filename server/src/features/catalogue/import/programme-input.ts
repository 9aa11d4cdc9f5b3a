import { createHash } from 'node:crypto';
import type {
  LocalText,
  QualificationType,
  StudyForm,
  SupportKind,
  TeachingTime,
} from '../catalogue-vocabulary.js';
import type { ProgrammeApplication, ProgrammeCost } from '../programme.table.js';

/** One programme as read from a file, before it is matched to a provider and stored. */
export interface ProgrammeInput {
  /** Where it came from, for the report: an OID or `file.csv:12`. */
  ref: string;
  externalId: string;
  providerSlug?: string;
  providerOids: string[];
  name: LocalText;
  summary: LocalText;
  description: LocalText;
  qualificationType: QualificationType;
  field: string | null;
  qualificationCode: string | null;
  studyForms: StudyForm[];
  municipalities: string[];
  onlineOnly: boolean;
  languages: string[];
  teachingTimes: TeachingTime[];
  continuousStart: boolean;
  startDates: string[];
  application: ProgrammeApplication;
  applicationUrl: LocalText;
  durationMonths: number | null;
  cost: ProgrammeCost;
  support: SupportKind[];
  url: string | null;
  sourceUpdatedAt: string | null;
}

export interface Rejection {
  ref: string;
  /** The programme's id when the row had one: a rejected row does not count as vanished. */
  externalId?: string;
  reason: string;
}

export interface ImportWarning {
  ref: string;
  message: string;
}

export interface ParsedFile {
  source: 'opintopolku' | 'csv';
  programmes: ProgrammeInput[];
  rejected: Rejection[];
  warnings: ImportWarning[];
}

/** A problem with the whole input: nothing of it is imported. */
export class ImportFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A problem with one programme: it is left out and named in the report. */
export class RowError extends Error {}

const MAX_TEXT = { name: 300, summary: 1000, description: 10_000 } as const;

/** Trims texts, drops empty languages, and caps lengths. */
export function cleanText(text: LocalText, max: number): LocalText {
  const out: LocalText = {};
  for (const lang of ['fi', 'sv', 'en'] as const) {
    const value = text[lang]?.replace(/[ \t]+\n/g, '\n').trim();
    if (value) out[lang] = value.length > max ? `${value.slice(0, max - 1).trimEnd()}…` : value;
  }
  return out;
}

export function checkProgramme(input: ProgrammeInput): ProgrammeInput {
  const name = cleanText(input.name, MAX_TEXT.name);
  if (!name.fi && !name.sv && !name.en)
    throw new RowError('the programme has no name in Finnish, Swedish or English');
  if (!input.externalId.trim()) throw new RowError('the programme has no id');
  if (input.externalId.length > 200) throw new RowError('the id is longer than 200 characters');
  return {
    ...input,
    name,
    summary: cleanText(input.summary, MAX_TEXT.summary),
    description: cleanText(input.description, MAX_TEXT.description),
    languages: input.languages.length > 0 ? [...new Set(input.languages)] : ['fi'],
    studyForms: [...new Set(input.studyForms)],
    municipalities: [...new Set(input.municipalities)].sort(),
    support: [...new Set(input.support)],
    teachingTimes: [...new Set(input.teachingTimes)],
    startDates: [...new Set(input.startDates)].sort(),
  };
}

/** A stable digest of everything stored, so that a re-import can say "unchanged". */
export function contentHash(input: ProgrammeInput): string {
  const { ref: _ref, providerSlug: _slug, providerOids: _oids, ...stored } = input;
  return createHash('sha256').update(JSON.stringify(stored)).digest('hex').slice(0, 32);
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
/** `2027-01-12` → itself; anything else is a row error. */
export function parseDate(value: string, what: string): string {
  const trimmed = value.trim();
  if (!isoDate.test(trimmed) || Number.isNaN(Date.parse(`${trimmed}T00:00:00Z`))) {
    throw new RowError(`${what} "${value.slice(0, 40)}" is not a date (YYYY-MM-DD)`);
  }
  return trimmed;
}

const helsinki = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Helsinki',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function helsinkiOffsetMs(utcMs: number): number {
  const parts = Object.fromEntries(helsinki.formatToParts(new Date(utcMs)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(
    +parts.year!,
    +parts.month! - 1,
    +parts.day!,
    +parts.hour!,
    +parts.minute!,
    +parts.second!,
  );
  return asUtc - utcMs;
}

/**
 * A timestamp as Opintopolku gives it: `2026-11-02T08:00` is Finnish local time; with `Z` or
 * an offset it is taken as given; a bare date is the start of that day in Finland.
 */
export function parseTimestamp(value: string, what: string): string {
  const trimmed = value.trim();
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$/.exec(trimmed);
  if (local) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = local;
    const guess = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s);
    if (Number.isNaN(guess) || +mo! > 12 || +d! > 31)
      throw new RowError(`${what} "${trimmed}" is not a valid time`);
    const first = guess - helsinkiOffsetMs(guess);
    return new Date(guess - helsinkiOffsetMs(first)).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  throw new RowError(`${what} "${trimmed.slice(0, 40)}" is not a valid time`);
}

export function safeUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (!trimmed) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}
