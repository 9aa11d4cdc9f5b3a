import { describe, expect, it } from 'vitest';
import { hoursEveryDay } from '../../test/booking-helpers.js';
import { countRows } from '../../test/factories.js';
import { expectError, invalidFields } from '../../test/http-helpers.js';
import { useTestAppWithRelay } from '../../test/relay-app.js';
import { useOrganisation, useSignedIn, signedIn } from '../../test/test-app.js';
import { sendDueReminders } from './reminders.js';

/** Every day of the week, 8–20 Helsinki time, for video and phone; no notice, 3 weeks ahead. */
const allWeek = hoursEveryDay(
  ['video', 'phone'],
  { start: '08:00', end: '20:00' },
  { slotMinutes: 45, bufferMinutes: 15, minNoticeMinutes: 0, horizonDays: 21 },
);

describe('booking', () => {
  const { t, relay } = useTestAppWithRelay({
    BOOKING_LIMIT_PER_HOUR: '1000',
    BOOKING_LIMIT_PER_PERSON_PER_DAY: '1000',
    MAIL_DOMAIN: 'opintori.test',
    PUBLIC_URL: 'https://opintori.test',
  });
  const provider = useOrganisation(t, { slug: 'rannikko' });
  const anna = useSignedIn(t, () => ({
    email: 'anna@example.test',
    name: 'Anna Ohjaaja',
    organisation_id: provider.id,
    languages: ['fi', 'sv'],
  }));

  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, cookie?: string) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
  const booking = (start: string, extra: Record<string, unknown> = {}) => ({
    channel: 'video',
    start,
    language: 'fi',
    topic: 'applying',
    name: 'Ville Virtanen',
    email: 'ville@example.net',
    description: 'Haluaisin jutella alanvaihdosta.',
    consent: true,
    ...extra,
  });

  it('lets a counsellor set hours and checks them', async () => {
    const bad = expectError(
      await inject(
        'PUT',
        '/api/v1/availability/me',
        { ...allWeek, rules: [{ channel: 'video', weekday: 1, start: '12:00', end: '10:00' }] },
        anna.cookie,
      ),
      400,
      'request.invalid',
    );
    expect(invalidFields(bad)).toEqual(['rules.0.end']);
    expectError(await inject('PUT', '/api/v1/availability/me', allWeek), 401, 'auth.unauthenticated');
    const saved = await inject('PUT', '/api/v1/availability/me', allWeek, anna.cookie);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().rules).toHaveLength(14);
    expect(saved.json().settings).toEqual(allWeek.settings);
  });

  it('offers free times without naming the counsellor, and only in languages they speak', async () => {
    const slots = (await inject('GET', '/api/v1/booking/slots?channel=video&language=fi&days=3')).json();
    expect(slots.slots.length).toBeGreaterThan(10);
    expect(Object.keys(slots.slots[0]).sort()).toEqual(['end', 'location', 'start']);
    // Consecutive times on one day are a slot (and a buffer) apart; across a night, more. The
    // first pair may span a night, depending on the hour the test runs.
    const starts: number[] = slots.slots.map((s: { start: string }) => Date.parse(s.start));
    const gaps = starts.slice(1).map((start, i) => start - starts[i]!);
    const sameDay = gaps.filter((gap) => gap < 3 * 3_600_000);
    expect(sameDay.length).toBeGreaterThan(5);
    for (const gap of sameDay) expect([45 * 60_000, 60 * 60_000]).toContain(gap);
    // Nobody guides in English here: not a language to book in at all.
    const english = await inject('GET', '/api/v1/booking/slots?channel=video&language=en');
    expect(english.statusCode).toBe(400);
    expect(english.json().error).toMatchObject({
      code: 'language.not_offered',
      details: { allowed: ['fi', 'sv'] },
    });
    expect((await inject('GET', '/api/v1/booking/slots?channel=in_person&language=fi')).json().slots).toEqual(
      [],
    );
  });

  it('gives one slot to exactly one of 100 parallel requests', async () => {
    const { slots } = (await inject('GET', '/api/v1/booking/slots?channel=video&language=fi&days=7')).json();
    const target = slots[5].start;
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        inject('POST', '/api/v1/booking/appointments', booking(target, { email: `racer${i}@example.net` })),
      ),
    );
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(99);
    for (const refused of responses.filter((r) => r.statusCode === 409)) {
      expect(refused.json().error.code).toBe('appointment.slot_taken');
    }
    const rows = await t.database.db
      .selectFrom('appointments')
      .select('id')
      .where('starts_at', '=', new Date(target))
      .where('status', '=', 'booked')
      .execute();
    expect(rows).toHaveLength(1);
    const after = (await inject('GET', '/api/v1/booking/slots?channel=video&language=fi&days=7')).json()
      .slots;
    expect(after.map((s: { start: string }) => s.start)).not.toContain(target);
  });

  it('refuses the past, a tampered time and a bad phone number; a double submit gets the first booking', async () => {
    expectError(
      await inject(
        'POST',
        '/api/v1/booking/appointments',
        booking(new Date(Date.now() - 3_600_000).toISOString()),
      ),
      400,
      'appointment.in_past',
    );
    const { slots } = (await inject('GET', '/api/v1/booking/slots?channel=phone&language=fi&days=7')).json();
    const off = new Date(Date.parse(slots[0].start) + 7 * 60_000).toISOString();
    expectError(
      await inject(
        'POST',
        '/api/v1/booking/appointments',
        booking(off, { channel: 'phone', phone: '040 123 4567' }),
      ),
      400,
      'appointment.slot_invalid',
    );
    const badPhone = expectError(
      await inject(
        'POST',
        '/api/v1/booking/appointments',
        booking(slots[0].start, { channel: 'phone', phone: '040 12x' }),
      ),
      400,
      'request.invalid',
    );
    expect(invalidFields(badPhone)).toEqual(['phone']);

    const body = booking(slots[1].start, {
      channel: 'phone',
      phone: '040 123 4567',
      requestKey: 'submit-once-1',
    });
    const first = await inject('POST', '/api/v1/booking/appointments', body);
    const second = await inject('POST', '/api/v1/booking/appointments', body);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().appointmentId).toBe(first.json().appointmentId);
    expect(second.json().manageToken).toBeUndefined();
  });

  it('refuses control characters in the booker’s name and the counsellor’s place, and books nothing', async () => {
    const count = () => countRows(t.database.db, 'appointments');
    const before = await count();
    const { slots } = (await inject('GET', '/api/v1/booking/slots?channel=video&language=fi&days=7')).json();
    for (const name of ['Ville\rBEGIN:VEVENT', 'Ville\nVirtanen', 'Ville\u0001Virtanen', 'Ville\u007f']) {
      const response = await inject(
        'POST',
        '/api/v1/booking/appointments',
        booking(slots[2].start, { name }),
      );
      const body = expectError(response, 400, 'request.invalid');
      expect(invalidFields(body), JSON.stringify(name)).toEqual(['name']);
    }
    const description = await inject(
      'POST',
      '/api/v1/booking/appointments',
      booking(slots[2].start, { description: 'Hei\u0001' }),
    );
    expect(invalidFields(expectError(description, 400, 'request.invalid'))).toEqual(['description']);
    expect(await count()).toBe(before);

    const hours = await inject(
      'PUT',
      '/api/v1/availability/me',
      {
        ...allWeek,
        rules: [
          { channel: 'in_person', weekday: 1, start: '09:00', end: '12:00', location: 'Talo\rX-EVIL:1' },
        ],
      },
      anna.cookie,
    );
    expect(invalidFields(expectError(hours, 400, 'request.invalid'))).toEqual(['rules.0.location']);
  });

  it('frees the slot when the client cancels through the manage link, which then stops working', async () => {
    const { slots } = (await inject('GET', '/api/v1/booking/slots?channel=video&language=fi&days=7')).json();
    const target = slots[2].start;
    const made = (await inject('POST', '/api/v1/booking/appointments', booking(target))).json();
    expect(made.manageToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const before = (await inject('GET', '/api/v1/booking/slots?channel=video&language=fi&days=7')).json()
      .slots;
    expect(before.map((s: { start: string }) => s.start)).not.toContain(target);

    expect((await inject('POST', `/api/v1/booking/manage/${made.manageToken}/cancel`)).statusCode).toBe(200);
    const again = (await inject('GET', '/api/v1/booking/slots?channel=video&language=fi&days=7')).json()
      .slots;
    expect(again.map((s: { start: string }) => s.start)).toContain(target);
    expectError(
      await inject('POST', `/api/v1/booking/manage/${made.manageToken}/cancel`),
      409,
      'appointment.not_booked',
    );
    expectError(
      await inject('POST', `/api/v1/booking/manage/${'x'.repeat(43)}/cancel`),
      404,
      'appointment.not_found',
    );
    expect((await inject('POST', '/api/v1/booking/appointments', booking(target))).statusCode).toBe(201);
  });

  it('shows the booking behind the manage link, moves it to another free time, and lists it for the counsellor', async () => {
    const { slots } = (await inject('GET', '/api/v1/booking/slots?channel=video&language=fi&days=7')).json();
    const made = (await inject('POST', '/api/v1/booking/appointments', booking(slots[8].start))).json();
    expect(made.meetingToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const view = (await inject('GET', `/api/v1/booking/manage/${made.manageToken}`)).json();
    expect(view).toMatchObject({
      channel: 'video',
      status: 'booked',
      start: slots[8].start,
      counsellor: 'Anna',
    });
    expect(JSON.stringify(view)).not.toContain('ville@example.net');

    const moved = await inject('POST', `/api/v1/booking/manage/${made.manageToken}/reschedule`, {
      start: slots[12].start,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().start).toBe(slots[12].start);
    const taken = (await inject('GET', '/api/v1/booking/slots?channel=video&language=fi&days=7')).json()
      .slots;
    const starts = taken.map((s: { start: string }) => s.start);
    expect(starts).toContain(slots[8].start);
    expect(starts).not.toContain(slots[12].start);
    expectError(
      await inject('POST', `/api/v1/booking/manage/${made.manageToken}/reschedule`, {
        start: new Date(Date.parse(slots[12].start) + 60_000).toISOString(),
      }),
      409,
      'appointment.slot_taken',
    );

    const mine = (await inject('GET', '/api/v1/appointments/mine?days=10', undefined, anna.cookie)).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toContain(made.appointmentId);
    expect(mine.items.find((i: { id: string }) => i.id === made.appointmentId)).toMatchObject({
      channel: 'video',
      clientEmail: 'ville@example.net',
      start: slots[12].start,
    });
    expectError(
      await inject('GET', '/api/v1/appointments/team', undefined, anna.cookie),
      403,
      'auth.forbidden',
    );
    expectError(await inject('GET', '/api/v1/appointments/mine'), 401, 'auth.unauthenticated');
  });

  it('lists the calendar file in the outgoing mail log and lets an admin, and no one else, download it', async () => {
    const { slots } = (await inject('GET', '/api/v1/booking/slots?channel=phone&language=fi&days=7')).json();
    const made = (
      await inject('POST', '/api/v1/booking/appointments', {
        ...booking(slots[3].start, { email: 'liite@example.net' }),
        channel: 'phone',
        phone: '040 123 4567',
      })
    ).json();
    const adminCookie = (await signedIn(t, { role: 'admin', email: 'loki@example.test' })).cookie;
    const log = (await inject('GET', '/api/v1/dev-mailbox?limit=50', undefined, adminCookie)).json();
    const confirmation = log.items.find(
      (m: { to: string; conversationId: string }) =>
        m.to === 'liite@example.net' && m.conversationId === made.conversationId,
    );
    expect(confirmation.attachments).toHaveLength(1);
    const [file] = confirmation.attachments;
    expect(file).toMatchObject({
      filename: 'opintori-tapaaminen.ics',
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    });
    expect(file.text).toContain(`UID:${made.appointmentId}@opintori.test`);
    expect(file.size).toBe(Buffer.byteLength(file.text, 'utf8'));
    // The counsellor's notice carries no file.
    const notice = log.items.find(
      (m: { to: string; text: string }) =>
        m.to === 'anna@example.test' && m.text.includes(made.conversationId),
    );
    expect(notice.attachments).toEqual([]);

    const path = `/api/v1/dev-mailbox/${confirmation.id}/attachments/0`;
    const download = await inject('GET', path, undefined, adminCookie);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('text/calendar; charset=utf-8; method=PUBLISH');
    expect(download.headers['content-disposition']).toContain('filename="opintori-tapaaminen.ics"');
    expect(download.headers['cache-control']).toBe('private, no-store');
    expect(download.body).toBe(file.text);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['target_id'])
      .where('action', '=', 'mail.attachment_read')
      .execute();
    expect(audit.map((a) => a.target_id)).toContain(made.conversationId);

    expectError(await inject('GET', path, undefined, anna.cookie), 403, 'auth.forbidden');
    expectError(await inject('GET', path), 401, 'auth.unauthenticated');
    const missing = (url: string) => inject('GET', url, undefined, adminCookie);
    expectError(
      await missing(`/api/v1/dev-mailbox/${confirmation.id}/attachments/1`),
      404,
      'mail.attachment_not_found',
    );
    expectError(
      await missing(`/api/v1/dev-mailbox/${notice.id}/attachments/0`),
      404,
      'mail.attachment_not_found',
    );
    expectError(
      await missing('/api/v1/dev-mailbox/not-a-mail/attachments/0'),
      404,
      'mail.attachment_not_found',
    );
    expect((await missing(`/api/v1/dev-mailbox/${confirmation.id}/attachments/-1`)).statusCode).toBe(400);
  });

  it('mails the client a confirmation with a calendar file in Helsinki time, tells the counsellor, and reminds once', async () => {
    const { slots } = (await inject('GET', '/api/v1/booking/slots?channel=video&language=fi&days=7')).json();
    const slot = slots[20];
    const made = (
      await inject(
        'POST',
        '/api/v1/booking/appointments',
        booking(slot.start, { email: 'kalenteri@example.net' }),
      )
    ).json();
    const confirmation = await relay.waitFor((m) => m.envelope.to.includes('kalenteri@example.net'));
    expect(confirmation.parsed.subject).toMatch(/^Varaus vahvistettu: videotapaaminen /);
    expect(confirmation.parsed.text).toContain(`https://opintori.test/fi/varaus/${made.manageToken}`);
    expect(confirmation.parsed.text).toContain(`https://opintori.test/fi/tapaaminen/${made.meetingToken}`);
    const ics = confirmation.parsed.attachments.find((a) => a.filename === 'opintori-tapaaminen.ics');
    expect(ics?.contentType).toBe('text/calendar');
    const calendar = ics!.content.toString('utf8').replace(/\r\n /g, '');
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Helsinki',
      dateStyle: 'short',
      timeStyle: 'medium',
    })
      .format(new Date(slot.start))
      .replace(/[-: ]/g, (c) => (c === ' ' ? 'T' : ''));
    expect(calendar).toContain(`DTSTART;TZID=Europe/Helsinki:${local}`);
    expect(calendar).toContain('BEGIN:VTIMEZONE');
    expect(calendar).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU');
    expect(calendar).toContain(`UID:${made.appointmentId}@opintori.test`);
    expect(calendar).toMatch(/\r\nEND:VCALENDAR\r\n$/);
    const notice = await relay.waitFor(
      (m) =>
        m.envelope.to.includes('anna@example.test') && (m.parsed.text ?? '').includes(made.conversationId),
    );
    expect(notice.parsed.subject).toMatch(/^Uusi varaus: videotapaaminen /);
    expect(notice.parsed.text).toContain('Asiakas: Ville Virtanen');

    // A day before, then an hour before; each once.
    const start = Date.parse(slot.start);
    const deps = { db: t.database.db, notifier: t.app.chatHub, ...t.app.mail };
    const reminded = () =>
      t.database.db
        .selectFrom('appointments')
        .select(['reminded_day_before_at', 'reminded_hour_before_at'])
        .where('id', '=', made.appointmentId)
        .executeTakeFirstOrThrow();
    await sendDueReminders(deps, new Date(start - 2 * 86_400_000));
    expect(await reminded()).toEqual({ reminded_day_before_at: null, reminded_hour_before_at: null });
    await sendDueReminders(deps, new Date(start - 23 * 3_600_000));
    const first = await reminded();
    expect(first.reminded_day_before_at).not.toBeNull();
    expect(first.reminded_hour_before_at).toBeNull();
    await sendDueReminders(deps, new Date(start - 22 * 3_600_000));
    expect((await reminded()).reminded_day_before_at).toEqual(first.reminded_day_before_at);
    const reminder = await relay.waitFor(
      (m) =>
        m.envelope.to.includes('kalenteri@example.net') && (m.parsed.subject ?? '').startsWith('Muistutus'),
    );
    expect(reminder.parsed.subject).toBe('Muistutus: videotapaaminen huomenna');
    expect(reminder.parsed.text).toContain(`https://opintori.test/fi/tapaaminen/${made.meetingToken}`);
    await sendDueReminders(deps, new Date(start - 30 * 60_000));
    expect((await reminded()).reminded_hour_before_at).not.toBeNull();
    await relay.waitFor(
      (m) =>
        m.envelope.to.includes('kalenteri@example.net') &&
        (m.parsed.subject ?? '') === 'Muistutus: videotapaaminen tunnin kuluttua',
    );
    await t.app.mail.sender.idle();
    const reminders = relay.mails.filter(
      (m) =>
        m.envelope.to.includes('kalenteri@example.net') && (m.parsed.subject ?? '').startsWith('Muistutus'),
    );
    expect(reminders).toHaveLength(2);
  });

  it('carries a face-to-face place with its directions and map link to the client, and keeps absence notes', async () => {
    const place = 'Rantakatu 5, 90100 Oulu';
    const directions = 'Sisäänkäynti sisäpihalta, 2. kerros. Bussipysäkki Rantakatu on 100 metrin päässä.';
    const hours = await inject(
      'PUT',
      '/api/v1/availability/me',
      {
        rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          channel: 'in_person',
          weekday,
          start: '09:00',
          end: '15:00',
          location: place,
          directions,
        })),
        absences: [{ day: '2030-06-20', note: 'Juhannusaatto' }],
        settings: allWeek.settings,
      },
      anna.cookie,
    );
    expect(hours.statusCode).toBe(200);
    const saved = (await inject('GET', '/api/v1/availability/me', undefined, anna.cookie)).json();
    expect(saved.rules[0]).toMatchObject({ location: place, directions });
    expect(saved.absences).toEqual([{ day: '2030-06-20', start: null, end: null, note: 'Juhannusaatto' }]);

    const { slots } = (
      await inject('GET', '/api/v1/booking/slots?channel=in_person&language=fi&days=7')
    ).json();
    expect(slots[0].location).toBe(place);
    const mapUrl = 'https://www.openstreetmap.org/search?query=Rantakatu%205%2C%2090100%20Oulu';
    const made = (
      await inject(
        'POST',
        '/api/v1/booking/appointments',
        booking(slots[3].start, { channel: 'in_person', email: 'paikka@example.net' }),
      )
    ).json();
    expect(made).toMatchObject({ location: place, directions, mapUrl });
    const view = (await inject('GET', `/api/v1/booking/manage/${made.manageToken}`)).json();
    expect(view).toMatchObject({ channel: 'in_person', location: place, directions, mapUrl });

    const mail = await relay.waitFor((m) => m.envelope.to.includes('paikka@example.net'));
    expect(mail.parsed.text).toContain(
      `Paikka: ${place}\nNäin löydät perille: ${directions}\nKartta: ${mapUrl}`,
    );
    const calendar = mail.parsed.attachments
      .find((a) => a.filename === 'opintori-tapaaminen.ics')!
      .content.toString('utf8')
      .replace(/\r\n /g, '');
    expect(calendar).toContain('LOCATION:Rantakatu 5\\, 90100 Oulu\r\n');
    expect(calendar).toMatch(
      /DESCRIPTION:[^\r]*Näin löydät perille: Sisäänkäynti sisäpihalta\\, 2\. kerros\./,
    );
  });
});
