import { stringify } from 'csv-stringify/sync';
import { AppError } from '../../errors.js';
import type { FunderReport } from './funder-report.service.js';
import type { Report } from './report.service.js';

export type Cell = string | number | null;
export interface Table {
  columns: string[];
  rows: Cell[][];
}

/** The delimiter: a semicolon, as Excel expects in Finnish and Swedish locales. */
export const CSV_DELIMITER = ';';

/**
 * A cell that a spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage
 * return) gets a leading apostrophe, so it stays text.
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * RFC 4180 CSV by csv-stringify: CRLF, a UTF-8 byte order mark for Excel, every cell
 * neutralised, and quoted where it holds a quote, the delimiter, a line break or a comma (a comma
 * too, for spreadsheets that guess the delimiter).
 */
export function toCsv(table: Table): string {
  return stringify([table.columns, ...table.rows], {
    bom: true,
    delimiter: CSV_DELIMITER,
    record_delimiter: '\r\n',
    quote_record_delimiter: true,
    quoted_match: /,/,
    cast: { number: (value) => neutralise(String(value)), string: neutralise },
  });
}

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Every table of the report, by the name its CSV is downloaded under. */
export function reportTables(report: Report): Record<string, Table> {
  const counts = (name: string, items: { key: string; count: number }[]): Table => ({
    columns: [name, 'contacts'],
    rows: items.map((i) => [i.key, i.count]),
  });
  const timing = (items: Report['firstResponse']): Table => ({
    columns: ['channel', 'contacts', 'p50_seconds', 'p90_seconds'],
    rows: items.map((t) => [t.channel, t.count, t.p50, t.p90]),
  });
  const tables: Record<string, Table> = {
    channels: counts('channel', report.byChannel),
    topics: counts('topic', report.byTopic),
    languages: counts('language', report.byLanguage),
    providers: {
      columns: ['provider_id', 'provider', 'contacts'],
      rows: report.byProvider.map((p) => [p.key, p.name, p.count]),
    },
    'age-bands': counts('age_band', report.byAgeBand),
    situations: counts('situation', report.bySituation),
    heatmap: {
      columns: ['weekday', ...Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'))],
      rows: report.heatmap.map((hours, d) => [weekdays[d]!, ...hours]),
    },
    'first-response': timing(report.firstResponse),
    handling: timing(report.handling),
    abandoned: {
      columns: ['chats', 'abandoned_in_queue', 'share'],
      rows: [
        [
          report.abandoned.chats,
          report.abandoned.abandoned,
          report.abandoned.share === null ? null : report.abandoned.share.toFixed(3),
        ],
      ],
    },
    satisfaction: {
      columns: ['score', 'responses'],
      rows: [
        ...report.satisfaction.counts.map((n, i): Cell[] => [i + 1, n]),
        ['mean', report.satisfaction.mean],
      ],
    },
    articles: {
      columns: ['article', 'language', 'title', 'helpful', 'not_helpful'],
      rows: report.articles.map((a) => [a.key, a.lang, a.title, a.yes, a.no]),
    },
    finder: { columns: ['finder_uses'], rows: [[report.finder.used]] },
    invitations: {
      columns: ['rule_id', 'rule', 'shown', 'accepted', 'dismissed'],
      rows: report.invitations.map((r) => [r.rule, r.name, r.shown, r.accepted, r.dismissed]),
    },
    events: {
      columns: ['event_id', 'event', 'starts_at', 'contacts'],
      rows: report.events.map((e) => [e.id, e.title, e.startsAt, e.count]),
    },
    'self-help': {
      columns: ['entry_point', 'answered_by_self_help', 'went_on_to_chat', 'share_answered'],
      rows: report.selfHelp.byEntry.map((e) => [
        e.entry,
        e.answered,
        e.chat,
        e.share === null ? null : e.share.toFixed(3),
      ]),
    },
    'guide-chats': {
      columns: ['guide', 'title', 'contacts'],
      rows: report.selfHelp.chatsAfterGuide.map((g) => [g.key, g.title, g.count]),
    },
    'region-classes': {
      columns: ['region_class', 'contacts'],
      rows: report.geography.byRegionClass.map((r) => [r.key, r.count]),
    },
    municipalities: {
      columns: ['municipality_code', 'municipality', 'region_class', 'contacts'],
      rows: report.geography.byMunicipality.map((m) => [m.code, m.name, m.regionClass, m.count]),
    },
    'rural-share': {
      columns: ['month', 'contacts_with_municipality', 'from_rural', 'rural_share'],
      rows: report.geography.ruralShare.map((r) => [
        r.month,
        r.known,
        r.rural,
        r.share === null ? null : r.share.toFixed(3),
      ]),
    },
    'group-sessions': {
      columns: ['format', 'sessions', 'places', 'registered', 'waiting', 'cancelled', 'attended'],
      rows: [
        ...report.groupSessions.byFormat.map((r): Cell[] => [
          r.format,
          r.events,
          r.capacity,
          r.registered,
          r.waiting,
          r.cancelled,
          r.attended,
        ]),
        [
          'total',
          report.groupSessions.events,
          report.groupSessions.capacity,
          report.groupSessions.registered,
          report.groupSessions.waiting,
          report.groupSessions.cancelled,
          report.groupSessions.attended,
        ],
      ],
    },
    cards: {
      columns: ['provider_id', 'provider', 'cards'],
      rows: report.selfHelp.cardsByProvider.map((p) => [p.key, p.name, p.count]),
    },
  };
  if (report.selfHelp.cardsByStaff) {
    tables['cards-staff'] = {
      columns: ['staff_id', 'counsellor', 'cards'],
      rows: report.selfHelp.cardsByStaff.map((s) => [s.key, s.name, s.count]),
    };
  }
  if (report.byStaff) {
    tables.staff = {
      columns: ['staff_id', 'counsellor', 'contacts'],
      rows: report.byStaff.map((s) => [s.key, s.name, s.count]),
    };
  }
  return tables;
}

export const reportTableNames = [
  'channels',
  'topics',
  'languages',
  'providers',
  'age-bands',
  'situations',
  'staff',
  'heatmap',
  'first-response',
  'handling',
  'abandoned',
  'satisfaction',
  'articles',
  'finder',
  'invitations',
  'events',
  'self-help',
  'guide-chats',
  'cards',
  'cards-staff',
  'region-classes',
  'municipalities',
  'rural-share',
] as const;

/** One table of the report; per-counsellor figures only for those who may see them. */
export function reportTable(report: Report, name: string): Table {
  const table = reportTables(report)[name];
  if (!table) {
    if (name === 'staff' || name === 'cards-staff') {
      throw new AppError('report.forbidden', 403, 'Per-counsellor figures are for admins');
    }
    throw new AppError('report.no_table', 404, 'No such report table');
  }
  return table;
}

/** The funder report's contacts by the urban–rural class of the home municipality. */
export function funderRegionTable(report: FunderReport): Table {
  return {
    columns: ['period', 'region_class', 'channel', 'contacts'],
    rows: report.regions.map((r): Cell[] => [r.period, r.regionClass, r.channel, r.count]),
  };
}

/** The funder report's group sessions per period and format. */
export function funderGroupSessionTable(report: FunderReport): Table {
  return {
    columns: ['period', 'format', 'sessions', 'registered', 'attended'],
    rows: report.groupSessions.map((g): Cell[] => [g.period, g.format, g.sessions, g.registered, g.attended]),
  };
}

export function funderTable(report: FunderReport): Table {
  return {
    columns: ['period', 'age_band', 'situation', 'channel', 'contacts'],
    rows: [
      ...report.rows.map((r): Cell[] => [r.period, r.ageBand, r.situation, r.channel, r.count]),
      ...report.totals.map((t): Cell[] => [t.period, 'all', 'all', 'all', t.count]),
    ],
  };
}
