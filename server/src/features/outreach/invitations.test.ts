import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStaff } from '../../test/factories.js';
import { openAllDay, setAvailable, startChat } from '../../test/chat-helpers.js';
import { expectError } from '../../test/http-helpers.js';
import { loginAs, useTestApp } from '../../test/test-app.js';

describe('proactive chat invitations', () => {
  const t = useTestApp();
  let admin: string;
  let counsellor: string;
  let orgAdmin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const db = t.database.db;
    await buildStaff(db, { role: 'admin', email: 'admin@example.test' });
    await buildStaff(db, { email: 'ohjaaja@example.test', name: 'Olli Ohjaaja' });
    await buildStaff(db, { role: 'org_admin', email: 'org@example.test' });
    admin = await loginAs(t.app, 'admin@example.test');
    counsellor = await loginAs(t.app, 'ohjaaja@example.test');
    orgAdmin = await loginAs(t.app, 'org@example.test');
  });

  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, cookie?: string, payload?: object) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
  const rule = (over: Record<string, unknown> = {}) => ({
    name: 'Hakuohjeet',
    pathPrefix: '/fi/ohjeet',
    delaySeconds: 45,
    everyDays: 7,
    messageFi: 'Mietitkö hakemista? Ohjaaja auttaa chatissa.',
    messageSv: '',
    messageEn: 'Thinking of applying? A counsellor can help.',
    active: true,
    ...over,
  });
  const invitation = (path: string, lang = 'fi') =>
    inject('GET', `/api/v1/chat/invitation?path=${encodeURIComponent(path)}&lang=${lang}`);

  it('lets only admins manage the rules, and validates them', async () => {
    expectError(await inject('GET', '/api/v1/invitations'), 401, 'auth.unauthenticated');
    expectError(await inject('GET', '/api/v1/invitations', counsellor), 403, 'auth.forbidden');
    expectError(await inject('POST', '/api/v1/invitations', orgAdmin, rule()), 403, 'auth.forbidden');
    const bad = await inject('POST', '/api/v1/invitations', admin, rule({ pathPrefix: 'fi/ohjeet' }));
    expect(bad.statusCode).toBe(400);
    expect(
      (await inject('POST', '/api/v1/invitations', admin, rule({ delaySeconds: 3601 }))).statusCode,
    ).toBe(400);

    for (const [key, body] of [
      ['guides', rule()],
      ['applying', rule({ name: 'Hakeminen', pathPrefix: '/fi/ohjeet/hakeminen', delaySeconds: 5 })],
      ['off', rule({ name: 'Pois', pathPrefix: '/fi/ohjeet/hakeminen/yhteishaku', active: false })],
      ['root', rule({ name: 'Etusivu', pathPrefix: '/', delaySeconds: 120, everyDays: 30, messageFi: '' })],
    ] as const) {
      const created = await inject('POST', '/api/v1/invitations', admin, body);
      expect(created.statusCode).toBe(201);
      ids[key] = created.json().id;
    }
    const list = (await inject('GET', '/api/v1/invitations', admin)).json();
    expect(list.items.map((r: { name: string }) => r.name)).toEqual([
      'Etusivu',
      'Hakuohjeet',
      'Hakeminen',
      'Pois',
    ]);
    expect(list.items[1]).toMatchObject({
      pathPrefix: '/fi/ohjeet',
      delaySeconds: 45,
      everyDays: 7,
      active: true,
    });
    expect(list.items[1].last30Days).toEqual({ shown: 0, accepted: 0, dismissed: 0 });

    const changed = await inject(
      'PUT',
      `/api/v1/invitations/${ids.root}`,
      admin,
      rule({
        name: 'Etusivu',
        pathPrefix: '/',
        delaySeconds: 90,
        everyDays: 30,
        messageFi: '',
      }),
    );
    expect(changed.json()).toMatchObject({ delaySeconds: 90 });
    expectError(
      await inject('PUT', `/api/v1/invitations/not-an-id`, admin, rule()),
      404,
      'invitation.not_found',
    );
  });

  it('offers nothing while the chat is closed or nobody is free', async () => {
    // No opening hours yet: closed.
    expect((await invitation('/fi/ohjeet/hakeminen/opas')).statusCode).toBe(204);
    await openAllDay(t.app, admin);
    // Open, but no counsellor available.
    expect((await invitation('/fi/ohjeet/hakeminen/opas')).statusCode).toBe(204);
  });

  it('matches the longest active prefix when a counsellor is free, and stops when they are full', async () => {
    await setAvailable(t.app, counsellor, 1);
    const applying = await invitation('/fi/ohjeet/hakeminen/yhteishaku?x=1');
    expect(applying.statusCode).toBe(200);
    // The inactive, longer rule is passed over; the next longest wins.
    expect(applying.json()).toEqual({
      id: ids.applying,
      delaySeconds: 5,
      everyDays: 7,
      message: 'Mietitkö hakemista? Ohjaaja auttaa chatissa.',
    });
    expect((await invitation('/fi/ohjeet/rahoitus')).json().id).toBe(ids.guides);
    // A prefix is a prefix of the path string, not of a longer word's path segment.
    expect((await invitation('/fi/ohjeetkin')).json().id).toBe(ids.guides);
    expect((await invitation('/en/guides', 'en')).json()).toMatchObject({ id: ids.root, delaySeconds: 90 });
    // No words of its own in Swedish: the default invitation.
    expect((await invitation('/fi/ohjeet', 'sv')).json().message).toMatch(/^Hej!/);

    // The one place is taken by an accepted chat: nobody is free.
    const chat = await startChat(t.app);
    expect(
      (await inject('POST', `/api/v1/inbox/conversations/${chat.conversationId}/accept`, counsellor))
        .statusCode,
    ).toBe(200);
    expect((await invitation('/fi/ohjeet')).statusCode).toBe(204);
    // A second place, but a visitor already waits for it in the queue: still nobody free.
    await setAvailable(t.app, counsellor, 2);
    expect((await invitation('/fi/ohjeet')).statusCode).toBe(200);
    const waiting = await startChat(t.app);
    expect((await invitation('/fi/ohjeet')).statusCode).toBe(204);

    // The visitor gives up waiting: a chat nobody took is not rated.
    const secret = { 'x-conversation-secret': waiting.secret };
    const base = `/api/v1/chat/conversations/${waiting.conversationId}`;
    await t.app.inject({ method: 'POST', url: `${base}/close`, headers: secret });
    expect((await invitation('/fi/ohjeet')).statusCode).toBe(200);
    const state = await t.app.inject({ method: 'GET', url: base, headers: secret });
    expect(state.json().conversation).toMatchObject({ status: 'closed', counsellor: null, rated: false });
    expectError(
      await t.app.inject({ method: 'POST', url: `${base}/rating`, headers: secret, payload: { score: 5 } }),
      409,
      'feedback.no_contact',
    );
  });

  it('counts shown, accepted and dismissed per rule and day, concurrently, without losing any', async () => {
    const count = (id: string, event: string) => inject('POST', `/api/v1/chat/invitation/${id}/${event}`);
    await Promise.all(Array.from({ length: 12 }, () => count(ids.guides!, 'shown')));
    await Promise.all([
      count(ids.guides!, 'accepted'),
      count(ids.guides!, 'dismissed'),
      count(ids.guides!, 'dismissed'),
    ]);
    expect((await count(ids.guides!, 'clicked')).statusCode).toBe(400);
    expectError(await count('00000000-0000-4000-8000-000000000000', 'shown'), 404, 'invitation.not_found');
    expectError(await count('nope', 'shown'), 404, 'invitation.not_found');

    const rows = await t.database.db
      .selectFrom('daily_counters')
      .select(['kind', 'key', 'count', sql<string>`day::text`.as('day')])
      .orderBy('kind')
      .execute();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date());
    expect(rows).toEqual([
      { kind: 'invitation.accepted', key: ids.guides, count: 1, day: today },
      { kind: 'invitation.dismissed', key: ids.guides, count: 2, day: today },
      { kind: 'invitation.shown', key: ids.guides, count: 12, day: today },
    ]);
    const list = (await inject('GET', '/api/v1/invitations', admin)).json();
    expect(list.items.find((r: { id: string }) => r.id === ids.guides).last30Days).toEqual({
      shown: 12,
      accepted: 1,
      dismissed: 2,
    });
  });

  it('answers the widget on an allow-listed member site only', async () => {
    const refused = await t.app.inject({
      method: 'GET',
      url: '/api/v1/chat/invitation?path=/fi/ohjeet',
      headers: { origin: 'https://elsewhere.example' },
    });
    expectError(refused, 403, 'chat.origin_not_allowed');
  });
});
