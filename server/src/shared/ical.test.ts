import { describe, expect, it } from 'vitest';
import { calendarFeed, calendarFile, type CalendarEvent } from './ical.js';

/** Every line break form and a C0 control character, each followed by what an attacker would add. */
const hostile = 'Messu\rBEGIN:VEVENT\nUID:evil\r\nX-EVIL:1\u0001end';

const event = (overrides: Partial<CalendarEvent> = {}): CalendarEvent => ({
  uid: 'event-1@opintori',
  start: new Date('2026-12-03T08:00:00Z'),
  end: new Date('2026-12-03T10:00:00Z'),
  summary: hostile,
  description: `Rivi 1\r\nRivi 2\rRivi 3\nRivi 4\u007f`,
  location: hostile,
  url: 'https://opintori.test/fi/tapahtumat/1\r\nX-EVIL:1',
  ...overrides,
});

/**
 * Asserts that CR and LF appear only as CRLF line ends, and that each line after one is either
 * a fold (a space) or a new property whose name is one of those the writer itself emits.
 */
function expectCleanLines(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true);
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) {
    expect(line, JSON.stringify(line)).not.toMatch(/[\r\n]/);
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(line, JSON.stringify(line)).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(line, JSON.stringify(line)).toMatch(/^( |[A-Z][A-Z-]*[:;])/);
  }
  const logical = text.replace(/\r\n /g, '').slice(0, -2).split('\r\n');
  const names = logical.map((line) => /^[A-Z][A-Z-]*/.exec(line)?.[0]);
  expect(names).not.toContain('X-EVIL');
  expect(logical.filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(
    logical.filter((line) => line === 'END:VEVENT').length,
  );
  return logical;
}

const valueOf = (lines: string[], name: string) =>
  lines.filter((line) => line.startsWith(`${name}:`)).map((line) => line.slice(name.length + 1));

describe('the iCalendar writer', () => {
  it('keeps every line break form and control character inside a value out of the file', () => {
    const lines = expectCleanLines(calendarFile(event()));
    expect(lines.filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(valueOf(lines, 'UID')).toEqual(['event-1@opintori']);
    const escaped = 'Messu\\nBEGIN:VEVENT\\nUID:evil\\nX-EVIL:1end';
    expect(valueOf(lines, 'SUMMARY')).toEqual([escaped]);
    expect(valueOf(lines, 'LOCATION')).toEqual([escaped]);
    expect(valueOf(lines, 'DESCRIPTION')).toEqual(['Rivi 1\\nRivi 2\\nRivi 3\\nRivi 4']);
    // ical-generator writes the URL with its value type: URL;VALUE=URI:…
    expect(valueOf(lines, 'URL;VALUE=URI')).toEqual(['https://opintori.test/fi/tapahtumat/1X-EVIL:1']);
  });

  it('does the same in a feed, for its name and description too', () => {
    const text = calendarFeed([event(), event({ uid: 'event-2@opintori', status: 'CANCELLED' })], {
      name: 'OpinTori\r\nX-EVIL:1',
      description: 'Pop-up\rX-EVIL:2\u0001',
    });
    const lines = expectCleanLines(text);
    expect(lines.filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(valueOf(lines, 'X-WR-CALNAME')).toEqual(['OpinTori\\nX-EVIL:1']);
    expect(valueOf(lines, 'X-WR-CALDESC')).toEqual(['Pop-up\\nX-EVIL:2']);
    expect(valueOf(lines, 'STATUS')).toEqual(['CONFIRMED', 'CANCELLED']);
  });

  it('still escapes the iCalendar specials and folds long lines by UTF-8 octets', () => {
    const summary = `Neuvontaa; kysy, mitä vain \\ ${'ä'.repeat(60)}`;
    const text = calendarFile(event({ summary, location: null, url: null }));
    const physical = text.slice(0, -2).split('\r\n');
    for (const line of physical) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const lines = expectCleanLines(text);
    expect(valueOf(lines, 'SUMMARY')).toEqual([`Neuvontaa\\; kysy\\, mitä vain \\\\ ${'ä'.repeat(60)}`]);
    expect(valueOf(lines, 'LOCATION')).toEqual([]);
  });

  it('writes Helsinki wall-clock times with the zone rules, whatever the time zone of the process', () => {
    const summer = event({ start: new Date('2026-07-03T06:00:05Z'), end: new Date('2026-07-03T07:30:00Z') });
    const lines = expectCleanLines(calendarFile({ ...summer, method: 'CANCEL', sequence: 3 }));
    expect(valueOf(lines, 'METHOD')).toEqual(['CANCEL']);
    expect(valueOf(lines, 'SEQUENCE')).toEqual(['3']);
    expect(valueOf(lines, 'STATUS')).toEqual(['CANCELLED']);
    expect(valueOf(lines, 'DTSTART;TZID=Europe/Helsinki')).toEqual(['20260703T090005']);
    expect(valueOf(lines, 'DTEND;TZID=Europe/Helsinki')).toEqual(['20260703T103000']);
    expect(valueOf(lines, 'DTSTAMP')[0]).toMatch(/^\d{8}T\d{6}Z$/);
    const winter = expectCleanLines(calendarFile(event()));
    expect(valueOf(winter, 'METHOD')).toEqual(['PUBLISH']);
    expect(valueOf(winter, 'DTSTART;TZID=Europe/Helsinki')).toEqual(['20261203T100000']);
    const zone = winter.slice(winter.indexOf('BEGIN:VTIMEZONE'), winter.indexOf('END:VTIMEZONE') + 1);
    expect(zone).toContain('TZID:Europe/Helsinki');
    expect(zone).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU');
    expect(zone).toContain('RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU');
    expect(winter.filter((line) => line === 'BEGIN:VTIMEZONE')).toHaveLength(1);
  });
});
