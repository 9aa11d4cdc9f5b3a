import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { findAuditRows } from '../../test/audit-helpers.js';
import { buildOrganisation, TEST_PASSWORD } from '../../test/factories.js';
import { expectError, sessionCookieFrom, setCookieHeaders } from '../../test/http-helpers.js';
import { signedIn, useTestApp, type SignedIn } from '../../test/test-app.js';

const t = useTestApp();

const codeAt = (secret: string, offsetSeconds = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: Date.now() + offsetSeconds * 1000,
  });

function post(
  url: string,
  cookie: string | undefined,
  payload: Record<string, unknown> = {},
  remoteAddress?: string,
) {
  return t.app.inject({
    method: 'POST',
    url,
    payload,
    ...(cookie ? { headers: { cookie } } : {}),
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

/** Sets up the code app for a signed-in person; its secret and recovery codes. */
async function enableTwoStep(
  person: SignedIn,
): Promise<{ secret: string; confirmCode: string; recoveryCodes: string[] }> {
  const setup = await post('/api/v1/auth/two-step/setup', person.cookie);
  expect(setup.statusCode).toBe(200);
  const { secret } = setup.json<{ secret: string }>();
  const confirmCode = codeAt(secret);
  const confirmed = await post('/api/v1/auth/two-step/confirm', person.cookie, { code: confirmCode });
  expect(confirmed.statusCode).toBe(200);
  return { secret, confirmCode, recoveryCodes: confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes };
}

/** The password step: the challenge the second step needs. */
async function challengeFor(email: string, remoteAddress?: string): Promise<string> {
  const response = await post(
    '/api/v1/auth/login',
    undefined,
    { email, password: TEST_PASSWORD },
    remoteAddress,
  );
  expect(response.statusCode).toBe(200);
  expect(setCookieHeaders(response)).toEqual([]);
  const body = response.json<{ secondStep?: { challenge: string; methods: string[] } }>();
  expect(body.secondStep?.methods).toEqual(['totp', 'recovery_code']);
  return body.secondStep!.challenge;
}

/** Lets the next code be accepted again (each 30-second code works once). */
async function forgetUsedCode(staffId: string) {
  await t.database.db.updateTable('staff').set({ totp_last_step: null }).where('id', '=', staffId).execute();
}

describe('setting up two-step verification', () => {
  it('gives a secret with its QR code, turns on only with a matching code, and shows ten recovery codes once', async () => {
    const person = await signedIn(t);
    const setup = await post('/api/v1/auth/two-step/setup', person.cookie);
    const body = setup.json<{ secret: string; uri: string; qrSvg: string }>();
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.uri).toMatch(/^otpauth:\/\/totp\/OpinTori:.+\?.*secret=/);
    expect(body.uri).toContain(`secret=${body.secret}`);
    expect(body.qrSvg).toMatch(/^<svg[^>]*>/);

    // Stored encrypted, never in clear.
    const row = await t.database.db
      .selectFrom('staff')
      .selectAll()
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(row.totp_pending_secret).toMatch(/^v1:/);
    expect(row.totp_pending_secret).not.toContain(body.secret);
    expect(row.totp_enabled_at).toBeNull();
    const waiting = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/two-step/setup',
      headers: { cookie: person.cookie },
    });
    expect(waiting.json()).toMatchObject({ secret: body.secret, uri: body.uri });
    const before = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/two-step',
      headers: { cookie: person.cookie },
    });
    expect(before.json()).toMatchObject({ enabled: false, pending: true });

    const wrong = String((Number(codeAt(body.secret)) + 1) % 1_000_000).padStart(6, '0');
    expectError(
      await post('/api/v1/auth/two-step/confirm', person.cookie, { code: wrong }),
      400,
      'two_step.wrong_code',
    );
    expectError(
      await post('/api/v1/auth/two-step/confirm', person.cookie, { code: 'abcdef' }),
      400,
      'two_step.wrong_code',
    );

    const confirmed = await post('/api/v1/auth/two-step/confirm', person.cookie, {
      code: codeAt(body.secret),
    });
    const { recoveryCodes } = confirmed.json<{ recoveryCodes: string[] }>();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const stored = await t.database.db
      .selectFrom('staff_recovery_codes')
      .select('code_hash')
      .where('staff_id', '=', person.id)
      .execute();
    expect(stored).toHaveLength(10);
    expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]!.replace('-', ''));

    const status = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/two-step',
      headers: { cookie: person.cookie },
    });
    expect(status.json()).toMatchObject({
      enabled: true,
      pending: false,
      required: false,
      recoveryCodesLeft: 10,
    });
    expectError(
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/two-step/setup',
        headers: { cookie: person.cookie },
      }),
      404,
      'two_step.no_setup',
    );
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: person.cookie },
    });
    expect(me.json()).toMatchObject({ twoStepEnabled: true, mustSetUpTwoStep: false });
    expect(
      await findAuditRows(t.database.db, { action: 'auth.two_step_enable', targetId: person.id }),
    ).toHaveLength(1);
  });

  it('refuses a confirmation without a set-up started', async () => {
    const person = await signedIn(t);
    expectError(
      await post('/api/v1/auth/two-step/confirm', person.cookie, { code: '123456' }),
      409,
      'two_step.no_setup',
    );
  });

  it('needs a session for every set-up step', async () => {
    expectError(await post('/api/v1/auth/two-step/setup', undefined), 401, 'auth.unauthenticated');
    expectError(
      await post('/api/v1/auth/two-step/confirm', undefined, { code: '123456' }),
      401,
      'auth.unauthenticated',
    );
  });
});

