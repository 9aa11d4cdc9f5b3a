import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAuditRows } from '../../test/audit-helpers.js';
import { hoursEveryDay } from '../../test/booking-helpers.js';
import { inboxAction, openAllDay, setAvailable, startChat } from '../../test/chat-helpers.js';
import { expectError, invalidFields } from '../../test/http-helpers.js';
import { smtpClient } from '../../test/mail-helpers.js';
import { useTestAppWithRelay } from '../../test/relay-app.js';
import { connect, emitAck, trackSockets } from '../../test/socket-helpers.js';
import { listenLocally, patchStaff, useOrganisation, useSignedIn } from '../../test/test-app.js';
import { purgeExpiredConversations } from '../../conversations/retention.js';
import type { Db } from '../../db/database-types.js';

const DOMAIN = 'opintori.test';

/** What the person gives the service; after the erasure none of it may be found in any table. */
const person = {
  firstName: 'Sannamaria',
  email: 'sannamaria.tietopyynto@example.net',
  phone: '+358401239876',
  chatText: 'Voinko opiskella lähihoitajaksi oppisopimuksella 7731?',
  mailText: 'Kysyisin aikuisopiskelijan opintorahasta 8842.',
  bookingText: 'Haluan jutella alanvaihdosta ja osaamisen tunnistamisesta 9953.',
};

/** Every text, JSON and array column of every table that holds `needle`, as "table.column". */
async function tablesHolding(db: Db, needle: string): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables t
      on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = current_schema()
      and c.data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY', 'USER-DEFINED')
    order by c.table_name, c.column_name`.execute(db);
  const found: string[] = [];
  for (const { table_name, column_name } of columns.rows) {
    const hit = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(table_name)}
      where position(lower(${needle}) in lower(${sql.ref(column_name)}::text)) > 0`.execute(db);
    if (hit.rows[0]!.n > 0) found.push(`${table_name}.${column_name}`);
  }
  return found;
}

