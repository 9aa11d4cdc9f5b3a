import { describe, expect, it } from 'vitest';
import { isOpenAt, nextOpening, scheduleInputSchema, type Schedule } from './opening-hours.js';
import { helsinkiClock } from '../../shared/helsinki-time.js';

const weekdays9to16: Schedule = {
  weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensMinute: 9 * 60, closesMinute: 16 * 60 })),
  exceptions: [{ day: '2026-12-24', opensMinute: null, closesMinute: null, note: 'Jouluaatto' }],
};

describe('opening hours in Europe/Helsinki', () => {
  it('reads the Helsinki clock across daylight-saving changes', () => {
    // Winter: UTC+2. 07:30 UTC is 09:30 in Helsinki.
    expect(helsinkiClock(new Date('2026-12-01T07:30:00Z'))).toEqual({
      day: '2026-12-01',
      weekday: 2,
      minute: 570,
    });
    // Summer: UTC+3. 06:30 UTC is 09:30 in Helsinki.
    expect(helsinkiClock(new Date('2027-06-01T06:30:00Z'))).toEqual({
      day: '2027-06-01',
      weekday: 2,
      minute: 570,
    });
    // Late evening UTC is already the next day in Helsinki.
    expect(helsinkiClock(new Date('2026-12-01T22:30:00Z')).day).toBe('2026-12-02');
  });

  it('is open within the weekly hours and closed outside them, on weekends and on exceptions', () => {
    expect(isOpenAt(weekdays9to16, new Date('2026-12-01T07:00:00Z'))).toBe(true); // Tue 09:00
    expect(isOpenAt(weekdays9to16, new Date('2026-12-01T06:59:00Z'))).toBe(false); // Tue 08:59
    expect(isOpenAt(weekdays9to16, new Date('2026-12-01T14:00:00Z'))).toBe(false); // Tue 16:00
    expect(isOpenAt(weekdays9to16, new Date('2026-12-05T10:00:00Z'))).toBe(false); // Saturday
    expect(isOpenAt(weekdays9to16, new Date('2026-12-24T10:00:00Z'))).toBe(false); // Christmas Eve, a Thursday
    // Summer time: 09:00 Helsinki is 06:00 UTC.
    expect(isOpenAt(weekdays9to16, new Date('2027-06-01T06:00:00Z'))).toBe(true);
  });

  it('finds the next opening over a weekend and a holiday', () => {
    // Wednesday 23 Dec 2026 at 17:00: Thursday is Christmas Eve, so the next opening is Friday 25th 09:00.
    expect(nextOpening(weekdays9to16, new Date('2026-12-23T15:00:00Z'))?.toISOString()).toBe(
      '2026-12-25T07:00:00.000Z',
    );
    // Saturday 27 March 2027, the night before summer time starts: Monday 09:00 is 06:00 UTC.
    expect(nextOpening(weekdays9to16, new Date('2027-03-27T12:00:00Z'))?.toISOString()).toBe(
      '2027-03-29T06:00:00.000Z',
    );
    expect(nextOpening({ weekly: [], exceptions: [] }, new Date())).toBeNull();
  });

  it('validates the input with messages that name the problem', () => {
    const bad = scheduleInputSchema.safeParse({
      weekly: [{ weekday: 1, opens: '16:00', closes: '09:00' }],
      exceptions: [],
    });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('closes must be after opens');
    expect(
      scheduleInputSchema.safeParse({
        weekly: [{ weekday: 8, opens: '09:00', closes: '10:00' }],
        exceptions: [],
      }).success,
    ).toBe(false);
    expect(
      scheduleInputSchema.safeParse({ weekly: [], exceptions: [{ day: '2026-12-24', opens: '09:00' }] })
        .success,
    ).toBe(false);
    const whole = scheduleInputSchema.parse({
      weekly: [{ weekday: 7, opens: '00:00', closes: '24:00' }],
      exceptions: [],
    });
    expect(whole.weekly[0]).toEqual({ weekday: 7, opens: 0, closes: 1440 });
  });
});
