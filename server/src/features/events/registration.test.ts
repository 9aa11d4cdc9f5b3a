import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { expectError, invalidFields } from '../../test/http-helpers.js';
import { useTestApp, useOrganisation, useSignedIn, useStaff } from '../../test/test-app.js';
import { addDays, helsinkiDay } from './event-times.js';
import { sendDueRegistrationReminders } from './registration-reminders.js';

const inDays = (n: number) => addDays(helsinkiDay(new Date()), n);

describe('online group sessions and their registrations', () => {
  const t = useTestApp({ PUBLIC_URL: 'https://opintori.test' });
  const mine = useOrganisation(t, { slug: 'rannikko', name_fi: 'Rannikon opisto' });
  const theirs = useOrganisation(t, { slug: 'jokivarsi', name_fi: 'Jokivarren opisto' });
  const counsellor = useSignedIn(t, () => ({ name: 'Mikko Haapala', organisation_id: mine.id }));
  const colleague = useStaff(t, () => ({ name: 'Sanna Rautio', organisation_id: mine.id }));
  const stranger = useSignedIn(t, () => ({ name: 'Leila Haddad', organisation_id: theirs.id }));
  const dpo = useSignedIn(t, () => ({
    name: 'Teija Tietosuoja',
    organisation_id: mine.id,
    grants: ['privacy'],
  }));
  const admin = useSignedIn(t, { role: 'admin' });

  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, cookie?: string) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
  const session = (overrides: Record<string, unknown> = {}) => ({
    title: 'Hakeminen ammatilliseen koulutukseen – verkkoinfo',
    format: 'online',
    startsAt: `${inDays(5)}T17:00`,
    endsAt: `${inDays(5)}T18:00`,
    languages: ['fi', 'en'],
    description: 'Jatkuva haku, oppisopimus ja osaamisen tunnistaminen tunnissa.',
    staffIds: [colleague.id],
    capacity: 5,
    joinUrl: 'https://teams.example/l/meetup-join/abc',
    ...overrides,
  });
  const createSession = async (overrides: Record<string, unknown> = {}) => {
    const response = await inject('POST', '/api/v1/events/manage', session(overrides), counsellor.cookie);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; registration: unknown; joinUrl: string | null };
  };
  // Each from an address of its own: the registrations from one address per hour are limited.
  let address = 0;
  const registerAs = (eventId: string, email: string, overrides: Record<string, unknown> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${eventId}/registrations`,
      remoteAddress: `10.0.${Math.floor(++address / 250)}.${address % 250}`,
      payload: { email, language: 'fi', lang: 'fi', consent: true, ...overrides },
    });
  const mailsTo = (email: string) =>
    t.database.db
      .selectFrom('outgoing_mail')
      .selectAll()
      .where('to_address', '=', email)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  const ownLink = (text: string) => {
    const match = /https:\/\/opintori\.test\/(fi|sv|en)\/[a-z]+\/[a-z]+\/([A-Za-z0-9_-]{43})/.exec(text);
    expect(match, text).not.toBeNull();
    return match![2]!;
  };
  const statuses = async (eventId: string) =>
    (
      await t.database.db
        .selectFrom('event_registrations')
        .select(['email', 'status'])
        .where('event_id', '=', eventId)
        .orderBy('created_at')
        .execute()
    ).map((r) => `${r.email}:${r.status}`);

  it('takes an online session without a place, and keeps its join link for those registered', async () => {
    const created = await createSession();
    expect(created.registration).toEqual({ capacity: 5, registered: 0, waiting: 0, placesLeft: 5 });
    // Staff see the link; the public page of a session with registrations does not.
    expect(created.joinUrl).toBe('https://teams.example/l/meetup-join/abc');
    const open = (await inject('GET', `/api/v1/events/${created.id}`)).json();
    expect(open).toMatchObject({ format: 'online', municipality: null, place: '', joinUrl: null });
    // An open webinar without registration shows its link to everyone.
    const webinar = await createSession({ capacity: null });
    expect((await inject('GET', `/api/v1/events/${webinar.id}`)).json().joinUrl).toBe(
      'https://teams.example/l/meetup-join/abc',
    );
    // An online session shows up whichever municipality the calendar is filtered by.
    const listed = (
      await inject('GET', `/api/v1/events?municipality=139&from=${inDays(0)}&to=${inDays(10)}`)
    ).json();
    expect(listed.items.map((e: { id: string }) => e.id)).toEqual(
      expect.arrayContaining([created.id, webinar.id]),
    );
    // The calendar file of an online session says so.
    const ics = (await inject('GET', `/api/v1/events/${created.id}/calendar.ics`)).body;
    expect(ics).toContain('LOCATION:Verkossa');
    expect(ics).not.toContain('teams.example');
  });

  it('refuses a face-to-face event without a place, a join link on one, and a link that is not https', async () => {
    const before = await t.database.db
      .selectFrom('events')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    const place = await inject(
      'POST',
      '/api/v1/events/manage',
      session({ format: 'in_person', joinUrl: null }),
      counsellor.cookie,
    );
    expect(invalidFields(expectError(place, 400, 'event.place_required'))).toEqual(['place']);
    const municipality = await inject(
      'POST',
      '/api/v1/events/manage',
      session({ format: 'hybrid', place: 'Raahen kirjasto' }),
      counsellor.cookie,
    );
    expect(invalidFields(expectError(municipality, 400, 'event.municipality_required'))).toEqual([
      'municipality',
    ]);
    const link = await inject(
      'POST',
      '/api/v1/events/manage',
      session({ format: 'in_person', place: 'Raahen kirjasto', municipality: '678' }),
      counsellor.cookie,
    );
    expect(invalidFields(expectError(link, 400, 'event.join_url_not_online'))).toEqual(['joinUrl']);
    const http = await inject(
      'POST',
      '/api/v1/events/manage',
      session({ joinUrl: 'http://teams.example/x' }),
      counsellor.cookie,
    );
    expect(invalidFields(expectError(http, 400, 'request.invalid'))).toEqual(['joinUrl']);
    const capacity = await inject(
      'POST',
      '/api/v1/events/manage',
      session({ capacity: 0 }),
      counsellor.cookie,
    );
    expect(invalidFields(expectError(capacity, 400, 'request.invalid'))).toEqual(['capacity']);
    const after = await t.database.db
      .selectFrom('events')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    // A hybrid session has both.
    const hybrid = await createSession({ format: 'hybrid', place: 'Raahen kirjasto', municipality: '678' });
    expect((await inject('GET', `/api/v1/events/${hybrid.id}`)).json()).toMatchObject({
      format: 'hybrid',
      municipality: { code: '678', name: 'Raahe' },
    });
  });

  it('registers, puts the rest on the waiting list, returns the first for the same address, and moves up on cancel', async () => {
    const { id } = await createSession({ capacity: 2 });
    const first = await registerAs(id, 'aino@example.net', { lang: 'en', language: 'en' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      status: 'registered',
      position: null,
      alreadyRegistered: false,
      language: 'en',
    });
    expect(first.body).not.toMatch(/token/i);

    const again = await registerAs(id, 'AINO@example.net');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      id: first.json().id,
      status: 'registered',
      alreadyRegistered: true,
    });

    expect((await registerAs(id, 'bertta@example.net')).json().status).toBe('registered');
    const waiting = await registerAs(id, 'cecilia@example.net');
    expect(waiting.statusCode).toBe(201);
    expect(waiting.json()).toMatchObject({ status: 'waiting', position: 1 });
    expect((await registerAs(id, 'doris@example.net')).json()).toMatchObject({
      status: 'waiting',
      position: 2,
    });
    expect((await inject('GET', `/api/v1/events/${id}`)).json().registration).toEqual({
      capacity: 2,
      registered: 2,
      waiting: 2,
      placesLeft: 0,
    });

    // One mail to the first address (in English, the page's language), with the calendar file,
    // the join link and the own link; the second registration sent none.
    const [confirmation, ...more] = await mailsTo('aino@example.net');
    expect(more).toEqual([]);
    expect(confirmation!.kind).toBe('event_registration');
    expect(confirmation!.subject).toBe(
      'Registration confirmed: Hakeminen ammatilliseen koulutukseen – verkkoinfo',
    );
    expect(confirmation!.text_body).toContain('https://teams.example/l/meetup-join/abc');
    expect(confirmation!.calendar).toContain('BEGIN:VEVENT');
    expect(confirmation!.calendar).toContain('teams.example');
    const [waitMail] = await mailsTo('cecilia@example.net');
    expect(waitMail!.subject).toMatch(/^Olet jonossa/);
    expect(waitMail!.text_body).toContain('Olet jonossa sijalla 1.');
    expect(waitMail!.text_body).not.toContain('teams.example');
    expect(waitMail!.calendar).toBeNull();

    const token = ownLink(confirmation!.text_body);
    expect((await inject('GET', `/api/v1/events/registrations/${token}?lang=en`)).json()).toMatchObject({
      status: 'registered',
      event: { id },
    });
    const cancelled = await inject('POST', `/api/v1/events/registrations/${token}/cancel?lang=en`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expectError(
      await inject('POST', `/api/v1/events/registrations/${token}/cancel`),
      409,
      'registration.already_cancelled',
    );
    expectError(
      await inject('POST', `/api/v1/events/registrations/${'x'.repeat(43)}/cancel`),
      404,
      'registration.not_found',
    );

    // Cecilia moved up and was told, with the link and the calendar file; Doris is now first.
    expect(await statuses(id)).toEqual([
      'aino@example.net:cancelled',
      'bertta@example.net:registered',
      'cecilia@example.net:registered',
      'doris@example.net:waiting',
    ]);
    const promoted = (await mailsTo('cecilia@example.net'))[1]!;
    expect(promoted.subject).toMatch(/^Sait paikan/);
    expect(promoted.text_body).toContain('https://teams.example/l/meetup-join/abc');
    expect(promoted.calendar).toContain('BEGIN:VEVENT');
    const dorisToken = ownLink((await mailsTo('doris@example.net'))[0]!.text_body);
    expect((await inject('GET', `/api/v1/events/registrations/${dorisToken}`)).json()).toMatchObject({
      status: 'waiting',
      position: 1,
    });

    // A cancelled registration is no obstacle to registering again.
    expect((await registerAs(id, 'aino@example.net')).json()).toMatchObject({
      status: 'waiting',
      position: 2,
    });
  });

  it('gives exactly the capacity to 20 parallel registrations, and the waiting list moves up in order', async () => {
    const { id } = await createSession({ capacity: 5 });
    const emails = Array.from({ length: 20 }, (_, i) => `rinnakkain-${i}@example.net`);
    const answers = await Promise.all(emails.map((email) => registerAs(id, email)));
    expect(answers.map((a) => a.statusCode)).toEqual(emails.map(() => 201));
    const bodies = answers.map((a) => a.json() as { status: string; position: number | null });
    expect(bodies.filter((b) => b.status === 'registered')).toHaveLength(5);
    expect(
      bodies
        .filter((b) => b.status === 'waiting')
        .map((b) => b.position)
        .sort((a, b) => a! - b!),
    ).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));

    const rows = await t.database.db
      .selectFrom('event_registrations')
      .select(['id', 'email', 'status'])
      .where('event_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const placed = rows.filter((r) => r.status === 'registered');
    const queue = rows.filter((r) => r.status === 'waiting');
    expect(placed).toHaveLength(5);
    // Two with a place cancel at the same moment: the first two waiting get their places.
    const tokens = await Promise.all(
      placed.slice(0, 2).map(async (r) => ownLink((await mailsTo(r.email!))[0]!.text_body)),
    );
    const cancels = await Promise.all(
      tokens.map((token) => inject('POST', `/api/v1/events/registrations/${token}/cancel`)),
    );
    expect(cancels.map((c) => c.statusCode)).toEqual([200, 200]);
    const after = await t.database.db
      .selectFrom('event_registrations')
      .select(['email', 'status'])
      .where('event_id', '=', id)
      .execute();
    const nowPlaced = after.filter((r) => r.status === 'registered').map((r) => r.email);
    expect(nowPlaced).toHaveLength(5);
    expect(nowPlaced).toEqual(expect.arrayContaining([queue[0]!.email, queue[1]!.email]));
    expect(nowPlaced).not.toContain(queue[2]!.email);
  });

  it('refuses without consent, in a language the session is not held in, and when it takes none or is over; stores nothing', async () => {
    const { id } = await createSession({ languages: ['fi'] });
    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('event_registrations')
            .select(sql<number>`count(*)::int`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    expect(
      invalidFields(
        expectError(
          await registerAs(id, 'x@example.net', { consent: false }),
          400,
          'registration.consent_required',
        ),
      ),
    ).toEqual(['consent']);
    const language = expectError(
      await registerAs(id, 'x@example.net', { language: 'ar' }),
      400,
      'registration.language_not_offered',
    );
    expect(language.error.details).toMatchObject({ allowed: ['fi'] });
    expectError(await registerAs(id, 'not-an-address'), 400, 'request.invalid');
    const open = await createSession({ capacity: null });
    expectError(await registerAs(open.id, 'x@example.net'), 409, 'registration.not_open');
    const draft = await createSession({ status: 'draft' });
    expectError(await registerAs(draft.id, 'x@example.net'), 404, 'event.not_found');
    const cancelled = await createSession();
    await inject('POST', `/api/v1/events/manage/${cancelled.id}/cancel`, undefined, counsellor.cookie);
    expectError(await registerAs(cancelled.id, 'x@example.net'), 409, 'registration.event_cancelled');
    const started = await createSession({
      startsAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 50 * 60_000).toISOString(),
    });
    expectError(await registerAs(started.id, 'x@example.net'), 409, 'registration.closed');
    expect(await count()).toBe(before);
  });

  it('gives staff the list and attendance, tells registrants of a cancelled session, and reminds those with a place', async () => {
    // A start of its own, so that the reminders of the other tests' sessions are not due with it.
    const { id } = await createSession({
      capacity: 1,
      startsAt: `${inDays(9)}T09:00`,
      endsAt: `${inDays(9)}T10:00`,
    });
    const placed = (await registerAs(id, 'eeva@example.net')).json();
    const waiting = (await registerAs(id, 'fanni@example.net')).json();

    expectError(
      await inject('GET', `/api/v1/events/manage/${id}/registrations`, undefined, stranger.cookie),
      403,
      'auth.forbidden',
    );
    expectError(
      await inject('GET', `/api/v1/events/manage/${id}/registrations`),
      401,
      'auth.unauthenticated',
    );
    const list = (
      await inject('GET', `/api/v1/events/manage/${id}/registrations`, undefined, counsellor.cookie)
    ).json();
    expect(list.counts).toEqual({ registered: 1, waiting: 1, cancelled: 0, attended: 0 });
    expect(list.items.map((r: { email: string; position: number | null }) => [r.email, r.position])).toEqual([
      ['eeva@example.net', null],
      ['fanni@example.net', 1],
    ]);
    const attendance = (registrationId: string, attended: boolean | null, cookie = counsellor.cookie) =>
      inject(
        'PUT',
        `/api/v1/events/manage/${id}/registrations/${registrationId}/attendance`,
        { attended },
        cookie,
      );
    expectError(await attendance(placed.id, true), 409, 'registration.not_started');

    // The reminder a day before goes to the one with a place, once.
    const start = new Date((await inject('GET', `/api/v1/events/${id}`)).json().startsAt);
    const deps = { db: t.database.db, notifier: t.app.chatHub, ...t.app.mail };
    expect(await sendDueRegistrationReminders(deps, new Date(start.getTime() - 23 * 3_600_000))).toBe(1);
    expect(await sendDueRegistrationReminders(deps, new Date(start.getTime() - 22 * 3_600_000))).toBe(0);
    expect((await mailsTo('eeva@example.net')).map((m) => m.kind)).toEqual([
      'event_registration',
      'event_reminder',
    ]);
    expect((await mailsTo('fanni@example.net')).map((m) => m.kind)).toEqual(['event_registration']);

    // The session moves to have started ten minutes ago: attendance can be marked.
    const moved = await inject(
      'PUT',
      `/api/v1/events/manage/${id}`,
      session({
        capacity: 1,
        startsAt: new Date(Date.now() - 10 * 60_000).toISOString(),
        endsAt: new Date(Date.now() + 50 * 60_000).toISOString(),
      }),
      counsellor.cookie,
    );
    expect(moved.statusCode, moved.body).toBe(200);
    expectError(await attendance(placed.id, true, stranger.cookie), 403, 'auth.forbidden');
    expectError(await attendance(waiting.id, true), 409, 'registration.not_registered');
    const marked = await attendance(placed.id, true);
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toMatchObject({ attended: true, status: 'registered' });
    expect(
      (await inject('GET', `/api/v1/events/manage/${id}/registrations`, undefined, counsellor.cookie)).json()
        .counts,
    ).toEqual({ registered: 1, waiting: 1, cancelled: 0, attended: 1 });

    // Cancelled by the provider: both are told, the one with a place with the calendar's cancellation.
    const other = await createSession({ capacity: 1 });
    await registerAs(other.id, 'gun@example.net');
    await registerAs(other.id, 'helka@example.net');
    await inject('POST', `/api/v1/events/manage/${other.id}/cancel`, undefined, counsellor.cookie);
    const [gun, helka] = [
      (await mailsTo('gun@example.net')).at(-1)!,
      (await mailsTo('helka@example.net')).at(-1)!,
    ];
    expect(gun.subject).toMatch(/^Tilaisuus on peruttu/);
    expect(gun.calendar).toContain('METHOD:CANCEL');
    expect(helka.subject).toMatch(/^Tilaisuus on peruttu/);
  });

  it('gives the places a raised capacity opens to those waiting', async () => {
    const { id } = await createSession({ capacity: 1 });
    await registerAs(id, 'iida@example.net');
    await registerAs(id, 'jenni@example.net');
    await registerAs(id, 'kaisa@example.net');
    const raised = await inject(
      'PUT',
      `/api/v1/events/manage/${id}`,
      session({ capacity: 2 }),
      counsellor.cookie,
    );
    expect(raised.statusCode, raised.body).toBe(200);
    expect(raised.json().registration).toEqual({ capacity: 2, registered: 2, waiting: 1, placesLeft: 0 });
    expect(await statuses(id)).toEqual([
      'iida@example.net:registered',
      'jenni@example.net:registered',
      'kaisa@example.net:waiting',
    ]);
    expect((await mailsTo('jenni@example.net')).at(-1)!.subject).toMatch(/^Sait paikan/);
  });

  it('counts registrations and attendance in the report, is in the person’s export, and goes with erasure and retention', async () => {
    // The other provider's sessions, so that the other tests' sessions are not in its figures.
    const theirsSession = (overrides: Record<string, unknown>) =>
      inject(
        'POST',
        '/api/v1/events/manage',
        session({
          organisationId: theirs.id,
          staffIds: [stranger.id],
          startsAt: `${inDays(12)}T17:00`,
          endsAt: `${inDays(12)}T18:00`,
          ...overrides,
        }),
        admin.cookie,
      ).then((r) => {
        expect(r.statusCode, r.body).toBe(201);
        return r.json() as { id: string };
      });
    const online = await theirsSession({ capacity: 2 });
    const hybrid = await theirsSession({
      capacity: 3,
      format: 'hybrid',
      place: 'Raahen kirjasto',
      municipality: '678',
    });
    await theirsSession({ capacity: null });
    for (const email of ['liisa@example.net', 'maija@example.net', 'niina@example.net'])
      await registerAs(online.id, email);
    await registerAs(hybrid.id, 'olga@example.net');
    const token = ownLink((await mailsTo('maija@example.net'))[0]!.text_body);
    await inject('POST', `/api/v1/events/registrations/${token}/cancel`);
    await registerAs(online.id, 'pirkko@example.net');
    const report = async (from: string, to: string) =>
      (
        await inject(
          'GET',
          `/api/v1/reports?from=${from}&to=${to}&provider=${theirs.id}`,
          undefined,
          admin.cookie,
        )
      ).json();

    // A session held now (registered for ahead, then moved by staff): one came, one did not.
    const held = await theirsSession({ capacity: 4 });
    const came = (await registerAs(held.id, 'raija@example.net')).json();
    const away = (await registerAs(held.id, 'saara@example.net')).json();
    const startedAt = new Date(Date.now() - 10 * 60_000);
    const moved = await inject(
      'PUT',
      `/api/v1/events/manage/${held.id}`,
      session({
        organisationId: theirs.id,
        staffIds: [stranger.id],
        capacity: 4,
        startsAt: startedAt.toISOString(),
        endsAt: new Date(startedAt.getTime() + 60 * 60_000).toISOString(),
      }),
      admin.cookie,
    );
    expect(moved.statusCode, moved.body).toBe(200);
    for (const [who, attended] of [
      [came, true],
      [away, false],
    ] as const) {
      const marked = await inject(
        'PUT',
        `/api/v1/events/manage/${held.id}/registrations/${who.id}/attendance`,
        { attended },
        admin.cookie,
      );
      expect(marked.statusCode, marked.body).toBe(200);
    }
    const startDay = helsinkiDay(startedAt);
    expect((await report(startDay, startDay)).groupSessions).toMatchObject({
      events: 1,
      capacity: 4,
      registered: 2,
      attended: 1,
      byFormat: [{ format: 'online', events: 1, registered: 2, attended: 1 }],
    });
    const figures = (await report(inDays(12), inDays(12))).groupSessions;
    // Online: 2 places; Liisa and Niina (moved up) have them, Maija cancelled, Pirkko waits.
    // Hybrid: Olga. The walk-in session takes no registrations and is not counted.
    expect(figures).toEqual({
      events: 2,
      capacity: 5,
      registered: 3,
      waiting: 1,
      cancelled: 1,
      attended: 0,
      byFormat: [
        { format: 'online', events: 1, capacity: 2, registered: 2, waiting: 1, cancelled: 1, attended: 0 },
        { format: 'hybrid', events: 1, capacity: 3, registered: 1, waiting: 0, cancelled: 0, attended: 0 },
      ],
    });
    const csv = await inject(
      'GET',
      `/api/v1/reports/group-sessions.csv?from=${inDays(12)}&to=${inDays(12)}&provider=${theirs.id}`,
      undefined,
      admin.cookie,
    );
    expect(
      csv.body
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .slice(0, 4),
    ).toEqual([
      'format;sessions;places;registered;waiting;cancelled;attended',
      'online;1;2;2;1;1;0',
      'hybrid;1;3;1;0;0;0',
      'total;2;5;3;1;1;0',
    ]);

    // The funder report: sessions per month and format, the people 1–4 as "< 5".
    const full = await theirsSession({
      capacity: 6,
      startsAt: `${inDays(13)}T17:00`,
      endsAt: `${inDays(13)}T18:00`,
    });
    for (const n of [1, 2, 3, 4, 5]) await registerAs(full.id, `ryhma${n}@example.net`);
    const month = (day: string) => day.slice(0, 7);
    const heldFigures = { month: month(startDay), format: 'online', sessions: 1, registered: 2, attended: 1 };
    const expected = new Map<string, { sessions: number; registered: number; attended: number }>();
    for (const s of [
      heldFigures,
      { month: month(inDays(12)), format: 'online', sessions: 1, registered: 2, attended: 0 },
      { month: month(inDays(12)), format: 'hybrid', sessions: 1, registered: 1, attended: 0 },
      { month: month(inDays(13)), format: 'online', sessions: 1, registered: 5, attended: 0 },
    ]) {
      const cell = expected.get(`${s.month}|${s.format}`) ?? { sessions: 0, registered: 0, attended: 0 };
      cell.sessions += s.sessions;
      cell.registered += s.registered;
      cell.attended += s.attended;
      expected.set(`${s.month}|${s.format}`, cell);
    }
    const shown = (n: number) => (n > 0 && n < 5 ? '< 5' : String(n));
    const funderQuery = `from=${startDay}&to=${inDays(13)}&period=month&provider=${theirs.id}`;
    const funder = await inject('GET', `/api/v1/reports/funder?${funderQuery}`, undefined, admin.cookie);
    expect(funder.statusCode, funder.body).toBe(200);
    const funderRows = (funder.json() as { groupSessions: { period: string; format: string }[] })
      .groupSessions;
    expect(new Map(funderRows.map(({ period, format, ...rest }) => [`${period}|${format}`, rest]))).toEqual(
      new Map(
        [...expected].map(([key, c]) => [
          key,
          { sessions: c.sessions, registered: shown(c.registered), attended: shown(c.attended) },
        ]),
      ),
    );
    expect(funderRows.some((r) => r.format === 'online' && r.period === month(inDays(13)))).toBe(true);
    const funderCsv = await inject(
      'GET',
      `/api/v1/reports/funder-group-sessions.csv?${funderQuery}`,
      undefined,
      admin.cookie,
    );
    const csvLines = funderCsv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(csvLines[0]).toBe('period;format;sessions;registered;attended');
    const last = expected.get(`${month(inDays(13))}|online`)!;
    expect(csvLines).toContain(
      `${month(inDays(13))};online;${last.sessions};${shown(last.registered)};${shown(last.attended)}`,
    );

    // The person's export lists the registration; erasure takes the address and the link.
    const request = { identifiers: [{ kind: 'email', value: 'Liisa@example.net' }], reason: 'Tietopyyntö' };
    const summary = (await inject('POST', '/api/v1/privacy/search', request, dpo.cookie)).json();
    expect(summary.registrations).toBe(1);
    const exported = (
      await inject('POST', '/api/v1/privacy/export', { ...request, format: 'json' }, dpo.cookie)
    ).json();
    expect(exported.registrations).toEqual([
      expect.objectContaining({
        event: 'Hakeminen ammatilliseen koulutukseen – verkkoinfo',
        format: 'online',
        status: 'registered',
        language: 'fi',
      }),
    ]);
    const html = (
      await inject('POST', '/api/v1/privacy/export', { ...request, format: 'html', lang: 'fi' }, dpo.cookie)
    ).body;
    expect(html).toContain('Ilmoittautumisesi tilaisuuksiin');
    const liisaToken = ownLink((await mailsTo('liisa@example.net'))[0]!.text_body);
    const erased = await inject('POST', '/api/v1/privacy/erase', { ...request, confirm: true }, dpo.cookie);
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json().registrations).toBe(1);
    expectError(
      await inject('GET', `/api/v1/events/registrations/${liisaToken}`),
      404,
      'registration.not_found',
    );
    // The figures stay.
    expect((await report(inDays(12), inDays(12))).groupSessions.registered).toBe(3);

    // Retention: 180 days after the session ended the address goes, the count stays.
    const { purgeExpired, readRetentionDays } = await import('../../conversations/retention.js');
    const days = await readRetentionDays(t.database.db);
    const later = new Date(Date.now() + (12 + 181) * 86_400_000);
    const counts = await purgeExpired(t.database.db, days, later);
    expect(counts.event_registration).toBeGreaterThanOrEqual(3);
    const left = await t.database.db
      .selectFrom('event_registrations')
      .select(['email', 'status'])
      .where('event_id', 'in', [online.id, hybrid.id])
      .execute();
    expect(left.map((r) => r.email)).toEqual([null, null, null, null, null]);
    expect((await report(inDays(12), inDays(12))).groupSessions.registered).toBe(3);
  });
});
