import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hoursEveryDay } from '../../test/booking-helpers.js';
import { buildOrganisation, buildStaff } from '../../test/factories.js';
import { expectError } from '../../test/http-helpers.js';
import { createTestApp, loginAs, type TestApp } from '../../test/test-app.js';

/*
 * Booking has limits of its own, apart from the contact forms': many bookings from one address
 * (a library's shared computer at a pop-up desk), few from one person (one email address, one
 * phone number), counted whatever address they come from.
 */
describe('booking limits', () => {
  let t: TestApp;
  let slots: { start: string }[] = [];
  let next = 0;

  beforeAll(async () => {
    t = await createTestApp({
      BOOKING_LIMIT_PER_HOUR: '4',
      BOOKING_LIMIT_PER_PERSON_PER_DAY: '2',
      CONTACT_LIMIT_PER_HOUR: '2',
    });
    const provider = await buildOrganisation(t.database.db, { slug: 'kirjasto' });
    await buildStaff(t.database.db, { email: 'ohjaaja@example.test', organisation_id: provider.id });
    const cookie = await loginAs(t.app, 'ohjaaja@example.test');
    const hours = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/availability/me',
      headers: { cookie },
      payload: hoursEveryDay(
        ['video', 'phone'],
        { start: '08:00', end: '20:00' },
        { slotMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 0, horizonDays: 14 },
      ),
    });
    expect(hours.statusCode).toBe(200);
    slots = (
      await t.app.inject({ method: 'GET', url: '/api/v1/booking/slots?channel=video&language=fi&days=14' })
    ).json().slots;
    expect(slots.length).toBeGreaterThan(20);
  });
  afterAll(() => t.close());

  /** Books the next free time from an address for a person: by phone when a number is given. */
  const book = (remoteAddress: string, email: string, phone = '') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/booking/appointments',
      remoteAddress,
      payload: {
        channel: phone ? 'phone' : 'video',
        start: slots[next++]!.start,
        language: 'fi',
        topic: 'applying',
        name: 'Testi Asiakas',
        email,
        phone,
        consent: true,
      },
    });

  it('lets one address book for several people, then stops it; the contact form keeps its own count', async () => {
    const desk = '203.0.113.10';
    for (let i = 0; i < 4; i++) {
      const made = await book(desk, `jono${i}@example.net`);
      expect(made.statusCode, made.body).toBe(201);
    }
    const refused = expectError(await book(desk, 'jono4@example.net'), 429, 'request.rate_limited');
    expect(refused.error.message).toBe('Too many booking requests');
    // Another address is counted on its own.
    expect((await book('203.0.113.11', 'jono5@example.net')).statusCode).toBe(201);
    // The desk can still send the write-to-us form: booking used none of its allowance.
    const message = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contact/messages',
      remoteAddress: desk,
      payload: { lang: 'fi', name: 'Testi', email: 'kysyja@example.net', message: 'Kysymys', consent: true },
    });
    expect(message.statusCode).toBe(201);
  });

  it('stops one person after their daily bookings, whatever address or letter case they use', async () => {
    expect((await book('203.0.113.20', 'Sama.Henkilo@example.net')).statusCode).toBe(201);
    expect((await book('203.0.113.21', 'sama.henkilo@example.net')).statusCode).toBe(201);
    const refused = expectError(
      await book('203.0.113.22', 'SAMA.Henkilo@EXAMPLE.net'),
      429,
      'request.rate_limited',
    );
    expect(refused.error.message).toBe('Too many booking per email requests');
  });

  it('stops one phone number in any of its spellings, and does not count bookings without one', async () => {
    expect((await book('203.0.113.30', 'eka@example.net', '040 765 4321')).statusCode).toBe(201);
    expect((await book('203.0.113.31', 'toka@example.net', '+358407654321')).statusCode).toBe(201);
    const refused = expectError(
      await book('203.0.113.32', 'kolmas@example.net', '040-7654321'),
      429,
      'request.rate_limited',
    );
    expect(refused.error.message).toBe('Too many booking per phone requests');
    // Without a phone number only the email and the address are counted.
    expect((await book('203.0.113.33', 'ilman1@example.net')).statusCode).toBe(201);
    expect((await book('203.0.113.34', 'ilman2@example.net')).statusCode).toBe(201);
    expect((await book('203.0.113.35', 'ilman3@example.net')).statusCode).toBe(201);
  });

  it('keeps no email address or phone number in the limits table', async () => {
    const keys = (await t.database.db.selectFrom('rate_limits').select('key').execute()).map(
      (row) => row.key,
    );
    // On PostgreSQL the counts are shared through the table; on PGlite they stay in memory.
    if (t.database.engine === 'postgres')
      expect(keys.some((key) => key.startsWith('booking per email|'))).toBe(true);
    else expect(keys).toEqual([]);
    const stored = keys.join('\n');
    for (const personal of ['henkilo', 'example.net', '7654321', '358407654321']) {
      expect(stored).not.toContain(personal);
    }
  });
});
