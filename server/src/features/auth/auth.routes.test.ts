import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { findAuditRows } from '../../test/audit-helpers.js';
import { buildStaff, TEST_PASSWORD, sessionRevocations } from '../../test/factories.js';
import {
  expectError,
  invalidFields,
  sessionCookieFrom,
  sessionSetCookie,
  setCookieHeaders,
} from '../../test/http-helpers.js';
import { createAppOn, loginAs, useTestApp, signedIn } from '../../test/test-app.js';
import { sha256 } from '../../shared/secrets.js';
import type { StaffRow } from '../staff/staff.table.js';

const NEW_PASSWORD = 'a brand new passphrase 2026';

// Small limits so that throttling is reached in a few attempts; every test that fails a
// sign-in uses its own client address so that the per-address counters stay apart.
const t = useTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '5' });

function attemptLogin(email: string, password: string, remoteAddress = '127.0.0.1', app?: FastifyInstance) {
  return (app ?? t.app).inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress,
  });
}

function getMe(cookie: string) {
  return t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
}

describe('staff sign-in', () => {
  it('signs in with the right password and knows who is signed in', async () => {
    const staff = await buildStaff(t.database.db, { email: 'ohjaaja@example.test' });
    const cookie = await loginAs(t.app, 'OHJAAJA@example.test');
    const me = await getMe(cookie);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: staff.id, email: 'ohjaaja@example.test', role: 'counsellor' });
    expect(me.json()).not.toHaveProperty('passwordHash');
    expect(me.body).not.toContain('$argon2');
  });

  it('sets an HttpOnly, SameSite=Lax session cookie that is not Secure over plain HTTP', async () => {
    const staff = await buildStaff(t.database.db);
    const response = await attemptLogin(staff.email, TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = sessionSetCookie(response);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).not.toMatch(/; Secure/i);
    const body = response.json<{ staff: { id: string }; expiresAt: string }>();
    expect(body.staff.id).toBe(staff.id);
    // The cookie lives as long as the session: the configured absolute lifetime (12 h).
    const lifetimeHours = (Date.parse(body.expiresAt) - Date.now()) / 3_600_000;
    expect(lifetimeHours).toBeGreaterThan(11.9);
    expect(lifetimeHours).toBeLessThanOrEqual(12);
    const expires = /; Expires=([^;]+)/i.exec(cookie)?.[1];
    expect(expires && Math.abs(Date.parse(expires) - Date.parse(body.expiresAt))).toBeLessThan(1000);
  });

  it('marks the cookie Secure when PUBLIC_URL is https', async () => {
    const staff = await buildStaff(t.database.db);
    const app = await createAppOn(t.database, { PUBLIC_URL: 'https://opintori.example' });
    try {
      const response = await attemptLogin(staff.email, TEST_PASSWORD, '127.0.0.1', app);
      expect(response.statusCode).toBe(200);
      const cookie = sessionSetCookie(response);
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Lax/i);
    } finally {
      await app.close();
    }
  });

  it('marks the cookie Secure behind a TLS proxy with PUBLIC_URL https even when TRUST_PROXY is off', async () => {
    const staff = await buildStaff(t.database.db);
    const app = await createAppOn(t.database, {
      PUBLIC_URL: 'https://opintori.example',
      TRUST_PROXY: 'false',
    });
    try {
      // The proxy speaks plain HTTP to the app and its X-Forwarded-Proto is not trusted.
      const response = await attemptLogin(staff.email, TEST_PASSWORD, '127.0.0.1', app);
      expect(response.statusCode).toBe(200);
      expect(sessionSetCookie(response)).toMatch(/; Secure/i);
      const out = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { cookie: sessionSetCookie(response).split(';')[0]! },
      });
      expect(String(out.headers['set-cookie'])).toMatch(/; Secure/i);
    } finally {
      await app.close();
    }
  });

  it('marks the cookie Secure when the request itself came over https', async () => {
    const staff = await buildStaff(t.database.db);
    const app = await createAppOn(t.database, { TRUST_PROXY: 'true' });
    try {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { email: staff.email, password: TEST_PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      expect(sessionSetCookie(response)).toMatch(/; Secure/i);

      const plain = await attemptLogin(staff.email, TEST_PASSWORD, '127.0.0.1', app);
      expect(sessionSetCookie(plain)).not.toMatch(/; Secure/i);
    } finally {
      await app.close();
    }
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    await buildStaff(t.database.db, { email: 'known@example.test' });
    const wrong = await attemptLogin('known@example.test', 'not the password', '10.0.0.1');
    const unknown = await attemptLogin('nobody@example.test', TEST_PASSWORD, '10.0.0.1');
    expectError(wrong, 401, 'auth.invalid_credentials');
    expectError(unknown, 401, 'auth.invalid_credentials');
    expect(wrong.json()).toEqual(unknown.json());
    expect(setCookieHeaders(wrong)).toEqual([]);
    expect(setCookieHeaders(unknown)).toEqual([]);
  });

  it('refuses a deactivated account with the same generic answer, even with the right password', async () => {
    const staff = await buildStaff(t.database.db, { is_active: false });
    const response = await attemptLogin(staff.email, TEST_PASSWORD, '10.0.0.2');
    const body = expectError(response, 401, 'auth.invalid_credentials');
    const wrong = await attemptLogin(staff.email, 'not the password', '10.0.0.2');
    expect(wrong.json()).toEqual(body);
    expect(setCookieHeaders(response)).toEqual([]);
    const failures = await findAuditRows(t.database.db, { action: 'auth.login', targetId: staff.id });
    expect(failures.map((row) => [row.outcome, row.details.reason])).toEqual([
      ['failure', 'inactive'],
      ['failure', 'inactive'],
    ]);
  });

  it('validates the body before doing anything else', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'someone@example.test' },
    });
    const body = expectError(response, 400, 'request.invalid');
    expect(invalidFields(body)).toContain('password');
  });
});

