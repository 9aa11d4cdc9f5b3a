import { beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildStaff, TEST_PASSWORD } from '../../test/factories.js';
import { expectError } from '../../test/http-helpers.js';
import { connect, nextEvent, trackSockets } from '../../test/socket-helpers.js';
import { listenLocally, loginAs, useTestApp } from '../../test/test-app.js';

/*
 * A person's own sessions: listed with browser, address and times; another one, or all others,
 * ended — which signs that browser out and closes its console socket at once. Admins (and
 * provider admins for their own staff) end all of a staff member's sessions.
 */
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

interface Listed {
  id: string;
  current: boolean;
  ip: string | null;
  browser: string | null;
  createdAt: string;
  lastSeenAt: string;
}

describe('one’s own sessions', () => {
  const t = useTestApp();
  let base: string;
  let otherProviderAdmin: string;
  beforeAll(async () => {
    const provider = await buildOrganisation(t.database.db, { slug: 'rannikko' });
    const elsewhere = await buildOrganisation(t.database.db, { slug: 'muualla' });
    await buildStaff(t.database.db, { email: 'liisa@example.test', organisation_id: provider.id });
    await buildStaff(t.database.db, { email: 'admin@example.test', role: 'admin' });
    await buildStaff(t.database.db, {
      email: 'oa@example.test',
      role: 'org_admin',
      organisation_id: elsewhere.id,
    });
    otherProviderAdmin = await loginAs(t.app, 'oa@example.test');
    base = await listenLocally(t.app);
  });

  const signIn = async (userAgent: string, remoteAddress: string) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'liisa@example.test', password: TEST_PASSWORD },
      headers: { 'user-agent': userAgent },
      remoteAddress,
    });
    expect(response.statusCode, response.body).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'opintori_session')!;
    return `opintori_session=${cookie.value}`;
  };
  const as = (cookie: string, method: 'GET' | 'POST', url: string) =>
    t.app.inject({ method, url, headers: { cookie } });
  const list = async (cookie: string) => {
    const response = await as(cookie, 'GET', '/api/v1/auth/sessions');
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: Listed[] }>().items;
  };
  const signedIn = async (cookie: string) => (await as(cookie, 'GET', '/api/v1/auth/me')).statusCode === 200;

  it('lists each session with its browser and address, this one marked, and ends another', async () => {
    const laptop = await signIn(FIREFOX, '10.1.0.1');
    const phone = await signIn(SAFARI, '10.1.0.2');
    const sessions = await list(laptop);
    expect(sessions).toHaveLength(2);
    const here = sessions.find((s) => s.current)!;
    const there = sessions.find((s) => !s.current)!;
    expect(here).toMatchObject({ ip: '10.1.0.1', browser: 'Firefox 133 · Windows' });
    expect(there).toMatchObject({ ip: '10.1.0.2', browser: 'Safari 18 · iOS' });
    expect(there.id).toMatch(/^[0-9a-f]{32}$/);
    // The listed id is not the cookie nor what the database keys the session by.
    expect(phone).not.toContain(there.id);

    const socket = trackSockets().track(await connect(`${base}/staff`, { extraHeaders: { cookie: phone } }));
    const dropped = nextEvent(socket, 'disconnect');
    const ended = await as(laptop, 'POST', `/api/v1/auth/sessions/${there.id}/end`);
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toEqual({ ended: 1 });
    await dropped;
    expect(await signedIn(phone)).toBe(false);
    expect(await signedIn(laptop)).toBe(true);
    expect((await list(laptop)).map((s) => s.id)).toEqual([here.id]);
  });

  it('refuses this session, an unknown one and a malformed id, ending nothing', async () => {
    const laptop = await signIn(FIREFOX, '10.1.0.3');
    const phone = await signIn(SAFARI, '10.1.0.4');
    const [here] = (await list(laptop)).filter((s) => s.current);
    expectError(await as(laptop, 'POST', `/api/v1/auth/sessions/${here!.id}/end`), 400, 'session.current');
    expectError(
      await as(laptop, 'POST', `/api/v1/auth/sessions/${'0'.repeat(32)}/end`),
      404,
      'session.not_found',
    );
    expectError(await as(laptop, 'POST', '/api/v1/auth/sessions/not-an-id/end'), 400, 'request.invalid');
    // Someone else's session is not found among one's own.
    const admin = await loginAs(t.app, 'admin@example.test');
    const [adminSession] = await list(admin);
    expectError(
      await as(laptop, 'POST', `/api/v1/auth/sessions/${adminSession!.id}/end`),
      404,
      'session.not_found',
    );
    expect(await signedIn(laptop)).toBe(true);
    expect(await signedIn(phone)).toBe(true);
    expect(await signedIn(admin)).toBe(true);
    expectError(await t.app.inject({ url: '/api/v1/auth/sessions' }), 401, 'auth.unauthenticated');
  });

  it('ends every other session at once', async () => {
    const laptop = await signIn(FIREFOX, '10.1.0.5');
    const others = [await signIn(SAFARI, '10.1.0.6'), await signIn(SAFARI, '10.1.0.7')];
    const before = (await list(laptop)).length;
    const ended = await as(laptop, 'POST', '/api/v1/auth/sessions/end-others');
    expect(ended.json()).toEqual({ ended: before - 1 });
    for (const cookie of others) expect(await signedIn(cookie)).toBe(false);
    expect(await list(laptop)).toHaveLength(1);
  });

  it('lets an admin end a staff member’s sessions, not another provider’s admin; audited', async () => {
    const laptop = await signIn(FIREFOX, '10.1.0.8');
    const id = (await as(laptop, 'GET', '/api/v1/auth/me')).json<{ id: string }>().id;
    expectError(
      await as(otherProviderAdmin, 'POST', `/api/v1/staff/${id}/end-sessions`),
      403,
      'auth.forbidden',
    );
    expect(await signedIn(laptop)).toBe(true);
    const admin = await loginAs(t.app, 'admin@example.test');
    const socket = trackSockets().track(await connect(`${base}/staff`, { extraHeaders: { cookie: laptop } }));
    const dropped = nextEvent(socket, 'disconnect');
    const ended = await as(admin, 'POST', `/api/v1/staff/${id}/end-sessions`);
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json<{ ended: number }>().ended).toBeGreaterThanOrEqual(1);
    await dropped;
    expect(await signedIn(laptop)).toBe(false);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'staff.sessions_ended')
      .where('target_id', '=', id)
      .execute();
    expect(audit).toHaveLength(1);
    expectError(
      await as(admin, 'POST', '/api/v1/staff/00000000-0000-4000-8000-000000000000/end-sessions'),
      404,
      'staff.not_found',
    );
  });
});
