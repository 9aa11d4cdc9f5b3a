import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hoursEveryDay } from '../test/booking-helpers.js';
import { inboxAction, openAllDay, setAvailable, startChat } from '../test/chat-helpers.js';
import { expectError } from '../test/http-helpers.js';
import { useOrganisation, useSignedIn, useTestApp } from '../test/test-app.js';
import { readAboutYou } from './about-you.js';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('reading "about you"', () => {
  it('keeps known codes, treats empty as not given and drops the rest with a warning', () => {
    expect(readAboutYou({ ageBand: '25_34', situation: 'unemployed', municipality: 'kunta_615' })).toEqual({
      about: { clientAgeBand: '25_34', clientSituation: 'unemployed', clientMunicipality: '615' },
      warnings: [],
    });
    expect(readAboutYou({ municipality: '91' }).about.clientMunicipality).toBe('091');
    expect(readAboutYou({ ageBand: '', situation: '', municipality: '' })).toEqual({
      about: { clientAgeBand: null, clientSituation: null, clientMunicipality: null },
      warnings: [],
    });
    expect(readAboutYou(undefined).warnings).toEqual([]);
    expect(readAboutYou({ ageBand: '18_20', situation: 'retired', municipality: '999' })).toEqual({
      about: { clientAgeBand: null, clientSituation: null, clientMunicipality: null },
      warnings: [
        { field: 'about.ageBand', code: 'about.unknown_age_band' },
        { field: 'about.situation', code: 'about.unknown_situation' },
        { field: 'about.municipality', code: 'about.unknown_municipality' },
      ],
    });
    // Free text is never a code.
    expect(readAboutYou({ municipality: 'Oulu' }).warnings).toHaveLength(1);
  });
});

