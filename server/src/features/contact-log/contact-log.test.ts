import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectError, invalidFields } from '../../test/http-helpers.js';
import { useTestApp, signedIn, useOrganisation, useSignedIn } from '../../test/test-app.js';
import type { InboxListItem } from '../inbox/inbox.types.js';
import type { ContactLogEntry, ContactLogEvent } from './contact-log.service.js';

interface Context {
  events: ContactLogEvent[];
  topics: string[];
  outcomes: string[];
  languages: string[];
  today: { count: number; items: ContactLogEntry[] };
}

const hours = (h: number) => new Date(Date.now() + h * 3_600_000);

describe('quick contact log', () => {
  const t = useTestApp();
  const rannikko = useOrganisation(t, { slug: 'rannikko', name_fi: 'Rannikon opisto (demo)' });
  const joki = useOrganisation(t, { slug: 'joki', name_fi: 'Joen opisto (demo)' });
  const mikko = useSignedIn(t, () => ({
    name: 'Mikko Haapala',
    organisation_id: rannikko.id,
    languages: ['fi', 'sv', 'ar'],
  }));
  const leila = useSignedIn(t, () => ({ organisation_id: joki.id }));
  const editor = useSignedIn(t, { role: 'editor' });
  const admin = useSignedIn(t, { role: 'admin' });
  let ownEvent: string;
  let laterEvent: string;
  let otherEvent: string;
  let listedEvent: string;
  let cancelledEvent: string;
  let tomorrowEvent: string;

  const db = () => t.database.db;

  async function insertEvent(
    organisationId: string,
    title: string,
    from: Date,
    to: Date,
    status = 'published',
  ) {
    const row = await db()
      .insertInto('events')
      .values({
        organisation_id: organisationId,
        title,
        place: 'Kauppakeskus Valo, 2. krs',
        municipality: '564',
        starts_at: from,
        ends_at: to,
        status: status as 'published',
        created_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  beforeAll(async () => {
    // An event already on, one starting in a couple of minutes, another provider's, one of
    // another provider where Mikko is listed, a cancelled one and tomorrow's.
    laterEvent = await insertEvent(rannikko.id, 'Iltapäivän infopiste', hours(0.03), hours(1));
    ownEvent = await insertEvent(rannikko.id, 'Opiskelumessut', hours(-1), hours(0.25));
    otherEvent = await insertEvent(joki.id, 'Joen kirjastopäivä', hours(-1), hours(0.25));
    listedEvent = await insertEvent(joki.id, 'Yhteinen pop-up', hours(-2), hours(0.25));
    await db().insertInto('event_staff').values({ event_id: listedEvent, staff_id: mikko.id }).execute();
    cancelledEvent = await insertEvent(rannikko.id, 'Peruttu tapahtuma', hours(-1), hours(0.25), 'cancelled');
    tomorrowEvent = await insertEvent(rannikko.id, 'Huomisen messut', hours(30), hours(32));
  });

  const post = (
    cookie: string | undefined,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/contact-log',
      headers: { ...(cookie ? { cookie } : {}), ...headers },
      payload: body,
    });
  const entry = (body: Record<string, unknown> = {}) => ({
    clientRef: randomUUID(),
    topics: ['applying'],
    language: 'fi',
    ...body,
  });
  /** Mikko logs an entry with these fields; it is refused with 400 and this code. */
  const refusedEntry = async (body: Record<string, unknown>, code: string) =>
    expectError(await post(mikko.cookie, entry(body)), 400, code);
  const context = async (cookie: string): Promise<Context> => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/contact-log/context',
      headers: { cookie },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Context>();
  };
  const rowsByRef = (ref: string) =>
    db().selectFrom('conversations').selectAll().where('client_ref', '=', ref).execute();

  it('stores a walk-in as a closed in_person conversation answered on the spot', async () => {
    const occurredAt = new Date(Date.now() - 2 * 60_000);
    occurredAt.setMilliseconds(0);
    const body = entry({
      topics: ['financing', 'apprenticeship'],
      language: 'sv',
      outcome: 'referred_to_provider',
      ageBand: '25_34',
      situation: 'new_in_finland',
      occurredAt: occurredAt.toISOString(),
    });
    const response = await post(mikko.cookie, body);
    expect(response.statusCode, response.body).toBe(201);
    const answer = response.json<{ id: string; status: string; duplicate: boolean; today: number }>();
    expect(answer).toMatchObject({ status: 'closed', duplicate: false, today: 1 });

    const [row] = await rowsByRef(body.clientRef as string);
    expect(row).toMatchObject({
      id: answer.id,
      channel: 'in_person',
      status: 'closed',
      organisation_id: rannikko.id,
      assigned_staff_id: mikko.id,
      client_id: null,
      topic: 'financing',
      language: 'sv',
      outcome: 'referred_to_provider',
      event_id: null,
      client_age_band: '25_34',
      client_situation: 'new_in_finland',
      queued_at: null,
    });
    expect(row!.details).toEqual({
      origin: 'contact_log',
      topics: ['financing', 'apprenticeship'],
      outcome: 'referred_to_provider',
      followUp: false,
    });
    expect(row!.created_at.toISOString()).toBe(occurredAt.toISOString());
    expect(row!.first_response_at!.toISOString()).toBe(occurredAt.toISOString());
    expect(row!.closed_at!.toISOString()).toBe(occurredAt.toISOString());
    // Kept for a year from now, like every closed conversation.
    const keptDays = (row!.retain_until!.getTime() - Date.now()) / 86_400_000;
    expect(keptDays).toBeGreaterThan(364.9);
    expect(keptDays).toBeLessThan(365.1);

    // The inbox counts it as a closed in-person conversation.
    const inbox = await t.app.inject({
      method: 'GET',
      url: '/api/v1/inbox/conversations?channel=in_person&status=closed',
      headers: { cookie: mikko.cookie },
    });
    expect(inbox.json<{ items: InboxListItem[] }>().items.map((i) => i.id)).toContain(answer.id);
  });

  it('defaults the outcome to answered and the time to now', async () => {
    const body = entry();
    const response = await post(mikko.cookie, body);
    expect(response.statusCode, response.body).toBe(201);
    const [row] = await rowsByRef(body.clientRef as string);
    expect(row!.outcome).toBe('answered');
    expect(Math.abs(row!.created_at.getTime() - Date.now())).toBeLessThan(10_000);
  });

  it('offers today’s events the counsellor may log against, ongoing first, and today’s entries', async () => {
    const sanna = (await signedIn(t, { organisation_id: rannikko.id })).cookie;
    const before = await context(sanna);
    expect(before.today).toEqual({ count: 0, items: [] });
    expect(before.events.map((e) => e.id)).toEqual([ownEvent, laterEvent]);
    expect(before.events.map((e) => e.ongoing)).toEqual([true, false]);
    expect(before.topics).toContain('programme_choice');
    expect(before.outcomes[0]).toBe('answered');
    expect(before.languages).toEqual(['fi', 'sv', 'en']);

    const mikkoContext = await context(mikko.cookie);
    // Listed at another provider's event; not the other provider's own, cancelled or tomorrow's.
    const ids = mikkoContext.events.map((e) => e.id);
    expect(ids.slice(0, 2).sort()).toEqual([ownEvent, listedEvent].sort());
    expect(ids[2]).toBe(laterEvent);
    for (const hidden of [otherEvent, cancelledEvent, tomorrowEvent]) expect(ids).not.toContain(hidden);
    expect(mikkoContext.languages).toEqual(['fi', 'sv', 'en', 'ar']);

    for (const topics of [['recognition'], ['immigrants', 'other']]) {
      const response = await post(sanna, entry({ topics, eventId: ownEvent }));
      expect(response.statusCode, response.body).toBe(201);
    }
    // Six days ago is stored but is not today's.
    expect((await post(sanna, entry({ occurredAt: hours(-6 * 24).toISOString() }))).statusCode).toBe(201);
    const after = await context(sanna);
    expect(after.today.count).toBe(2);
    expect(after.today.items.map((i) => i.topics)).toEqual([['immigrants', 'other'], ['recognition']]);
    expect(after.today.items[0]).toMatchObject({
      topic: 'immigrants',
      eventId: ownEvent,
      eventTitle: 'Opiskelumessut',
      status: 'closed',
      outcome: 'answered',
      followUp: false,
    });
  });

  it('logs at an event of the own provider or where the counsellor is listed, and refuses others', async () => {
    const own = entry({ eventId: ownEvent });
    expect((await post(mikko.cookie, own)).statusCode).toBe(201);
    expect((await rowsByRef(own.clientRef as string))[0]).toMatchObject({
      event_id: ownEvent,
      organisation_id: rannikko.id,
    });

    const listed = entry({ eventId: listedEvent });
    expect((await post(mikko.cookie, listed)).statusCode).toBe(201);
    // The contact is the counsellor's provider's work, at another provider's event.
    expect((await rowsByRef(listed.clientRef as string))[0]).toMatchObject({
      event_id: listedEvent,
      organisation_id: rannikko.id,
    });

    const refused = entry({ eventId: otherEvent });
    expectError(await post(mikko.cookie, refused), 403, 'contact_log.event_forbidden');
    expectError(await post(leila.cookie, entry({ eventId: ownEvent })), 403, 'contact_log.event_forbidden');
    await refusedEntry({ eventId: cancelledEvent }, 'contact_log.event_cancelled');
    await refusedEntry({ eventId: randomUUID() }, 'contact_log.event_not_found');
    expect(await rowsByRef(refused.clientRef as string)).toEqual([]);

    // An admin (no provider) may log anywhere; the event's provider is recorded.
    const byAdmin = entry({ eventId: otherEvent });
    expect((await post(admin.cookie, byAdmin)).statusCode).toBe(201);
    expect((await rowsByRef(byAdmin.clientRef as string))[0]!.organisation_id).toBe(joki.id);
  });

  it('stores an entry sent twice once, and says which one it was', async () => {
    const body = entry({ topics: ['career_change'] });
    const first = await post(mikko.cookie, body);
    expect(first.statusCode).toBe(201);
    const again = await post(mikko.cookie, { ...body, topics: ['other'] });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, duplicate: true, status: 'closed' });
    const rows = await rowsByRef(body.clientRef as string);
    expect(rows.map((r) => r.topic)).toEqual(['career_change']);
    // Someone else's id is not theirs to learn about.
    expectError(await post(leila.cookie, body), 409, 'contact_log.ref_taken');
  });

  it('stores ten simultaneous sends of one offline entry once', async () => {
    const body = entry({ topics: ['special_support'] });
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(mikko.cookie, body)));
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const ids = new Set(responses.map((r) => r.json<{ id: string }>().id));
    expect(ids.size).toBe(1);
    expect(await rowsByRef(body.clientRef as string)).toHaveLength(1);
  });

  it('keeps a follow-up open in the inbox with only the contact the client agreed to', async () => {
    const noConsent = await refusedEntry(
      { followUp: { consent: false, phone: '040 123 4567' } },
      'request.invalid',
    );
    expect(invalidFields(noConsent)).toEqual(['followUp.consent']);
    const nothing = await refusedEntry({ followUp: { consent: true } }, 'request.invalid');
    expect(nothing.error.details?.fields).toEqual([
      { field: 'followUp', message: 'contact_log.follow_up_contact_missing' },
    ]);
    const badPhone = await refusedEntry({ followUp: { consent: true, phone: '040 12' } }, 'request.invalid');
    expect(badPhone.error.details?.fields).toEqual([
      { field: 'followUp.phone', message: 'phone.wrong_length' },
    ]);
    const badEmail = await refusedEntry(
      { followUp: { consent: true, email: 'not-an-address' } },
      'request.invalid',
    );
    expect(invalidFields(badEmail)).toEqual(['followUp.email']);

    const body = entry({
      topics: ['recognition'],
      outcome: 'appointment_booked',
      followUp: { consent: true, phone: '+358 (40) 765-4321', email: 'Asiakas@Example.fi' },
    });
    const response = await post(mikko.cookie, body);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ status: 'waiting', duplicate: false });
    const row = await db()
      .selectFrom('conversations as c')
      .innerJoin('clients as cl', 'cl.id', 'c.client_id')
      .select([
        'c.id',
        'c.status',
        'c.outcome',
        'c.closed_at',
        'c.assigned_staff_id',
        'c.details',
        'cl.email',
        'cl.phone',
        'cl.first_name',
        'cl.consent_contact_at',
        'cl.preferred_language',
      ])
      .where('c.client_ref', '=', body.clientRef as string)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'waiting',
      outcome: null,
      closed_at: null,
      assigned_staff_id: mikko.id,
      email: 'asiakas@example.fi',
      phone: '+358407654321',
      first_name: null,
      preferred_language: 'fi',
    });
    expect(row.consent_contact_at).toBeInstanceOf(Date);
    expect(row.details).toMatchObject({ followUp: true, outcome: 'appointment_booked' });

    const inbox = await t.app.inject({
      method: 'GET',
      url: '/api/v1/inbox/conversations?channel=in_person',
      headers: { cookie: mikko.cookie },
    });
    expect(inbox.json<{ items: InboxListItem[] }>().items.map((i) => i.id)).toContain(row.id);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', '=', 'contact_log.follow_up')
      .execute();
    expect(audit).toEqual([{ action: 'contact_log.follow_up', target_id: row.id }]);
  });

  it('takes the time of the contact from the device within the last seven days, not the future', async () => {
    const old = await refusedEntry({ occurredAt: hours(-8 * 24).toISOString() }, 'request.invalid');
    expect(old.error.details?.fields).toEqual([
      { field: 'occurredAt', message: 'contact_log.occurred_too_old' },
    ]);
    const future = await refusedEntry({ occurredAt: hours(0.2).toISOString() }, 'request.invalid');
    expect(future.error.details?.fields).toEqual([
      { field: 'occurredAt', message: 'contact_log.occurred_in_future' },
    ]);
    // A device clock a couple of minutes fast is fine.
    expect(
      (await post(mikko.cookie, entry({ occurredAt: new Date(Date.now() + 120_000).toISOString() })))
        .statusCode,
    ).toBe(201);
    expectError(await post(mikko.cookie, entry({ occurredAt: 'eilen' })), 400, 'request.invalid');
  });

  it('refuses entries without a topic, in an unknown language or with an unknown outcome', async () => {
    expect(
      invalidFields(expectError(await post(mikko.cookie, entry({ topics: [] })), 400, 'request.invalid')),
    ).toEqual(['topics']);
    await refusedEntry({ topics: ['applying', 'applying'] }, 'request.invalid');
    expectError(await post(mikko.cookie, entry({ topics: ['weather'] })), 400, 'request.invalid');
    expectError(await post(mikko.cookie, entry({ outcome: 'closed' })), 400, 'request.invalid');
    expectError(await post(mikko.cookie, entry({ clientRef: 'abc' })), 400, 'request.invalid');
    // Arabic is one of Mikko's languages, not Leila's.
    expect((await post(mikko.cookie, entry({ language: 'ar' }))).statusCode).toBe(201);
    const unknown = expectError(await post(leila.cookie, entry({ language: 'ar' })), 400, 'request.invalid');
    expect(unknown.error.details?.fields).toEqual([
      { field: 'language', message: 'contact_log.language_unknown' },
    ]);
  });

  it('limits writes per person, not per address, so a fair sharing one network is not blocked', async () => {
    const kaisa = (await signedIn(t, { organisation_id: rannikko.id })).cookie;
    const body = entry();
    expect((await post(kaisa, body)).statusCode).toBe(201);
    // 119 more sends of the same entry are within 120 a minute; the next one is not.
    for (let i = 0; i < 119; i++) expect((await post(kaisa, body)).statusCode).toBe(200);
    const limited = expectError(await post(kaisa, entry()), 429, 'request.rate_limited');
    expect(limited.error.details?.retryAfterSeconds).toBeGreaterThan(0);
    // Mikko, from the same address, still logs.
    expect((await post(mikko.cookie, entry())).statusCode).toBe(201);
  });

  it('is for signed-in counselling staff, from the service’s own pages', async () => {
    expectError(await post(undefined, entry()), 401, 'auth.unauthenticated');
    expectError(await post(editor.cookie, entry()), 403, 'auth.forbidden');
    const anonymousContext = await t.app.inject({ method: 'GET', url: '/api/v1/contact-log/context' });
    expectError(anonymousContext, 401, 'auth.unauthenticated');
    expectError(
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/contact-log/context',
        headers: { cookie: editor.cookie },
      }),
      403,
      'auth.forbidden',
    );
    expectError(
      await post(mikko.cookie, entry(), { origin: 'https://evil.example' }),
      403,
      'request.cross_origin',
    );
  });
});