describe('sign-in throttling', () => {
  it('locks an account after LOGIN_MAX_FAILURES_PER_ACCOUNT failures, even for the right password', async () => {
    const staff = await buildStaff(t.database.db);
    expectError(await attemptLogin(staff.email, 'wrong 1', '10.1.0.1'), 401, 'auth.invalid_credentials');
    expectError(await attemptLogin(staff.email, 'wrong 2', '10.1.0.1'), 401, 'auth.invalid_credentials');
    const third = await attemptLogin(staff.email, 'wrong 3', '10.1.0.1');
    const body = expectError(third, 429, 'auth.too_many_attempts');
    const retryAfterSeconds = body.error.details?.retryAfterSeconds;
    expect(typeof retryAfterSeconds).toBe('number');
    expect(retryAfterSeconds).toBeGreaterThan(0);
    expect(retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(third.headers['retry-after']).toBe(String(retryAfterSeconds));

    // The lock is on the account: the right password from another address is refused too.
    const locked = await attemptLogin(staff.email, TEST_PASSWORD, '10.1.0.2');
    expectError(locked, 429, 'auth.too_many_attempts');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(setCookieHeaders(locked)).toEqual([]);
    // The email is matched case-insensitively, so changing its case does not dodge the lock.
    expectError(
      await attemptLogin(staff.email.toUpperCase(), TEST_PASSWORD, '10.1.0.3'),
      429,
      'auth.too_many_attempts',
    );

    // Once the lock has passed, the right password works and clears the count.
    await t.database.db
      .updateTable('login_throttle')
      .set({ locked_until: sql<Date>`now() - interval '1 second'` })
      .where('key', '=', `account:${sha256(staff.email)}`)
      .execute();
    const after = await attemptLogin(staff.email, TEST_PASSWORD, '10.1.0.2');
    expect(after.statusCode).toBe(200);
  });

  it('does not lock an account whose failures stay below the limit', async () => {
    const staff = await buildStaff(t.database.db);
    expectError(await attemptLogin(staff.email, 'wrong 1', '10.2.0.1'), 401, 'auth.invalid_credentials');
    expectError(await attemptLogin(staff.email, 'wrong 2', '10.2.0.1'), 401, 'auth.invalid_credentials');
    expect((await attemptLogin(staff.email, TEST_PASSWORD, '10.2.0.1')).statusCode).toBe(200);
    // Success cleared the account's count: two more failures still do not lock it.
    expectError(await attemptLogin(staff.email, 'wrong 3', '10.2.0.2'), 401, 'auth.invalid_credentials');
    expectError(await attemptLogin(staff.email, 'wrong 4', '10.2.0.2'), 401, 'auth.invalid_credentials');
    expect((await attemptLogin(staff.email, TEST_PASSWORD, '10.2.0.3')).statusCode).toBe(200);
  });

  it('locks an address after LOGIN_MAX_FAILURES_PER_IP failures across different emails', async () => {
    const ip = '10.3.0.1';
    for (let attempt = 1; attempt <= 4; attempt++) {
      const response = await attemptLogin(`guess-${attempt}@example.test`, 'guess', ip);
      expectError(response, 401, 'auth.invalid_credentials');
    }
    const fifth = await attemptLogin('guess-5@example.test', 'guess', ip);
    const body = expectError(fifth, 429, 'auth.too_many_attempts');
    expect(fifth.headers['retry-after']).toBe(String(body.error.details?.retryAfterSeconds));

    // A real account from that address is refused while the address is locked …
    const staff = await buildStaff(t.database.db);
    expectError(await attemptLogin(staff.email, TEST_PASSWORD, ip), 429, 'auth.too_many_attempts');
    // … but the same account signs in from elsewhere: the account itself is not locked.
    expect((await attemptLogin(staff.email, TEST_PASSWORD, '10.3.0.2')).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('ends the session on logout so that the cookie no longer works', async () => {
    const { staff, cookie } = await signedIn(t);
    expect((await getMe(cookie)).statusCode).toBe(200);

    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(logout.statusCode).toBe(204);
    // The browser is told to forget the cookie.
    expect(sessionSetCookie(logout)).toMatch(/^opintori_session=;/);

    expectError(await getMe(cookie), 401, 'auth.unauthenticated');
    const sessions = await sessionRevocations(t.database.db, staff.id);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.revoked_at).toBeInstanceOf(Date);
    expect(sessions[0]?.revoke_reason).toBe('logout');
    expect(
      await findAuditRows(t.database.db, { action: 'auth.logout', actorStaffId: staff.id }),
    ).toHaveLength(1);
  });

  it('answers a logout without a session with 204 and an anonymous /me with 401', async () => {
    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout' });
    expect(logout.statusCode).toBe(204);
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' }), 401, 'auth.unauthenticated');
    expectError(await getMe('opintori_session=made-up-token'), 401, 'auth.unauthenticated');
  });

  it('ends a session left idle longer than SESSION_IDLE_MINUTES', async () => {
    const { staff, cookie } = await signedIn(t);
    const setLastSeen = (minutesAgo: number) =>
      t.database.db
        .updateTable('sessions')
        .set({ last_seen_at: sql<Date>`now() - make_interval(mins => ${minutesAgo})` })
        .where('staff_id', '=', staff.id)
        .execute();

    // Just inside the idle timeout (60 minutes) the session works, and using it resets the clock.
    await setLastSeen(59);
    expect((await getMe(cookie)).statusCode).toBe(200);
    const touched = await t.database.db
      .selectFrom('sessions')
      .select(sql<boolean>`last_seen_at > now() - interval '1 minute'`.as('isFresh'))
      .where('staff_id', '=', staff.id)
      .executeTakeFirstOrThrow();
    expect(touched.isFresh).toBe(true);

    await setLastSeen(61);
    expectError(await getMe(cookie), 401, 'auth.unauthenticated');
  });

  it('ends a session past its absolute lifetime even when it was used a moment ago', async () => {
    const { staff, cookie } = await signedIn(t);
    expect((await getMe(cookie)).statusCode).toBe(200);
    await t.database.db
      .updateTable('sessions')
      .set({ expires_at: sql<Date>`now() - interval '1 second'`, last_seen_at: sql<Date>`now()` })
      .where('staff_id', '=', staff.id)
      .execute();
    expectError(await getMe(cookie), 401, 'auth.unauthenticated');
  });
});

describe('changing one’s own password', () => {
  function changePassword(cookie: string, payload: Record<string, unknown>) {
    return t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie }, payload });
  }

  it('revokes every other session and keeps the caller signed in with a new cookie', async () => {
    const staff = await buildStaff(t.database.db, { must_change_password: true });
    const here = await loginAs(t.app, staff.email);
    const elsewhere = await loginAs(t.app, staff.email);

    const response = await changePassword(here, {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(response.statusCode).toBe(204);
    const fresh = sessionCookieFrom(response);
    expect(fresh).not.toBe(here);
    expect(sessionSetCookie(response)).toMatch(/; HttpOnly/i);

    expectError(await getMe(elsewhere), 401, 'auth.unauthenticated');
    expectError(await getMe(here), 401, 'auth.unauthenticated');
    const me = await getMe(fresh);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: staff.id, mustChangePassword: false });

    expectError(await attemptLogin(staff.email, TEST_PASSWORD, '10.4.0.1'), 401, 'auth.invalid_credentials');
    expect((await attemptLogin(staff.email, NEW_PASSWORD, '10.4.0.1')).statusCode).toBe(200);

    const [audit] = await findAuditRows(t.database.db, {
      action: 'auth.change_password',
      targetId: staff.id,
    });
    expect(audit?.details).toEqual({ revokedSessions: 2 });
    expect(JSON.stringify(audit?.details)).not.toContain(NEW_PASSWORD);
  });

  /** A refused change names the field at fault and issues no new session. */
  function expectChangeRefused(response: LightMyRequestResponse, code: string, field: string) {
    const body = expectError(response, 400, code);
    expect(body.error.details).toEqual({ field });
    expect(setCookieHeaders(response)).toEqual([]);
  }
  /** The session still works and the old password still signs in (from `ip`, apart from other tests). */
  async function expectOldPasswordKept(staff: StaffRow, cookie: string, ip: string) {
    expect((await getMe(cookie)).statusCode).toBe(200);
    expect((await attemptLogin(staff.email, TEST_PASSWORD, ip)).statusCode).toBe(200);
  }

  it('refuses a wrong current password and changes nothing', async () => {
    const { staff, cookie } = await signedIn(t);
    const response = await changePassword(cookie, {
      currentPassword: 'not my password',
      newPassword: NEW_PASSWORD,
    });
    expectChangeRefused(response, 'auth.wrong_current_password', 'currentPassword');
    await expectOldPasswordKept(staff, cookie, '10.4.0.2');
  });

  it('refuses a too-short new password naming newPassword', async () => {
    const { cookie } = await signedIn(t);
    const response = await changePassword(cookie, { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    const body = expectError(response, 400, 'request.invalid');
    expect(invalidFields(body)).toEqual(['newPassword']);
    expect(body.error.message).toContain('newPassword');
    expect((await getMe(cookie)).statusCode).toBe(200);
  });

  it('refuses the current password as the new one', async () => {
    const { cookie } = await signedIn(t);
    const response = await changePassword(cookie, {
      currentPassword: TEST_PASSWORD,
      newPassword: TEST_PASSWORD,
    });
    expectError(response, 400, 'auth.password_unchanged');
  });

  it('refuses a common or repeated new password naming newPassword and keeps the old one', async () => {
    const { staff, cookie } = await signedIn(t);
    for (const newPassword of ['password1234', 'aaaaaaaaaaaa', '123456789012']) {
      const response = await changePassword(cookie, { currentPassword: TEST_PASSWORD, newPassword });
      expectChangeRefused(response, 'auth.password_too_common', 'newPassword');
    }
    await expectOldPasswordKept(staff, cookie, '10.4.0.3');
  });

  it('needs a session', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expectError(response, 401, 'auth.unauthenticated');
  });
});