/** Every channel stores the codes the client gave, or the counsellor noted, and nothing else. */
describe('"about you" on every channel', () => {
  const t = useTestApp({ MAIL_DOMAIN: 'opintori.test' });
  const provider = useOrganisation(t, { slug: 'rannikko', name_fi: 'Rannikon opisto (demo)' });
  const counsellor = useSignedIn(t, () => ({ organisation_id: provider.id, languages: ['fi', 'sv'] }));
  const admin = useSignedIn(t, { role: 'admin' });
  const dpo = useSignedIn(t, () => ({ organisation_id: provider.id, grants: ['privacy'] }));

  const stored = (id: string) =>
    t.database.db
      .selectFrom('conversations')
      .select(['client_age_band', 'client_situation', 'client_municipality'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, payload, headers });

  it('offers the choices, the region first, names in Swedish on request', async () => {
    const fi = (await t.app.inject({ url: '/api/v1/about-you/options?lang=fi' })).json();
    expect(fi.ageBands).toEqual(['under_25', '25_34', '35_44', '45_54', '55_plus']);
    expect(fi.situations).toContain('new_in_finland');
    expect(fi.municipalities[0].inRegion).toBe(true);
    expect(fi.municipalities.at(-1).inRegion).toBe(false);
    const sv = (await t.app.inject({ url: '/api/v1/about-you/options?lang=sv' })).json();
    expect(sv.municipalities.find((m: { code: string }) => m.code === '564').name).toBe('Uleåborg');
  });

  it('chat: the visitor answers while waiting; a later answer fills in and an unknown value is a warning', async () => {
    await openAllDay(t.app, admin.cookie);
    await setAvailable(t.app, counsellor.cookie);
    const chat = await startChat(t.app);
    const headers = { 'x-conversation-secret': chat.secret };
    const url = `/api/v1/chat/conversations/${chat.conversationId}/about`;
    const first = await post(url, { ageBand: '45_54', municipality: '615' }, headers);
    expect(first.json()).toEqual({ ok: true, warnings: [] });
    const second = await post(url, { situation: 'working', municipality: 'Atlantis' }, headers);
    expect(second.json()).toEqual({
      ok: true,
      warnings: [{ field: 'municipality', code: 'about.unknown_municipality' }],
    });
    expect(await stored(chat.conversationId)).toEqual({
      client_age_band: '45_54',
      client_situation: 'working',
      client_municipality: '615',
    });
    // Only the visitor's own secret opens it.
    expectError(
      await post(url, { ageBand: '25_34' }, { 'x-conversation-secret': 'x'.repeat(43) }),
      404,
      'conversation.not_found',
    );
    expect((await stored(chat.conversationId)).client_age_band).toBe('45_54');
  });

  it('write to us and call-back: stored with the contact, an unknown code never fails it', async () => {
    const message = await post('/api/v1/contact/messages', {
      lang: 'fi',
      email: 'demo.asiakas@example.invalid',
      topic: 'applying',
      consent: true,
      message: 'Milloin haku alkaa?',
      about: { ageBand: 'under_25', situation: 'student', municipality: '832' },
    });
    expect(message.statusCode, message.body).toBe(201);
    expect(message.json().warnings).toBeUndefined();
    expect(await stored(message.json().conversationId)).toEqual({
      client_age_band: 'under_25',
      client_situation: 'student',
      client_municipality: '832',
    });

    const callback = await post('/api/v1/contact/callbacks', {
      lang: 'sv',
      phone: '040 123 4567',
      topic: 'financing',
      consent: true,
      window: { date: inDays(3), from: '10:00', to: '12:00' },
      about: { ageBand: 'teen', situation: 'unemployed', municipality: '000' },
    });
    expect(callback.statusCode, callback.body).toBe(201);
    expect(callback.json().warnings).toEqual([
      { field: 'about.ageBand', code: 'about.unknown_age_band' },
      { field: 'about.municipality', code: 'about.unknown_municipality' },
    ]);
    expect(await stored(callback.json().conversationId)).toEqual({
      client_age_band: null,
      client_situation: 'unemployed',
      client_municipality: null,
    });
  });

  it('booking: the codes go with the booked time', async () => {
    const hours = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/availability/me',
      headers: { cookie: counsellor.cookie },
      payload: hoursEveryDay(
        ['video'],
        { start: '08:00', end: '20:00' },
        { slotMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 0, horizonDays: 14 },
      ),
    });
    expect(hours.statusCode, hours.body).toBe(200);
    const slots = (
      await t.app.inject({ url: '/api/v1/booking/slots?channel=video&language=fi&days=14' })
    ).json().slots as { start: string }[];
    const booked = await post('/api/v1/booking/appointments', {
      channel: 'video',
      start: slots[0]!.start,
      language: 'fi',
      topic: 'applying',
      name: 'Demo Asiakas',
      email: 'demo.varaaja@example.invalid',
      consent: true,
      about: { situation: 'new_in_finland', municipality: '564' },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(await stored(booked.json().conversationId)).toEqual({
      client_age_band: null,
      client_situation: 'new_in_finland',
      client_municipality: '564',
    });
  });

  it('closing: the counsellor notes what the client told, without erasing what the client gave', async () => {
    const message = await post('/api/v1/contact/messages', {
      lang: 'fi',
      email: 'demo.toinen@example.invalid',
      topic: 'other',
      consent: true,
      message: 'Kysymys oppisopimuksesta',
      about: { ageBand: '35_44' },
    });
    const id = message.json().conversationId as string;
    expect((await inboxAction(t.app, counsellor.cookie, id, 'claim')).statusCode).toBe(200);
    const closed = await inboxAction(t.app, counsellor.cookie, id, 'close', {
      topic: 'apprenticeship',
      outcome: 'answered',
      about: { ageBand: '', situation: 'working', municipality: '09x' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().warnings).toEqual([
      { field: 'about.municipality', code: 'about.unknown_municipality' },
    ]);
    expect(await stored(id)).toEqual({
      client_age_band: '35_44',
      client_situation: 'working',
      client_municipality: null,
    });
    const read = await t.app.inject({
      url: `/api/v1/inbox/conversations/${id}`,
      headers: { cookie: counsellor.cookie },
    });
    expect(read.json().context.about).toEqual({
      ageBand: '35_44',
      situation: 'working',
      municipality: null,
      municipalityName: null,
      regionClass: 'unknown',
    });
  });

  it('the contact log and a call-back logged as reached take the municipality too', async () => {
    const logged = await post(
      '/api/v1/contact-log',
      {
        clientRef: randomUUID(),
        topics: ['applying'],
        language: 'fi',
        municipality: 'kunta_785',
      },
      { cookie: counsellor.cookie },
    );
    expect(logged.statusCode, logged.body).toBe(201);
    expect((await stored(logged.json().id)).client_municipality).toBe('785');
    const unknown = await post(
      '/api/v1/contact-log',
      { clientRef: randomUUID(), topics: ['applying'], language: 'fi', municipality: '1234' },
      { cookie: counsellor.cookie },
    );
    expect(unknown.statusCode, unknown.body).toBe(201);
    expect(unknown.json().warnings).toEqual([{ field: 'municipality', code: 'about.unknown_municipality' }]);

    const request = await post('/api/v1/contact/callbacks', {
      lang: 'fi',
      phone: '040 765 4321',
      topic: 'applying',
      consent: true,
      provider: 'rannikko',
      window: { date: inDays(2), from: '09:00', to: '11:00' },
    });
    const id = request.json().conversationId as string;
    expect((await inboxAction(t.app, counsellor.cookie, id, 'claim')).statusCode).toBe(200);
    const reached = await post(
      `/api/v1/inbox/conversations/${id}/call-outcome`,
      { outcome: 'reached', about: { municipality: '305', ageBand: '55_plus' } },
      { cookie: counsellor.cookie },
    );
    expect(reached.statusCode, reached.body).toBe(200);
    expect(await stored(id)).toEqual({
      client_age_band: '55_plus',
      client_situation: null,
      client_municipality: '305',
    });
  });

  it("is part of the person's export", async () => {
    const email = 'demo.vienti@example.invalid';
    await post('/api/v1/contact/messages', {
      lang: 'fi',
      email,
      topic: 'applying',
      consent: true,
      message: 'Haluan tietää hakemisesta',
      about: { municipality: '494' },
    });
    const exported = await post(
      '/api/v1/privacy/export',
      { identifiers: [{ kind: 'email', value: email }], reason: 'Tietopyyntö sähköpostitse' },
      { cookie: dpo.cookie },
    );
    expect(exported.statusCode, exported.body).toBe(200);
    const conversations = exported.json().conversations as { clientMunicipality: string | null }[];
    expect(conversations.map((c) => c.clientMunicipality)).toEqual(['494']);
    const html = await post(
      '/api/v1/privacy/export',
      {
        identifiers: [{ kind: 'email', value: email }],
        reason: 'Tietopyyntö sähköpostitse',
        format: 'html',
        lang: 'fi',
      },
      { cookie: dpo.cookie },
    );
    expect(html.body).toContain(
      '<tr><th scope="row">Kerroit itsestäsi (nimettömät luokat)</th><td>Muhos</td></tr>',
    );
  });
});