describe('signing in with a second step', () => {
  it('asks for the code after the password and signs in with it, once per code', async () => {
    const person = await signedIn(t);
    const { secret, confirmCode } = await enableTwoStep(person);

    const challenge = await challengeFor(person.staff.email);
    // The code used to confirm the set-up is spent: the next one (30 s on) is accepted.
    expectError(
      await post('/api/v1/auth/login/second-step', undefined, { challenge, code: confirmCode }),
      400,
      'auth.wrong_code',
    );
    const next = codeAt(secret, 30);
    const done = await post('/api/v1/auth/login/second-step', undefined, { challenge, code: next });
    expect(done.statusCode).toBe(200);
    const cookie = sessionCookieFrom(done);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ id: person.id });

    // The same code again, with a fresh challenge: refused.
    const again = await challengeFor(person.staff.email);
    expectError(
      await post('/api/v1/auth/login/second-step', undefined, { challenge: again, code: next }),
      400,
      'auth.wrong_code',
    );

    const logins = await findAuditRows(t.database.db, { action: 'auth.login', targetId: person.id });
    expect(logins.at(-1)).toMatchObject({ outcome: 'failure', details: { reason: 'wrong_code' } });
    expect(logins.filter((row) => row.outcome === 'success').at(-1)?.details).toEqual({ secondStep: 'totp' });
  });

  it('accepts each recovery code once, typed with or without the dash', async () => {
    const person = await signedIn(t);
    const { recoveryCodes } = await enableTwoStep(person);
    const code = recoveryCodes[3]!;
    const first = await post('/api/v1/auth/login/second-step', undefined, {
      challenge: await challengeFor(person.staff.email),
      recoveryCode: ` ${code.replace('-', '').toUpperCase()} `,
    });
    expect(first.statusCode).toBe(200);
    expectError(
      await post('/api/v1/auth/login/second-step', undefined, {
        challenge: await challengeFor(person.staff.email),
        recoveryCode: code,
      }),
      400,
      'auth.wrong_code',
    );
    const status = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/two-step',
      headers: { cookie: sessionCookieFrom(first) },
    });
    expect(status.json()).toMatchObject({ recoveryCodesLeft: 9 });
  });

  it('refuses a used, tampered or expired challenge', async () => {
    const person = await signedIn(t);
    const { secret } = await enableTwoStep(person);
    const challenge = await challengeFor(person.staff.email);
    expect(
      (await post('/api/v1/auth/login/second-step', undefined, { challenge, code: codeAt(secret, 30) }))
        .statusCode,
    ).toBe(200);
    await forgetUsedCode(person.id);
    expectError(
      await post('/api/v1/auth/login/second-step', undefined, { challenge, code: codeAt(secret, 30) }),
      401,
      'auth.challenge_expired',
    );
    const other = await challengeFor(person.staff.email);
    const tampered = (other[0] === 'A' ? 'B' : 'A') + other.slice(1);
    expectError(
      await post('/api/v1/auth/login/second-step', undefined, { challenge: tampered, code: codeAt(secret) }),
      401,
      'auth.challenge_expired',
    );
    await t.database.db
      .updateTable('sign_in_challenges')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('staff_id', '=', person.id)
      .execute();
    expectError(
      await post('/api/v1/auth/login/second-step', undefined, { challenge: other, code: codeAt(secret) }),
      401,
      'auth.challenge_expired',
    );
  });

  it('asks for exactly one of a code and a recovery code', async () => {
    const response = await post('/api/v1/auth/login/second-step', undefined, { challenge: 'x'.repeat(43) });
    expectError(response, 400, 'request.invalid');
  });

  it('locks the second step after five wrong codes and names how long', async () => {
    const person = await signedIn(t);
    const { secret } = await enableTwoStep(person);
    const challenge = await challengeFor(person.staff.email);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expectError(
        await post('/api/v1/auth/login/second-step', undefined, { challenge, code: '000000' }),
        400,
        'auth.wrong_code',
      );
    }
    const locked = expectError(
      await post('/api/v1/auth/login/second-step', undefined, { challenge, code: '000000' }),
      429,
      'auth.too_many_attempts',
    );
    expect(locked.error.details?.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.error.details?.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Even the right code waits for the lock to pass.
    expectError(
      await post('/api/v1/auth/login/second-step', undefined, { challenge, code: codeAt(secret, 30) }),
      429,
      'auth.too_many_attempts',
    );
  });

  it('does not finish the sign-in of someone deactivated meanwhile', async () => {
    const person = await signedIn(t);
    const { secret } = await enableTwoStep(person);
    const challenge = await challengeFor(person.staff.email);
    await t.database.db.updateTable('staff').set({ is_active: false }).where('id', '=', person.id).execute();
    const response = await post('/api/v1/auth/login/second-step', undefined, {
      challenge,
      code: codeAt(secret, 30),
    });
    expectError(response, 401, 'auth.challenge_expired');
    expect(setCookieHeaders(response)).toEqual([]);
  });
});

