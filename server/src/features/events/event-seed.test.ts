import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../db/seed/demo-seed.js';
import { useTestApp } from '../../test/test-app.js';
import { addDays, helsinkiDay } from './event-times.js';

describe('demo events', () => {
  const t = useTestApp();
  beforeAll(async () => {
    await seedDemoData(t.database.db, t.config.CONTENT_DIR);
  });

  it('seeds upcoming events dated from today, and one already held', async () => {
    const today = helsinkiDay(new Date());
    const upcoming = (
      await t.app.inject({ method: 'GET', url: `/api/v1/events?from=${today}&to=${addDays(today, 120)}` })
    ).json();
    expect(upcoming.items).toHaveLength(11);
    // Two online sessions and a hybrid one take registrations; their links go to registrants only.
    const sessions = upcoming.items.filter((e: { registration: unknown }) => e.registration !== null);
    expect(sessions.map((e: { format: string }) => e.format).sort()).toEqual(['hybrid', 'online', 'online']);
    expect(sessions.every((e: { joinUrl: string | null }) => e.joinUrl === null)).toBe(true);
    const first = upcoming.items[0];
    expect(first.title).toBe('Koulutusneuvontaa kauppakeskus Valkeassa (demo)');
    expect(first.counsellors.sort()).toEqual(['Mikko', 'Sanna']);
    expect(first.startsAt).toBe(
      new Date(`${addDays(today, 4)}T12:00:00${offset(addDays(today, 4))}`).toISOString(),
    );
    expect(upcoming.municipalities.map((m: { name: string }) => m.name)).toEqual([
      'Kempele',
      'Kuusamo',
      'Oulu',
      'Raahe',
      'Ylivieska',
    ]);
    const past = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/events?from=${addDays(today, -30)}&to=${addDays(today, -1)}`,
      })
    ).json();
    expect(past.items).toHaveLength(1);
  });
});

/** Helsinki's UTC offset on a day at noon: +03:00 in summer time, +02:00 otherwise. */
function offset(day: string): string {
  const name = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Helsinki', timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${day}T12:00:00Z`))
    .find((part) => part.type === 'timeZoneName')!.value;
  return name.replace('GMT', '');
}
