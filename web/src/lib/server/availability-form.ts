import type { AvailabilityBody, AvailabilityChannel, AvailabilityView } from '$lib/api/booking';
import type { Translate } from '$lib/i18n/i18n';
import { text } from './forms';

export const availabilityChannels: AvailabilityChannel[] = ['video', 'phone', 'in_person', 'chat'];
/** Empty rows under the saved ones, for adding hours without scripts. */
export const BLANK_RULES = 3;
export const BLANK_ABSENCES = 2;
const MAX_ROWS = 100;

export interface RuleRow {
  channel: string;
  weekday: string;
  start: string;
  end: string;
  location: string;
  directions: string;
}
/** One set of hours for several weekdays at once; saved as one row per chosen day. */
export interface RepeatRow {
  channel: string;
  start: string;
  end: string;
  location: string;
  directions: string;
  weekdays: string[];
}
export interface AbsenceRow {
  day: string;
  start: string;
  end: string;
  note: string;
}
export interface AvailabilityValues {
  rules: RuleRow[];
  repeat: RepeatRow;
  absences: AbsenceRow[];
  settings: Record<'slotMinutes' | 'bufferMinutes' | 'minNoticeMinutes' | 'horizonDays', string>;
}

const isTime = (value: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));

const emptyRepeat = (): RepeatRow => ({
  channel: 'video',
  start: '',
  end: '',
  location: '',
  directions: '',
  weekdays: [],
});

/** The saved hours as form rows, with blank rows to add more. */
export function valuesOf(view: AvailabilityView): AvailabilityValues {
  return {
    rules: [
      ...view.rules.map((r) => ({
        channel: r.channel,
        weekday: String(r.weekday),
        start: r.start,
        end: r.end,
        location: r.location ?? '',
        directions: r.directions ?? '',
      })),
      ...Array.from({ length: BLANK_RULES }, () => ({
        channel: 'video',
        weekday: '1',
        start: '',
        end: '',
        location: '',
        directions: '',
      })),
    ],
    repeat: emptyRepeat(),
    absences: [
      ...view.absences.map((a) => ({
        day: a.day,
        start: a.start ?? '',
        end: a.end ?? '',
        note: a.note ?? '',
      })),
      ...Array.from({ length: BLANK_ABSENCES }, () => ({ day: '', start: '', end: '', note: '' })),
    ],
    settings: {
      slotMinutes: String(view.settings.slotMinutes),
      bufferMinutes: String(view.settings.bufferMinutes),
      minNoticeMinutes: String(view.settings.minNoticeMinutes),
      horizonDays: String(view.settings.horizonDays),
    },
  };
}

/** The sent table form, row by row as it was shown. */
export function readAvailabilityForm(form: FormData): AvailabilityValues {
  const count = (name: string) => Math.min(MAX_ROWS, Math.max(0, Number(text(form, name)) || 0));
  return {
    rules: Array.from({ length: count('ruleCount') }, (_, i) => ({
      channel: text(form, `rule-${i}-channel`),
      weekday: text(form, `rule-${i}-weekday`),
      start: text(form, `rule-${i}-start`),
      end: text(form, `rule-${i}-end`),
      location: text(form, `rule-${i}-location`),
      directions: text(form, `rule-${i}-directions`),
    })),
    repeat: {
      channel: text(form, 'repeat-channel'),
      start: text(form, 'repeat-start'),
      end: text(form, 'repeat-end'),
      location: text(form, 'repeat-location'),
      directions: text(form, 'repeat-directions'),
      weekdays: form
        .getAll('repeat-day')
        .map(String)
        .filter((day) => /^[1-7]$/.test(day)),
    },
    absences: Array.from({ length: count('absenceCount') }, (_, i) => ({
      day: text(form, `absence-${i}-day`),
      start: text(form, `absence-${i}-start`),
      end: text(form, `absence-${i}-end`),
      note: text(form, `absence-${i}-note`),
    })),
    settings: {
      slotMinutes: text(form, 'slotMinutes'),
      bufferMinutes: text(form, 'bufferMinutes'),
      minNoticeMinutes: text(form, 'minNoticeMinutes'),
      horizonDays: text(form, 'horizonDays'),
    },
  };
}

const inRange = (value: string, min: number, max: number) =>
  /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max;

/** The body to save, or one message per faulty row; rows without times are dropped. */
export function checkAvailability(
  values: AvailabilityValues,
  t: Translate,
): { body: AvailabilityBody } | { errors: string[] } {
  const errors: string[] = [];
  const rules: AvailabilityBody['rules'] = [];
  values.rules.forEach((row, i) => {
    if (!row.start && !row.end) return;
    const channel = availabilityChannels.find((c) => c === row.channel);
    const weekday = Number(row.weekday);
    if (
      !channel ||
      !(weekday >= 1 && weekday <= 7) ||
      !isTime(row.start) ||
      !isTime(row.end) ||
      row.end <= row.start
    ) {
      errors.push(t('availability.error.rule', { n: i + 1 }));
      return;
    }
    rules.push({
      channel,
      weekday,
      start: row.start,
      end: row.end,
      location: row.location || null,
      ...(row.location && row.directions ? { directions: row.directions.slice(0, 1000) } : {}),
    });
  });
  const repeat = values.repeat;
  if (repeat.start || repeat.end || repeat.weekdays.length) {
    const channel = availabilityChannels.find((c) => c === repeat.channel);
    if (
      !channel ||
      repeat.weekdays.length === 0 ||
      !isTime(repeat.start) ||
      !isTime(repeat.end) ||
      repeat.end <= repeat.start
    ) {
      errors.push(t('availability.error.repeat'));
    } else {
      for (const day of repeat.weekdays) {
        rules.push({
          channel,
          weekday: Number(day),
          start: repeat.start,
          end: repeat.end,
          location: repeat.location || null,
          ...(repeat.location && repeat.directions ? { directions: repeat.directions.slice(0, 1000) } : {}),
        });
      }
    }
  }
  const absences: AvailabilityBody['absences'] = [];
  values.absences.forEach((row, i) => {
    if (!row.day && !row.start && !row.end && !row.note) return;
    const hasTimes = Boolean(row.start || row.end);
    if (!isDay(row.day) || (hasTimes && (!isTime(row.start) || !isTime(row.end) || row.end <= row.start))) {
      errors.push(t('availability.error.absence', { n: i + 1 }));
      return;
    }
    absences.push({
      day: row.day,
      ...(hasTimes ? { start: row.start, end: row.end } : {}),
      ...(row.note ? { note: row.note.slice(0, 200) } : {}),
    });
  });
  const s = values.settings;
  if (
    !inRange(s.slotMinutes, 15, 240) ||
    !inRange(s.bufferMinutes, 0, 120) ||
    !inRange(s.minNoticeMinutes, 0, 20_160) ||
    !inRange(s.horizonDays, 1, 180)
  ) {
    errors.push(t('availability.error.settings'));
  }
  if (errors.length > 0) return { errors };
  return {
    body: {
      rules,
      absences,
      settings: {
        slotMinutes: Number(s.slotMinutes),
        bufferMinutes: Number(s.bufferMinutes),
        minNoticeMinutes: Number(s.minNoticeMinutes),
        horizonDays: Number(s.horizonDays),
      },
    },
  };
}