describe('who must use two-step verification', () => {
  it('is the admins’ choice; a required person is told to set it up and cannot turn it off', async () => {
    const admin = await signedIn(t, { role: 'admin' });
    const counsellor = await signedIn(t);
    expectError(
      await t.app.inject({
        method: 'PUT',
        url: '/api/v1/auth/settings',
        headers: { cookie: counsellor.cookie },
        payload: { requireTwoStep: 'nobody' },
      }),
      403,
      'auth.forbidden',
    );
    expectError(
      await t.app.inject({
        method: 'PUT',
        url: '/api/v1/auth/settings',
        headers: { cookie: admin.cookie },
        payload: { requireTwoStep: 'sometimes' },
      }),
      400,
      'request.invalid',
    );
    try {
      const set = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/auth/settings',
        headers: { cookie: admin.cookie },
        payload: { requireTwoStep: 'everyone' },
      });
      expect(set.json()).toEqual({ requireTwoStep: 'everyone' });
      const me = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie: counsellor.cookie },
      });
      expect(me.json()).toMatchObject({ twoStepEnabled: false, mustSetUpTwoStep: true });

      const { secret } = await enableTwoStep(counsellor);
      const after = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie: counsellor.cookie },
      });
      expect(after.json()).toMatchObject({ mustSetUpTwoStep: false });
      expectError(
        await post('/api/v1/auth/two-step/disable', counsellor.cookie, { code: codeAt(secret, 30) }),
        409,
        'two_step.required',
      );

      await t.app.inject({
        method: 'PUT',
        url: '/api/v1/auth/settings',
        headers: { cookie: admin.cookie },
        payload: { requireTwoStep: 'admins' },
      });
      const counsellorNow = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/two-step',
        headers: { cookie: counsellor.cookie },
      });
      expect(counsellorNow.json()).toMatchObject({ required: false });
      const adminNow = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie: admin.cookie },
      });
      expect(adminNow.json()).toMatchObject({ mustSetUpTwoStep: true });
      const audit = await findAuditRows(t.database.db, { action: 'auth.settings_update' });
      expect(audit.map((row) => row.details)).toEqual(
        expect.arrayContaining([expect.objectContaining({ requireTwoStep: 'everyone', before: 'nobody' })]),
      );
    } finally {
      await t.app.inject({
        method: 'PUT',
        url: '/api/v1/auth/settings',
        headers: { cookie: admin.cookie },
        payload: { requireTwoStep: 'nobody' },
      });
    }
  });

  it('lets a person turn it off with a current code, and renew recovery codes', async () => {
    const person = await signedIn(t);
    const { secret, recoveryCodes } = await enableTwoStep(person);
    const renewed = await post('/api/v1/auth/two-step/recovery-codes', person.cookie, {
      code: codeAt(secret, 30),
    });
    const fresh = renewed.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(recoveryCodes[0]);
    expectError(
      await post('/api/v1/auth/login/second-step', undefined, {
        challenge: await challengeFor(person.staff.email),
        recoveryCode: recoveryCodes[0],
      }),
      400,
      'auth.wrong_code',
    );
    await forgetUsedCode(person.id);
    expectError(
      await post('/api/v1/auth/two-step/disable', person.cookie, { code: '000000' }),
      400,
      'two_step.wrong_code',
    );
    const off = await post('/api/v1/auth/two-step/disable', person.cookie, { code: codeAt(secret) });
    expect(off.statusCode).toBe(204);
    const plain = await post('/api/v1/auth/login', undefined, {
      email: person.staff.email,
      password: TEST_PASSWORD,
    });
    expect(plain.json()).toHaveProperty('staff');
    expect(
      await findAuditRows(t.database.db, { action: 'auth.two_step_disable', targetId: person.id }),
    ).toHaveLength(1);
  });

  it('can be reset by an admin of the person’s provider, ending their sessions', async () => {
    const provider = await buildOrganisation(t.database.db);
    const other = await buildOrganisation(t.database.db);
    const person = await signedIn(t, { organisation_id: provider.id });
    await enableTwoStep(person);
    const otherAdmin = await signedIn(t, { role: 'org_admin', organisation_id: other.id });
    const ownAdmin = await signedIn(t, { role: 'org_admin', organisation_id: provider.id });
    expectError(
      await post(`/api/v1/staff/${person.id}/reset-two-step`, otherAdmin.cookie),
      403,
      'auth.forbidden',
    );
    expectError(
      await post(`/api/v1/staff/${person.id}/reset-two-step`, person.cookie),
      403,
      'auth.forbidden',
    );

    const reset = await post(`/api/v1/staff/${person.id}/reset-two-step`, ownAdmin.cookie);
    expect(reset.statusCode).toBe(204);
    expectError(
      await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: person.cookie } }),
      401,
      'auth.unauthenticated',
    );
    const plain = await post('/api/v1/auth/login', undefined, {
      email: person.staff.email,
      password: TEST_PASSWORD,
    });
    expect(plain.json()).toMatchObject({ staff: { id: person.id, twoStepEnabled: false } });
    const [entry] = await findAuditRows(t.database.db, {
      action: 'staff.reset_two_step',
      targetId: person.id,
    });
    expect(entry).toMatchObject({
      actor_staff_id: ownAdmin.id,
      details: { hadTwoStep: true, revokedSessions: 1 },
    });
  });
});