describe('data-subject requests', () => {
  const { t, relay } = useTestAppWithRelay({
    MAIL_DOMAIN: DOMAIN,
    PUBLIC_URL: 'https://opintori.test',
    BOOKING_LIMIT_PER_HOUR: '1000',
    BOOKING_LIMIT_PER_PERSON_PER_DAY: '1000',
  });
  const { track } = trackSockets();
  const provider = useOrganisation(t, { slug: 'rannikko', name_fi: 'Rannikon opisto (demo)' });
  const admin = useSignedIn(t, { role: 'admin', email: 'admin@example.test' });
  const anna = useSignedIn(t, () => ({
    name: 'Anna Ohjaaja',
    email: 'anna@example.test',
    organisation_id: provider.id,
    languages: ['fi'],
  }));
  const dpo = useSignedIn(t, () => ({
    name: 'Teija Tietosuoja',
    organisation_id: provider.id,
    grants: ['privacy'],
  }));
  const orgAdmin = useSignedIn(t, () => ({ role: 'org_admin', organisation_id: provider.id }));
  let base: string;
  let mail: ReturnType<typeof smtpClient>;
  const browserKey = randomBytes(32).toString('hex');
  const ids = { chat: '', chatSecret: '', email: '', booking: '', manageToken: '' };

  const post = (url: string, cookie: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: { cookie }, payload });
  const request = (identifiers: { kind: string; value: string }[], extra: object = {}) => ({
    identifiers,
    reason: 'Tietopyyntö 6.12.2026 sähköpostitse',
    ...extra,
  });
  const byEmailAndBrowser = [
    { kind: 'email', value: person.email.toUpperCase() },
    { kind: 'browser_key', value: browserKey },
  ];
  const figures = async () => {
    const day = new Date().toISOString().slice(0, 10);
    const report = await t.app.inject({
      url: `/api/v1/reports?from=${day}&to=${day}`,
      headers: { cookie: admin.cookie },
    });
    const funder = await t.app.inject({
      url: `/api/v1/reports/funder?from=${day}&to=${day}`,
      headers: { cookie: admin.cookie },
    });
    expect(report.statusCode, report.body).toBe(200);
    expect(funder.statusCode, funder.body).toBe(200);
    return { report: report.json<unknown>(), funder: funder.json<unknown>() };
  };

  beforeAll(async () => {
    base = await listenLocally(t.app);
    mail = smtpClient(await t.app.mail.inbound.listen(0, '127.0.0.1'));
    await openAllDay(t.app, admin.cookie);
    await setAvailable(t.app, anna.cookie, 10);
    const hours = hoursEveryDay(
      ['video'],
      { start: '00:00', end: '23:45' },
      { slotMinutes: 45, bufferMinutes: 0, minNoticeMinutes: 0, horizonDays: 14 },
    );
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/availability/me',
      headers: { cookie: anna.cookie },
      payload: hours,
    });
    expect(saved.statusCode, saved.body).toBe(200);

    // A chat with the widget remembering the browser (consent), answered and ended.
    const chat = await startChat(t.app, { firstName: person.firstName, consent: true, browserKey });
    ids.chat = chat.conversationId;
    ids.chatSecret = chat.secret;
    expect((await inboxAction(t.app, anna.cookie, chat.conversationId, 'accept')).statusCode).toBe(200);
    const visitor = track(await connect(`${base}/client`, { auth: chat }));
    expect(
      await emitAck(visitor, 'message', { clientMsgId: 'privacy-test-01', body: person.chatText }),
    ).toMatchObject({
      ok: true,
    });
    visitor.disconnect();
    await post(`/api/v1/inbox/conversations/${chat.conversationId}/messages`, anna.cookie, {
      clientMsgId: 'privacy-answer-1',
      kind: 'message',
      body: 'Kyllä voit, katsotaan yhdessä vaihtoehdot.',
    });
    const ended = await t.app.inject({
      method: 'POST',
      url: `/api/v1/chat/conversations/${chat.conversationId}/close`,
      headers: { 'x-conversation-secret': chat.secret },
    });
    expect(ended.statusCode, ended.body).toBe(200);

    // An email to the service.
    await mail.send({
      from: person.email,
      to: `neuvonta@${DOMAIN}`,
      subject: 'Opintoraha',
      text: person.mailText,
    });

    // A video meeting booked with the same address and a phone number.
    const slots = (
      await t.app.inject({ url: '/api/v1/booking/slots?channel=video&language=fi&days=7' })
    ).json<{
      slots: { start: string }[];
    }>().slots;
    const booked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/booking/appointments',
      payload: {
        channel: 'video',
        start: slots[3]!.start,
        language: 'fi',
        topic: 'career_change',
        name: `${person.firstName} Virtanen`,
        email: person.email,
        phone: person.phone,
        description: person.bookingText,
        consent: true,
      },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    ids.booking = booked.json<{ conversationId: string }>().conversationId;
    ids.manageToken = booked.json<{ manageToken: string }>().manageToken;
    await t.app.mail.sender.idle();
    ids.email = (
      await t.database.db
        .selectFrom('conversations as c')
        .innerJoin('clients as cl', 'cl.id', 'c.client_id')
        .select('c.id')
        .where('c.channel', '=', 'email')
        .where('cl.email', '=', person.email)
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => mail.close());

  it('finds the chat, the email and the booking in one search, and records the search with its reason', async () => {
    const found = await post('/api/v1/privacy/search', dpo.cookie, request(byEmailAndBrowser));
    expect(found.statusCode, found.body).toBe(200);
    const summary = found.json<{
      clients: { email: string | null; browserRemembered: boolean }[];
      conversations: { id: string; channel: string; messages: number }[];
      mails: number;
    }>();
    expect(summary.conversations.map((c) => c.id).sort()).toEqual([ids.chat, ids.email, ids.booking].sort());
    expect(summary.conversations.map((c) => c.channel).sort()).toEqual(['chat', 'email', 'video']);
    expect(summary.clients.some((c) => c.browserRemembered)).toBe(true);
    expect(summary.mails).toBeGreaterThan(0);

    // Each identifier alone leads to its part: the booking link, the reply address, the number.
    const one = async (kind: string, value: string) =>
      (await post('/api/v1/privacy/search', dpo.cookie, request([{ kind, value }])))
        .json<{
          conversations: { id: string }[];
        }>()
        .conversations.map((c) => c.id);
    expect(await one('booking', `https://opintori.test/fi/varaus/${ids.manageToken}`)).toContain(ids.booking);
    expect(await one('phone', '040 123 9876')).toContain(ids.booking);
    const replyToken = (
      await t.database.db
        .selectFrom('conversations')
        .select('reply_token')
        .where('id', '=', ids.email)
        .executeTakeFirstOrThrow()
    ).reply_token!;
    expect(await one('reply', `neuvonta+${replyToken}@${DOMAIN}`)).toEqual([ids.email]);
    expect(await one('browser_key', browserKey)).toEqual([ids.chat]);

    const audit = await findAuditRows(t.database.db, { action: 'privacy.search', actorStaffId: dpo.id });
    expect(audit.length).toBeGreaterThanOrEqual(5);
    expect(audit[0]!.details).toMatchObject({
      identifiers: ['email', 'browser_key'],
      reason: 'Tietopyyntö 6.12.2026 sähköpostitse',
    });
    // The log says what kind of identifier was used, never the identifier.
    expect(JSON.stringify(audit.map((a) => a.details))).not.toContain(person.email);
  });

  it('answers an unknown person with empty lists, and refuses part of an identifier', async () => {
    const unknown = await post(
      '/api/v1/privacy/search',
      dpo.cookie,
      request([{ kind: 'email', value: 'ei.ketaan@example.net' }]),
    );
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json()).toEqual({ clients: [], conversations: [], registrations: 0, mails: 0 });

    for (const [kind, value] of [
      ['email', 'sannamaria.tietopyynto@'],
      ['email', 'sannamaria'],
      ['phone', '040'],
      ['reply', 'neuvonta+abc'],
      ['booking', ids.manageToken.slice(0, 20)],
      ['browser_key', browserKey.slice(0, 16)],
    ] as const) {
      const refused = expectError(
        await post(
          '/api/v1/privacy/search',
          dpo.cookie,
          request(
            [
              { kind: 'email', value: 'x@example.net' },
              { kind, value },
            ].slice(kind === 'email' ? 1 : 0),
          ),
        ),
        400,
        'privacy.identifier_incomplete',
      );
      expect(invalidFields(refused)[0]).toMatch(/^identifiers\.\d\.value$/);
    }
    // A reason is required.
    expectError(
      await post('/api/v1/privacy/search', dpo.cookie, { identifiers: byEmailAndBrowser, reason: '' }),
      400,
      'request.invalid',
    );
  });

  it('is for admins and whom they grant the duty: 403 for a counsellor or a provider admin without it', async () => {
    for (const cookie of [anna.cookie, orgAdmin.cookie]) {
      expectError(
        await post('/api/v1/privacy/search', cookie, request(byEmailAndBrowser)),
        403,
        'auth.forbidden',
      );
      expectError(
        await post('/api/v1/privacy/export', cookie, request(byEmailAndBrowser)),
        403,
        'auth.forbidden',
      );
      expectError(
        await post('/api/v1/privacy/erase', cookie, request(byEmailAndBrowser, { confirm: true })),
        403,
        'auth.forbidden',
      );
    }
    expect((await post('/api/v1/privacy/search', admin.cookie, request(byEmailAndBrowser))).statusCode).toBe(
      200,
    );
    // Only service admins grant the duty.
    expectError(
      await patchStaff(t.app, orgAdmin.cookie, anna.id, { grants: ['privacy'] }),
      403,
      'auth.forbidden',
    );
    const granted = await patchStaff(t.app, admin.cookie, anna.id, { grants: ['privacy'] });
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.json<{ grants: string[] }>().grants).toEqual(['privacy']);
    expect((await post('/api/v1/privacy/search', anna.cookie, request(byEmailAndBrowser))).statusCode).toBe(
      200,
    );
    expect((await patchStaff(t.app, admin.cookie, anna.id, { grants: [] })).statusCode).toBe(200);
    expectError(
      await post('/api/v1/privacy/search', anna.cookie, request(byEmailAndBrowser)),
      403,
      'auth.forbidden',
    );
  });

  it('exports everything as JSON and as a readable document in the person’s language', async () => {
    const json = await post('/api/v1/privacy/export', dpo.cookie, request(byEmailAndBrowser));
    expect(json.statusCode, json.body).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.headers['content-disposition']).toMatch(
      /^attachment; filename="opintori-tiedot-\d{4}-\d\d-\d\d\.json"$/,
    );
    const data = json.json<{
      language: string;
      clients: { email: string | null; firstName: string | null }[];
      conversations: {
        id: string;
        messages: { body: string }[];
        bookings: { startsAt: string }[];
        accessLog: { staffName: string | null }[];
      }[];
      mails: { to: string }[];
    }>();
    expect(data.language).toBe('fi');
    const texts = data.conversations.flatMap((c) => c.messages.map((m) => m.body)).join('\n');
    expect(texts).toContain(person.chatText);
    expect(texts).toContain(person.mailText);
    expect(texts).toContain(person.bookingText);
    expect(data.conversations.find((c) => c.id === ids.booking)!.bookings).toHaveLength(1);
    expect(data.clients.some((c) => c.email === person.email)).toBe(true);
    expect(data.mails.some((m) => m.to === person.email)).toBe(true);

    // Anna opened the chat's messages in the inbox: the access log is part of the export.
    await t.app.inject({ url: `/api/v1/inbox/conversations/${ids.chat}`, headers: { cookie: anna.cookie } });
    const again = (await post('/api/v1/privacy/export', dpo.cookie, request(byEmailAndBrowser))).json<
      typeof data
    >();
    expect(again.conversations.find((c) => c.id === ids.chat)!.accessLog.map((a) => a.staffName)).toContain(
      'Anna Ohjaaja',
    );

    const html = await post(
      '/api/v1/privacy/export',
      dpo.cookie,
      request(byEmailAndBrowser, { format: 'html', lang: 'sv' }),
    );
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.body).toContain('<html lang="sv">');
    expect(html.body).toContain('Dina uppgifter i OpinTori');
    expect(html.body).toContain('lähihoitajaksi oppisopimuksella 7731');
    expect(html.body).not.toContain('<script');
    const audit = await findAuditRows(t.database.db, { action: 'privacy.export' });
    expect(audit.map((a) => a.details.format)).toEqual(['json', 'json', 'html']);
  });

  it('refuses erasure while a conversation is under a legal hold, naming the reason, and erases nothing', async () => {
    const hold = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/privacy/conversations/${ids.email}/legal-hold`,
      headers: { cookie: dpo.cookie },
      payload: { reason: 'Valitus käsittelyssä (dnro 12/2026)' },
    });
    expect(hold.statusCode, hold.body).toBe(200);
    expect(hold.json()).toMatchObject({
      legalHold: { reason: 'Valitus käsittelyssä (dnro 12/2026)', by: 'Teija Tietosuoja' },
    });
    expectError(
      await t.app.inject({
        method: 'PUT',
        url: `/api/v1/privacy/conversations/${ids.email}/legal-hold`,
        headers: { cookie: anna.cookie },
        payload: { reason: 'Ei oikeutta' },
      }),
      403,
      'auth.forbidden',
    );

    const refused = expectError(
      await post('/api/v1/privacy/erase', dpo.cookie, request(byEmailAndBrowser, { confirm: true })),
      409,
      'privacy.legal_hold',
    );
    expect(refused.error.message).toContain('Valitus käsittelyssä');
    expect(refused.error.details?.conversations).toEqual([
      { id: ids.email, reason: 'Valitus käsittelyssä (dnro 12/2026)' },
    ]);
    expect(await tablesHolding(t.database.db, person.chatText)).toContain('messages.body');
    expect(await tablesHolding(t.database.db, person.email)).toContain('clients.email');

    // The hold pauses retention: past its date, the held conversation stays.
    const past = new Date(Date.now() - 86_400_000);
    await t.database.db
      .updateTable('conversations')
      .set({ retain_until: past })
      .where('id', '=', ids.email)
      .execute();
    await purgeExpiredConversations(t.database.db);
    expect(
      await t.database.db.selectFrom('conversations').select('id').where('id', '=', ids.email).execute(),
    ).toHaveLength(1);
    await t.database.db
      .updateTable('conversations')
      .set({ retain_until: null })
      .where('id', '=', ids.email)
      .execute();

    const released = await post(`/api/v1/privacy/conversations/${ids.email}/legal-hold/release`, dpo.cookie, {
      reason: 'Valitus ratkaistu',
    });
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toEqual({ id: ids.email, legalHold: null });
    expectError(
      await post(`/api/v1/privacy/conversations/${ids.email}/legal-hold/release`, dpo.cookie, {
        reason: 'Uudelleen',
      }),
      409,
      'privacy.not_held',
    );
  });

  it('erases everything in one go: no table holds the email, number or texts, and the figures stay', async () => {
    const before = await figures();
    // Erasure is never a default: without the confirmation it is refused.
    expectError(
      await post('/api/v1/privacy/erase', dpo.cookie, request(byEmailAndBrowser)),
      400,
      'request.invalid',
    );

    const erased = await post(
      '/api/v1/privacy/erase',
      dpo.cookie,
      request(byEmailAndBrowser, { confirm: true }),
    );
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json()).toMatchObject({ conversations: 3 });
    expect(erased.json<{ clients: number }>().clients).toBeGreaterThanOrEqual(2);
    // The unanswered email was still in the queue: it is closed with the erasure.
    expect(erased.json<{ closed: number }>().closed).toBeGreaterThanOrEqual(1);
    expect(
      await t.database.db
        .selectFrom('conversations')
        .select('status')
        .where('id', '=', ids.email)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'closed' });

    for (const needle of [
      person.email,
      person.phone,
      person.chatText,
      person.mailText,
      person.bookingText,
      person.firstName,
    ]) {
      expect(await tablesHolding(t.database.db, needle), needle).toEqual([]);
    }
    expect(await figures()).toEqual(before);
    // The conversations stay as counts: channel and times, nothing to find the person by.
    const rows = await t.database.db
      .selectFrom('conversations')
      .select(['channel', 'erased_at', 'client_id'])
      .where('id', 'in', [ids.chat, ids.email, ids.booking])
      .execute();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.erased_at !== null && r.client_id === null)).toBe(true);

    // The person is no longer found; the widget's secret no longer opens the chat.
    expect((await post('/api/v1/privacy/search', dpo.cookie, request(byEmailAndBrowser))).json()).toEqual({
      clients: [],
      conversations: [],
      registrations: 0,
      mails: 0,
    });
    expectError(
      await t.app.inject({
        url: `/api/v1/chat/conversations/${ids.chat}`,
        headers: { 'x-conversation-secret': ids.chatSecret },
      }),
      404,
      'conversation.not_found',
    );
    const audit = await findAuditRows(t.database.db, { action: 'privacy.erase' });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({
      reason: 'Tietopyyntö 6.12.2026 sähköpostitse',
      conversations: 3,
    });
    expect(relay.mails.length).toBeGreaterThan(0);
  });
});

describe('the visitor deletes their own chat', () => {
  const { t } = useTestAppWithRelay({ MAIL_DOMAIN: DOMAIN });
  const provider = useOrganisation(t, { slug: 'rannikko' });
  const admin = useSignedIn(t, { role: 'admin' });
  const mikko = useSignedIn(t, () => ({ organisation_id: provider.id, languages: ['fi'] }));
  const { track } = trackSockets();
  let base: string;
  beforeAll(async () => {
    base = await listenLocally(t.app);
    await openAllDay(t.app, admin.cookie);
    await setAvailable(t.app, mikko.cookie, 10);
  });
  const erase = (id: string, secret: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/chat/conversations/${id}/erase`,
      headers: { 'x-conversation-secret': secret },
    });

  it('deletes an ended chat with its secret, not an open one, not with another secret, not under a hold', async () => {
    const chat = await startChat(t.app, {});
    expect((await inboxAction(t.app, mikko.cookie, chat.conversationId, 'accept')).statusCode).toBe(200);
    const visitor = track(await connect(`${base}/client`, { auth: chat }));
    await emitAck(visitor, 'message', { clientMsgId: 'own-delete-0001', body: 'Poistettava kysymys 5521' });
    visitor.disconnect();

    expectError(await erase(chat.conversationId, chat.secret), 409, 'chat.not_ended');
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/chat/conversations/${chat.conversationId}/close`,
      headers: { 'x-conversation-secret': chat.secret },
    });
    expectError(await erase(chat.conversationId, 'x'.repeat(43)), 404, 'conversation.not_found');

    await t.database.db
      .updateTable('conversations')
      .set({ legal_hold_reason: 'Selvitys kesken', legal_hold_at: new Date() })
      .where('id', '=', chat.conversationId)
      .execute();
    expectError(await erase(chat.conversationId, chat.secret), 409, 'privacy.legal_hold');
    await t.database.db
      .updateTable('conversations')
      .set({ legal_hold_reason: null, legal_hold_at: null })
      .where('id', '=', chat.conversationId)
      .execute();

    const done = await erase(chat.conversationId, chat.secret);
    expect(done.statusCode, done.body).toBe(200);
    const messages = await t.database.db
      .selectFrom('messages')
      .select('body')
      .where('conversation_id', '=', chat.conversationId)
      .execute();
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => m.body === '')).toBe(true);
    // Gone for the visitor too: the secret opens nothing any more.
    expectError(await erase(chat.conversationId, chat.secret), 404, 'conversation.not_found');
    expect(
      await findAuditRows(t.database.db, { action: 'privacy.erase_own', targetId: chat.conversationId }),
    ).toHaveLength(1);
  });
});
