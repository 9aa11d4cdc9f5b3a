import { beforeAll, describe, expect, it } from 'vitest';
import { hoursEveryDay } from '../../test/booking-helpers.js';
import { helsinkiClock } from '../../shared/helsinki-time.js';
import { openAllDay, setAvailable, startChat } from '../../test/chat-helpers.js';
import { buildOrganisation } from '../../test/factories.js';
import { expectError, invalidFields } from '../../test/http-helpers.js';
import { useTestApp, signedIn } from '../../test/test-app.js';
import type { Today } from './console-home.schema.js';

const HOUR = 3_600_000;
const inDays = (days: number) => helsinkiClock(new Date(Date.now() + days * 86_400_000)).day;

/** Every hour of every day for phone and video, no notice: the first free time is soon. */
const allWeek = hoursEveryDay(
  ['video', 'phone'],
  { start: '00:00', end: '24:00' },
  { slotMinutes: 45, bufferMinutes: 15, minNoticeMinutes: 0, horizonDays: 14 },
);

describe('the console home (GET /api/v1/console/today)', () => {
  const t = useTestApp({ CONTACT_LIMIT_PER_HOUR: '1000', CHAT_START_LIMIT_PER_HOUR: '1000' });
  let cookies: Record<'admin' | 'paivi' | 'mikko' | 'leila' | 'editor', string>;
  let rannikko: string;
  let mikkoId: string;
  const ids: Record<string, string> = {};

  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, cookie?: string, payload?: object) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
  const today = async (cookie: string, query = '') => {
    const response = await inject('GET', `/api/v1/console/today${query}`, cookie);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    return response.json<Today>();
  };
  const created = async (
    method: 'POST' | 'PUT',
    url: string,
    cookie: string | undefined,
    payload: object,
  ) => {
    const response = await inject(method, url, cookie, payload);
    expect([200, 201], response.body).toContain(response.statusCode);
    return response.json<Record<string, string>>();
  };
  const email = (provider: string | undefined, message: string) =>
    created('POST', '/api/v1/contact/messages', undefined, {
      lang: 'fi',
      topic: 'financing',
      consent: true,
      name: 'Kysyjä',
      email: 'kysyja@example.net',
      message,
      ...(provider ? { provider } : {}),
    });
  const callback = (provider: string | undefined, date: string) =>
    created('POST', '/api/v1/contact/callbacks', undefined, {
      lang: 'fi',
      topic: 'applying',
      consent: true,
      name: 'Soittaja',
      phone: '0401234567',
      window: { date, from: '00:00', to: '23:59' },
      ...(provider ? { provider } : {}),
    });
  const event = (cookie: string, title: string, extra: object = {}) =>
    created('POST', '/api/v1/events/manage', cookie, {
      title,
      place: 'Kauppakeskus Valkea',
      address: 'Isokatu 23',
      municipality: '564',
      // Under way whatever the hour the test runs.
      startsAt: new Date(Date.now() - HOUR).toISOString(),
      endsAt: new Date(Date.now() + HOUR).toISOString(),
      languages: ['fi'],
      description: 'Ohjausta ostoskeskuksessa.',
      status: 'published',
      staffIds: [],
      ...extra,
    });

  /** A chat the admin takes and hands on to a provider's queue. */
  const queuedFor = async (organisationId: string, body: Record<string, unknown>) => {
    const { conversationId } = await startChat(t.app, body);
    await created('POST', `/api/v1/inbox/conversations/${conversationId}/accept`, cookies.admin, {});
    await created('POST', `/api/v1/inbox/conversations/${conversationId}/transfer`, cookies.admin, {
      organisationId,
    });
    return conversationId;
  };

  beforeAll(async () => {
    const db = t.database.db;
    rannikko = (
      await buildOrganisation(db, {
        slug: 'rannikko',
        name_fi: 'Rannikon opisto',
        name_sv: 'Kustens institut',
      })
    ).id;
    const joki = (await buildOrganisation(db, { slug: 'joki', name_fi: 'Joen opisto' })).id;
    ids.joki = joki;
    const mikko = await signedIn(t, {
      name: 'Mikko Haapala',
      organisation_id: rannikko,
      languages: ['fi', 'en'],
    });
    mikkoId = mikko.id;
    cookies = {
      admin: (await signedIn(t, { role: 'admin' })).cookie,
      paivi: (await signedIn(t, { role: 'org_admin', organisation_id: rannikko })).cookie,
      mikko: mikko.cookie,
      leila: (await signedIn(t, { organisation_id: joki, languages: ['fi', 'sv'] })).cookie,
      editor: (await signedIn(t, { role: 'editor' })).cookie,
    };
    await openAllDay(t.app, cookies.admin);
    await setAvailable(t.app, cookies.mikko);
    await setAvailable(t.app, cookies.leila);

    // Chats: one handed on to each provider's queue, two in the shared one.
    ids.chatRannikko = await queuedFor(rannikko, { topic: 'applying', language: 'fi' });
    ids.chatJoki = await queuedFor(joki, { topic: 'financing', language: 'sv' });
    ids.chatShared1 = (await startChat(t.app, { topic: 'other', language: 'en' })).conversationId;
    ids.chatShared2 = (await startChat(t.app, { topic: 'other', language: 'en' })).conversationId;
    // Emails waiting: the shared queue's and each provider's.
    ids.emailShared = (
      await email(undefined, `Yhteinen kysymys ${'ja sen taustaa '.repeat(6)}(loppu)`)
    ).conversationId!;
    ids.emailJoki = (await email('joki', 'Joen kysymys')).conversationId!;
    // Call-backs: due today in the shared queue and Joki's, one due in three days.
    ids.callbackShared = (await callback(undefined, inDays(0))).conversationId!;
    ids.callbackJoki = (await callback('joki', inDays(0))).conversationId!;
    ids.callbackLater = (await callback(undefined, inDays(3))).conversationId!;
    // Mikko's next appointment, booked through the public page.
    await created('PUT', '/api/v1/availability/me', cookies.mikko, allWeek);
    const { slots } = (await inject('GET', '/api/v1/booking/slots?channel=video&language=en&days=3')).json<{
      slots: { start: string }[];
    }>();
    const booked = await created('POST', '/api/v1/booking/appointments', undefined, {
      channel: 'video',
      start: slots[0]!.start,
      language: 'en',
      topic: 'career_change',
      name: 'Ville Virtanen',
      email: 'ville@example.net',
      description: 'Alanvaihto',
      consent: true,
    });
    ids.appointment = booked.appointmentId!;
    ids.booking = booked.conversationId!;
    // Events under way: Rannikko's with Mikko present, and Joki's.
    ids.eventRannikko = (await event(cookies.mikko, 'Rannikon pop-up', { staffIds: [mikkoId] })).id!;
    ids.eventJoki = (await event(cookies.admin, 'Joen pop-up', { organisationId: joki })).id!;
  });

  it('refuses a visitor without a session and a query it does not know', async () => {
    expectError(await inject('GET', '/api/v1/console/today'), 401, 'auth.unauthenticated');
    const bad = expectError(
      await inject('GET', '/api/v1/console/today?lang=de', cookies.mikko),
      400,
      'request.invalid',
    );
    expect(invalidFields(bad)).toEqual(['querystring.lang']);
  });

  it("shows a counsellor their provider's and the shared queue, never another provider's", async () => {
    const day = await today(cookies.mikko);
    expect(day.day).toBe(inDays(0));
    expect(day.queue).toMatchObject({ total: 3, recommended: expect.any(Number) });
    expect(day.queue!.groups.map((g) => [g.language, g.topic, g.count])).toEqual([
      ['fi', 'applying', 1],
      ['en', 'other', 2],
    ]);
    expect(day.waiting!.items.map((item) => item.id)).toEqual([ids.emailShared]);
    expect(day.waiting!.total).toBe(1);
    // Due today and not taken; Joki's and the later one are not on the list.
    expect(day.callbacks!.items.map((item) => item.id)).toEqual([ids.callbackShared]);
    expect(day.callbacks!.items[0]).toMatchObject({
      channel: 'phone',
      assignedToMe: false,
      clientName: 'Soittaja',
    });
    // The booking is his open contact and his next appointment.
    expect(day.mine!.items.map((item) => item.id)).toEqual([ids.booking]);
    expect(day.appointments!.items).toEqual([
      expect.objectContaining({ id: ids.appointment, conversationId: ids.booking, channel: 'video' }),
    ]);
    expect(day.events!.items).toEqual([
      expect.objectContaining({
        id: ids.eventRannikko,
        staffedByMe: true,
        organisationName: 'Rannikon opisto',
        municipality: 'Oulu',
      }),
    ]);
    expect(day.figures).toBeNull();
    expect(day.guides).toBeNull();
    // A subject as the inbox shows it, but nothing of a message, an address or a number.
    expect(day.waiting!.items[0]!.subject).toMatch(/^Yhteinen kysymys/);
    const text = JSON.stringify(day);
    for (const secret of ['(loppu)', 'kysyja@example.net', '401234567', 'ville@example.net']) {
      expect(text).not.toContain(secret);
    }
  });

  it("shows another provider's counsellor their own side of the same day", async () => {
    const day = await today(cookies.leila, '?lang=sv');
    expect(day.queue!.groups.map((g) => [g.language, g.topic, g.count])).toEqual([
      ['sv', 'financing', 1],
      ['en', 'other', 2],
    ]);
    expect(new Set(day.waiting!.items.map((item) => item.id))).toEqual(
      new Set([ids.emailShared, ids.emailJoki]),
    );
    expect(new Set(day.callbacks!.items.map((item) => item.id))).toEqual(
      new Set([ids.callbackShared, ids.callbackJoki]),
    );
    expect(day.mine!.total).toBe(0);
    expect(day.appointments).toEqual({ today: 0, items: [] });
    expect(day.events!.items.map((item) => item.id)).toEqual([ids.eventJoki]);
    expect(day.figures).toBeNull();
  });

  it("gives a provider admin the day's figures of their provider only", async () => {
    const day = await today(cookies.paivi, '?lang=sv');
    expect(day.figures).toMatchObject({ provider: rannikko });
    // Mikko's booking; the chats and mails are nobody's or Joki's yet.
    expect(day.figures!.contacts).toBe(1);
    expect(day.figures!.byChannel).toEqual([{ key: 'video', count: 1 }]);
    expect(day.events!.items).toEqual([
      expect.objectContaining({
        id: ids.eventRannikko,
        organisationName: 'Kustens institut',
        staffedByMe: false,
      }),
    ]);
    expect(day.guides).toBeNull();
  });

  it('gives the admin every provider and the whole service’s figures', async () => {
    const day = await today(cookies.admin);
    expect(day.queue!.total).toBe(4);
    expect(day.figures!.provider).toBeNull();
    expect(day.figures!.contacts).toBe(10);
    expect(new Set(day.events!.items.map((item) => item.id))).toEqual(
      new Set([ids.eventRannikko, ids.eventJoki]),
    );
    // Call-backs due today, Joki's too; the one in three days is not.
    expect(new Set(day.callbacks!.items.map((item) => item.id))).toEqual(
      new Set([ids.callbackShared, ids.callbackJoki]),
    );
  });

  it('gives an editor the guides that need work and no contacts', async () => {
    await created('POST', '/api/v1/editor/articles', cookies.editor, {
      key: 'uusi-ohje',
      category: 'hakeminen',
    });
    const day = await today(cookies.editor);
    expect(day).toMatchObject({
      queue: null,
      waiting: null,
      mine: null,
      callbacks: null,
      appointments: null,
      events: null,
      figures: null,
    });
    expect(day.guides).toMatchObject({
      total: 1,
      missing: 3,
      items: [{ key: 'uusi-ohje', missingLangs: ['fi', 'sv', 'en'] }],
    });
  });

  it('updates as the day goes on: a taken chat leaves the queue and becomes the counsellor’s', async () => {
    const accept = await inject(
      'POST',
      `/api/v1/inbox/conversations/${ids.chatRannikko}/accept`,
      cookies.mikko,
    );
    expect(accept.statusCode).toBe(200);
    const day = await today(cookies.mikko);
    expect(day.queue!.groups.map((g) => [g.language, g.topic, g.count])).toEqual([['en', 'other', 2]]);
    expect(new Set(day.mine!.items.map((item) => item.id))).toEqual(new Set([ids.booking, ids.chatRannikko]));
    // Taken by a Rannikko counsellor, the chat now counts in Rannikko's figures.
    const figures = (await today(cookies.paivi)).figures!;
    expect(figures.contacts).toBe(2);
    expect(figures.byChannel).toEqual(
      expect.arrayContaining([
        { key: 'chat', count: 1 },
        { key: 'video', count: 1 },
      ]),
    );
  });
});
