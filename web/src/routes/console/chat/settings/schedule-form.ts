/** The opening-hours form: the API's schedule ⇄ the form's fields (one row per weekday, exceptions as lines). */

export interface ScheduleView {
  weekly: { weekday: number; opens: string; closes: string }[];
  exceptions: { day: string; opens: string | null; closes: string | null; note: string }[];
}

export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

const exceptionLine = /^(\d{4}-\d{2}-\d{2})\s*(?:(\d{1,2}[:.]\d{2})\s*[-–]\s*(\d{1,2}[:.]\d{2}))?\s*(.*)$/;
const closedWords = /^(suljettu|stängt|stangt|closed)\b\s*/i;

const time = (value: string) => {
  const [hours = '', minutes = ''] = value.trim().replace('.', ':').split(':');
  return `${hours.padStart(2, '0')}:${minutes}`;
};

/** Exceptions as the textarea shows them: `2026-12-24 suljettu` or `2026-12-23 09:00-12:00 note`. */
export function exceptionsText(schedule: ScheduleView, closedWord: string): string {
  return schedule.exceptions
    .map((e) =>
      [e.day, e.opens && e.closes ? `${e.opens}-${e.closes}` : closedWord, e.note].filter(Boolean).join(' '),
    )
    .join('\n');
}

/** Reads the form; `badLine` names the first exception line it could not understand. */
export function scheduleFromForm(form: FormData): { schedule: ScheduleView; badLine: number | null } {
  const weekly: ScheduleView['weekly'] = [];
  for (const weekday of weekdays) {
    const opens = form.getAll(`opens-${weekday}`).map(String);
    const closes = form.getAll(`closes-${weekday}`).map(String);
    opens.forEach((value, index) => {
      const close = closes[index] ?? '';
      if (value.trim() || close.trim()) weekly.push({ weekday, opens: time(value), closes: time(close) });
    });
  }
  const exceptions: ScheduleView['exceptions'] = [];
  let badLine: number | null = null;
  String(form.get('exceptions') ?? '')
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.trim();
      if (!line) return;
      const match = exceptionLine.exec(line);
      if (!match) {
        badLine ??= index + 1;
        return;
      }
      const [, day = '', opens, closes, rest = ''] = match;
      if (!opens && !closedWords.test(rest)) {
        badLine ??= index + 1;
        return;
      }
      exceptions.push({
        day,
        opens: opens ? time(opens) : null,
        closes: closes ? time(closes) : null,
        note: rest.replace(closedWords, '').trim(),
      });
    });
  return { schedule: { weekly, exceptions }, badLine };
}
