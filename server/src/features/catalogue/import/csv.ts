import { CsvError, parse } from 'csv-parse/sync';
import {
  applicationMethods,
  isFieldCode,
  qualificationTypes,
  studyForms,
  supportKinds,
  teachingTimes,
  type ApplicationMethod,
  type LocalText,
  type QualificationType,
  type StudyForm,
  type SupportKind,
  type TeachingTime,
} from '../catalogue-vocabulary.js';
import { findMunicipality } from '../../../shared/municipalities.js';
import type { ApplicationPeriod } from '../programme.table.js';
import {
  checkProgramme,
  ImportFileError,
  parseDate,
  parseTimestamp,
  RowError,
  safeUrl,
  type ImportWarning,
  type ParsedFile,
  type ProgrammeInput,
  type Rejection,
} from './programme-input.js';

export const csvColumns = [
  'external_id',
  'provider',
  'name_fi',
  'name_sv',
  'name_en',
  'summary_fi',
  'summary_sv',
  'summary_en',
  'description_fi',
  'description_sv',
  'description_en',
  'qualification_type',
  'field',
  'qualification_code',
  'study_forms',
  'municipalities',
  'languages',
  'teaching_times',
  'start',
  'application_method',
  'application_periods',
  'application_url',
  'url',
  'duration_months',
  'cost_eur',
  'cost_note_fi',
  'cost_note_sv',
  'cost_note_en',
  'support',
  'updated_at',
] as const;
type Column = (typeof csvColumns)[number];
const requiredColumns: Column[] = ['external_id', 'qualification_type'];

/**
 * RFC 4180 records read by csv-parse, each with the line it starts on (for row references):
 * quoted fields may hold the delimiter, doubled quotes and line breaks (`\r\n`, `\n` or `\r`);
 * a quote inside an unquoted field is kept as written; rows may differ in length (the caller
 * reports them); blank lines are skipped.
 */
export function parseCsvRecords(
  text: string,
  delimiter: string,
  fileName: string,
): { line: number; fields: string[] }[] {
  // A record starts on the line after the previous one ended, past the blank lines csv-parse
  // skipped in between, and ends as many lines further as its quoted fields hold line feeds.
  // (csv-parse's own line count takes a quoted \r\n for two lines.)
  let previous = { end: 0, emptyLines: 0 };
  const startLine = (at: { empty_lines: number }) => previous.end + 1 + at.empty_lines - previous.emptyLines;
  const lines: number[] = [];
  try {
    const records = parse(text, {
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (fields: string[], info) => {
        const start = startLine(info);
        lines.push(start);
        const feeds = fields.reduce((n, field) => n + field.split('\n').length - 1, 0);
        previous = { end: start + feeds, emptyLines: info.empty_lines };
        return fields;
      },
    });
    return records.map((fields, i) => ({ line: lines[i]!, fields }));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = startLine({ empty_lines: Number(error.empty_lines) || 0 });
    throw new ImportFileError(
      'import.malformed_csv',
      error.code === 'CSV_QUOTE_NOT_CLOSED'
        ? `${fileName}: a quoted field starting on line ${line} never ends`
        : `${fileName}: the row on line ${line} cannot be read (${error.message})`,
    );
  }
}

const list = (value: string) =>
  value
    .split('|')
    .map((v) => v.trim())
    .filter(Boolean);

function pick<T extends string>(
  values: string[],
  known: readonly T[],
  what: string,
  warn: (m: string) => void,
): T[] {
  return values.flatMap((value) => {
    const v = value.toLowerCase();
    if ((known as readonly string[]).includes(v)) return [v as T];
    warn(`unknown ${what} "${value.slice(0, 40)}" left out`);
    return [];
  });
}

function number(value: string, what: string): number | null {
  const trimmed = value.trim().replace(',', '.').replace(/\s*€$/, '');
  if (!trimmed) return null;
  const n = Number(trimmed);
  if (!Number.isFinite(n) || n < 0 || n > 100_000)
    throw new RowError(`${what} "${value.slice(0, 20)}" is not a number`);
  return n;
}

