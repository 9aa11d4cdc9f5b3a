import { describe, expect, it } from 'vitest';
import { freeSlots, type BookingSettings, type Rule } from './slots.js';

const settings: BookingSettings = { slotMinutes: 60, bufferMinutes: 0, minNoticeMinutes: 0, horizonDays: 5 };
const weekend: Rule[] = [6, 7].map((weekday) => ({
  channel: 'video',
  weekday,
  startMinute: 9 * 60,
  endMinute: 11 * 60,
  location: null,
}));
const iso = (slots: { start: Date }[]) => slots.map((s) => s.start.toISOString());
/** The weekend's free video slots as seen at `now`, with nothing booked or away. */
const weekendSlotsAt = (now: string) =>
  freeSlots({ rules: weekend, absences: [], settings, busy: [], channel: 'video', now: new Date(now) });

describe('free slots', () => {
  it('keep Helsinki wall-clock times across the change to summer time (last Sunday of March)', () => {
    const slots = weekendSlotsAt('2026-03-27T10:00:00Z');
    expect(iso(slots)).toEqual([
      '2026-03-28T07:00:00.000Z', // Saturday 9:00 EET (UTC+2)
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T06:00:00.000Z', // Sunday 9:00 EEST (UTC+3)
      '2026-03-29T07:00:00.000Z',
    ]);
  });

  it('and across the change back to winter time (last Sunday of October)', () => {
    const slots = weekendSlotsAt('2026-10-23T10:00:00Z');
    expect(iso(slots)).toEqual([
      '2026-10-24T06:00:00.000Z', // Saturday 9:00 EEST
      '2026-10-24T07:00:00.000Z',
      '2026-10-25T07:00:00.000Z', // Sunday 9:00 EET
      '2026-10-25T08:00:00.000Z',
    ]);
  });

  it('leave out absences, the minimum notice, the horizon, other channels and bookings with their buffer', () => {
    const now = new Date('2026-03-27T10:00:00Z');
    const base = { rules: weekend, settings, channel: 'video' as const, now };
    expect(
      iso(
        freeSlots({
          ...base,
          absences: [{ day: '2026-03-28', startMinute: null, endMinute: null }],
          busy: [],
        }),
      ),
    ).toEqual(['2026-03-29T06:00:00.000Z', '2026-03-29T07:00:00.000Z']);
    expect(
      iso(
        freeSlots({ ...base, absences: [{ day: '2026-03-29', startMinute: 600, endMinute: 660 }], busy: [] }),
      ),
    ).toEqual(['2026-03-28T07:00:00.000Z', '2026-03-28T08:00:00.000Z', '2026-03-29T06:00:00.000Z']);
    // 22 h of notice leaves only Saturday 10:00 and Sunday.
    expect(
      iso(
        freeSlots({ ...base, settings: { ...settings, minNoticeMinutes: 22 * 60 }, absences: [], busy: [] }),
      ),
    ).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T06:00:00.000Z', '2026-03-29T07:00:00.000Z']);
    expect(
      iso(freeSlots({ ...base, settings: { ...settings, horizonDays: 1 }, absences: [], busy: [] })),
    ).toEqual(['2026-03-28T07:00:00.000Z', '2026-03-28T08:00:00.000Z']);
    expect(freeSlots({ ...base, channel: 'phone', absences: [], busy: [] })).toEqual([]);
    // A booking on Saturday 9:00–10:00 with its 15-minute buffer (busy until 10:15) takes both
    // Saturday slots.
    const busy = [{ start: new Date('2026-03-28T07:00:00Z'), busyUntil: new Date('2026-03-28T08:15:00Z') }];
    expect(iso(freeSlots({ ...base, absences: [], busy }))).toEqual([
      '2026-03-29T06:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
    ]);
  });
});