export function parseCsv(text: string, fileName: string): ParsedFile {
  const body = text.replace(/^\uFEFF/, '');
  const headerLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = (headerLine.match(/;/g)?.length ?? 0) > (headerLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records = parseCsvRecords(body, delimiter, fileName);
  if (records.length === 0) throw new ImportFileError('import.empty', `${fileName}: the file is empty`);
  const header = records[0]!.fields.map((h) => h.trim().toLowerCase());
  const unknown = header.filter((h) => h && !(csvColumns as readonly string[]).includes(h));
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new ImportFileError(
      'import.csv_header',
      `${fileName}: the header lacks ${missing.join(', ')}${unknown.length ? ` (unknown columns: ${unknown.slice(0, 5).join(', ')})` : ''}; see docs/catalogue-import.md`,
    );
  }
  if (!header.some((h) => h.startsWith('name_'))) {
    throw new ImportFileError(
      'import.csv_header',
      `${fileName}: the header has no name column (name_fi, name_sv or name_en)`,
    );
  }

  const programmes: ProgrammeInput[] = [];
  const rejected: Rejection[] = [];
  const warnings: ImportWarning[] = [];
  if (unknown.length > 0)
    warnings.push({
      ref: `${fileName}:1`,
      message: `unknown columns ignored: ${unknown.slice(0, 10).join(', ')}`,
    });

  for (const { line, fields } of records.slice(1)) {
    const ref = `${fileName}:${line}`;
    if (fields.length !== header.length) {
      rejected.push({ ref, reason: `the row has ${fields.length} fields, the header ${header.length}` });
      continue;
    }
    const get = (column: Column) => {
      const index = header.indexOf(column);
      return index < 0 ? '' : fields[index]!.trim();
    };
    const text3 = (prefix: string): LocalText => ({
      fi: get(`${prefix}_fi` as Column) || undefined,
      sv: get(`${prefix}_sv` as Column) || undefined,
      en: get(`${prefix}_en` as Column) || undefined,
    });
    const warn = (message: string) => warnings.push({ ref, message });
    try {
      const type = get('qualification_type').toLowerCase();
      if (!(qualificationTypes as readonly string[]).includes(type)) {
        throw new RowError(
          `qualification_type "${type.slice(0, 40)}" is not one of ${qualificationTypes.join(', ')}`,
        );
      }
      const field = get('field');
      if (field && !isFieldCode(field.padStart(2, '0')))
        warn(`unknown field "${field.slice(0, 10)}" left out`);
      const code = get('qualification_code');
      if (code && !/^\d{6}$/.test(code))
        warn(`qualification_code "${code.slice(0, 20)}" is not six digits; left out`);

      const forms = pick<StudyForm>(list(get('study_forms')), studyForms, 'study form', warn);
      const places = list(get('municipalities')).flatMap((value) => {
        const m = findMunicipality(value);
        if (!m) warn(`unknown municipality "${value.slice(0, 40)}" left out`);
        return m ? [m.code] : [];
      });
      const start = list(get('start'));
      const continuousStart = start.some((s) => s.toLowerCase() === 'continuous');
      const startDates = start
        .filter((s) => s.toLowerCase() !== 'continuous')
        .map((s) => parseDate(s, 'start'));

      const methods = pick<ApplicationMethod>(
        list(get('application_method')),
        applicationMethods,
        'application method',
        warn,
      );
      const method: ApplicationMethod = methods[0] ?? 'separate';
      const periods: ApplicationPeriod[] = list(get('application_periods')).map((p) => {
        const [from = '', to = ''] = p.split('/');
        const period = {
          method,
          start: parseTimestamp(from, 'application period start'),
          end: to.trim()
            ? parseTimestamp(`${to.trim()}${to.includes('T') ? '' : 'T23:59'}`, 'application period end')
            : null,
        };
        if (period.end && period.end < period.start)
          throw new RowError('an application period ends before it starts');
        return period;
      });
      const applicationUrl = safeUrl(get('application_url'));
      const updated = get('updated_at');

      programmes.push(
        checkProgramme({
          ref,
          externalId: get('external_id'),
          providerSlug: get('provider') || undefined,
          providerOids: [],
          name: text3('name'),
          summary: text3('summary'),
          description: text3('description'),
          qualificationType: type as QualificationType,
          field: field && isFieldCode(field.padStart(2, '0')) ? field.padStart(2, '0') : null,
          qualificationCode: /^\d{6}$/.test(code) ? code : null,
          studyForms: forms,
          municipalities: places,
          onlineOnly: places.length === 0 && forms.length > 0 && forms.every((f) => f === 'online'),
          languages: list(get('languages'))
            .map((l) => l.toLowerCase())
            .filter((l) => /^[a-z]{2,3}$/.test(l)),
          teachingTimes: pick<TeachingTime>(
            list(get('teaching_times')),
            teachingTimes,
            'teaching time',
            warn,
          ),
          continuousStart,
          startDates,
          application: { methods: methods.length ? methods : periods.length ? [method] : [], periods },
          applicationUrl: applicationUrl ? { fi: applicationUrl } : {},
          durationMonths: number(get('duration_months'), 'duration_months'),
          cost: { eur: number(get('cost_eur'), 'cost_eur') || null, note: text3('cost_note') },
          support: pick<SupportKind>(list(get('support')), supportKinds, 'support', warn),
          url: safeUrl(get('url')),
          sourceUpdatedAt: updated ? parseTimestamp(updated, 'updated_at') : null,
        }),
      );
    } catch (error) {
      if (error instanceof RowError)
        rejected.push({ ref, externalId: get('external_id') || undefined, reason: error.message });
      else throw error;
    }
  }
  return { source: 'csv', programmes, rejected, warnings };
}
