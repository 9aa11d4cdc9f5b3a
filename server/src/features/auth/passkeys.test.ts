import { describe, expect, it } from 'vitest';
import { findAuditRows } from '../../test/audit-helpers.js';
import { TEST_PASSWORD } from '../../test/factories.js';
import { expectError, sessionCookieFrom, setCookieHeaders } from '../../test/http-helpers.js';
import { softPasskey, type SoftPasskey } from '../../test/soft-authenticator.js';
import { signedIn, useTestApp, type SignedIn } from '../../test/test-app.js';

const ORIGIN = 'https://opintori.example';
const RP_ID = 'opintori.example';
const t = useTestApp({ PUBLIC_URL: ORIGIN });

function post(url: string, cookie: string | undefined, payload: Record<string, unknown> = {}) {
  return t.app.inject({ method: 'POST', url, payload, ...(cookie ? { headers: { cookie } } : {}) });
}

async function addPasskey(person: SignedIn, name = 'Työkannettava'): Promise<SoftPasskey> {
  const key = softPasskey();
  const begin = await post('/api/v1/auth/passkeys/options', person.cookie);
  expect(begin.statusCode).toBe(200);
  const { ceremonyId, options } = begin.json<{
    ceremonyId: string;
    options: { challenge: string; rp: { id: string } };
  }>();
  expect(options.rp.id).toBe(RP_ID);
  const added = await post('/api/v1/auth/passkeys', person.cookie, {
    ceremonyId,
    name,
    response: key.register({ challenge: options.challenge, rpId: RP_ID, origin: ORIGIN }),
  });
  expect(added.statusCode, added.body).toBe(201);
  return key;
}

async function passkeySignIn(key: SoftPasskey, overrides: { origin?: string; challenge?: string } = {}) {
  const begin = await post('/api/v1/auth/passkey-login/options', undefined, {
    ...(overrides.challenge ? { challenge: overrides.challenge } : {}),
  });
  expect(begin.statusCode).toBe(200);
  const { ceremonyId, options } = begin.json<{
    ceremonyId: string;
    options: { challenge: string; allowCredentials?: { id: string }[] };
  }>();
  const response = key.authenticate({
    challenge: options.challenge,
    rpId: RP_ID,
    origin: overrides.origin ?? ORIGIN,
  });
  const result = await post('/api/v1/auth/passkey-login', undefined, {
    ceremonyId,
    response,
    ...(overrides.challenge ? { challenge: overrides.challenge } : {}),
  });
  return { result, ceremonyId, response, options };
}

describe('passkeys', () => {
  it('are added, named, listed and sign a person in alone', async () => {
    const person = await signedIn(t);
    const key = await addPasskey(person);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/passkeys',
      headers: { cookie: person.cookie },
    });
    expect(list.json()).toEqual({
      items: [{ id: key.id, name: 'Työkannettava', createdAt: expect.any(String), lastUsedAt: null }],
    });
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/auth/passkeys/${key.id}`,
      headers: { cookie: person.cookie },
      payload: { name: 'Puhelin' },
    });
    expect(renamed.json()).toMatchObject({ name: 'Puhelin' });

    const { result } = await passkeySignIn(key);
    expect(result.statusCode, result.body).toBe(200);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: sessionCookieFrom(result) },
    });
    expect(me.json()).toMatchObject({ id: person.id, twoStepEnabled: true, passkeys: 1 });
    const [row] = await t.database.db
      .selectFrom('staff_passkeys')
      .selectAll()
      .where('id', '=', key.id)
      .execute();
    expect(row).toMatchObject({ counter: 1, staff_id: person.id });
    expect(row!.last_used_at).toBeInstanceOf(Date);
    const logins = await findAuditRows(t.database.db, { action: 'auth.login', targetId: person.id });
    expect(logins.at(-1)).toMatchObject({ outcome: 'success', details: { method: 'passkey' } });
    expect(
      await findAuditRows(t.database.db, { action: 'auth.passkey_add', targetId: person.id }),
    ).toHaveLength(1);
  });

  it('refuses an answer for another origin, a replayed ceremony and an unknown passkey', async () => {
    const person = await signedIn(t);
    const key = await addPasskey(person);
    const phished = await passkeySignIn(key, { origin: 'https://opintori.example.evil.test' });
    expectError(phished.result, 401, 'auth.passkey_refused');
    expect(setCookieHeaders(phished.result)).toEqual([]);
    const failures = await findAuditRows(t.database.db, {
      action: 'auth.login',
      targetId: person.id,
      outcome: 'failure',
    });
    expect(failures.at(-1)?.details).toEqual({ reason: 'passkey_not_verified' });

    const good = await passkeySignIn(key);
    expect(good.result.statusCode).toBe(200);
    const replay = await post('/api/v1/auth/passkey-login', undefined, {
      ceremonyId: good.ceremonyId,
      response: good.response,
    });
    expectError(replay, 400, 'passkey.ceremony_expired');

    const stranger = softPasskey();
    expectError((await passkeySignIn(stranger)).result, 401, 'auth.passkey_refused');
  });

  it('refuses the passkey of a deactivated person', async () => {
    const person = await signedIn(t);
    const key = await addPasskey(person);
    await t.database.db.updateTable('staff').set({ is_active: false }).where('id', '=', person.id).execute();
    expectError((await passkeySignIn(key)).result, 401, 'auth.passkey_refused');
  });

  it('serve as the second step after the password, for that person only', async () => {
    const person = await signedIn(t);
    const key = await addPasskey(person);
    const other = await signedIn(t);
    const otherKey = await addPasskey(other);

    const password = await post('/api/v1/auth/login', undefined, {
      email: person.staff.email,
      password: TEST_PASSWORD,
    });
    const { secondStep } = password.json<{ secondStep: { challenge: string; methods: string[] } }>();
    expect(secondStep.methods).toEqual(['passkey']);

    const wrongPerson = await passkeySignIn(otherKey, { challenge: secondStep.challenge });
    expect(wrongPerson.options.allowCredentials?.map((c) => c.id)).toEqual([key.id]);
    expectError(wrongPerson.result, 401, 'auth.passkey_refused');

    const { result } = await passkeySignIn(key, { challenge: secondStep.challenge });
    expect(result.statusCode, result.body).toBe(200);
    const logins = await findAuditRows(t.database.db, {
      action: 'auth.login',
      targetId: person.id,
      outcome: 'success',
    });
    expect(logins.at(-1)?.details).toEqual({ secondStep: 'passkey' });
    // The challenge is used up.
    expectError(
      await post('/api/v1/auth/passkey-login/options', undefined, { challenge: secondStep.challenge }),
      401,
      'auth.challenge_expired',
    );
  });

  it('can be removed, but not the last second step of someone required to have one', async () => {
    const admin = await signedIn(t, { role: 'admin' });
    const person = await signedIn(t);
    const first = await addPasskey(person);
    const second = await addPasskey(person, 'Turva-avain');
    const setRequirement = (requireTwoStep: string) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/v1/auth/settings',
        headers: { cookie: admin.cookie },
        payload: { requireTwoStep },
      });
    await setRequirement('everyone');
    try {
      const me = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie: person.cookie },
      });
      expect(me.json()).toMatchObject({ mustSetUpTwoStep: false });
      const remove = (id: string) =>
        t.app.inject({
          method: 'DELETE',
          url: `/api/v1/auth/passkeys/${id}`,
          headers: { cookie: person.cookie },
        });
      expect((await remove(first.id)).statusCode).toBe(204);
      expectError(await remove(second.id), 409, 'two_step.required');
      expectError(await remove(first.id), 404, 'passkey.not_found');
      // Another person's passkey is not one's own to remove.
      const otherPerson = await signedIn(t);
      expectError(
        await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/auth/passkeys/${second.id}`,
          headers: { cookie: otherPerson.cookie },
        }),
        404,
        'passkey.not_found',
      );
    } finally {
      await setRequirement('nobody');
    }
    expect(
      await findAuditRows(t.database.db, { action: 'auth.passkey_remove', targetId: person.id }),
    ).toHaveLength(1);
  });

  it('refuses a malformed answer and an expired ceremony when adding', async () => {
    const person = await signedIn(t);
    const begin = await post('/api/v1/auth/passkeys/options', person.cookie);
    const { ceremonyId, options } = begin.json<{ ceremonyId: string; options: { challenge: string } }>();
    expectError(
      await post('/api/v1/auth/passkeys', person.cookie, { ceremonyId, name: 'x', response: { id: 'a' } }),
      400,
      'request.invalid',
    );
    const key = softPasskey();
    const wrongChallenge = key.register({ challenge: 'AAAA', rpId: RP_ID, origin: ORIGIN });
    expectError(
      await post('/api/v1/auth/passkeys', person.cookie, { ceremonyId, name: 'x', response: wrongChallenge }),
      400,
      'passkey.invalid',
    );
    // That ceremony is used up.
    const late = key.register({ challenge: options.challenge, rpId: RP_ID, origin: ORIGIN });
    expectError(
      await post('/api/v1/auth/passkeys', person.cookie, { ceremonyId, name: 'x', response: late }),
      400,
      'passkey.ceremony_expired',
    );
  });
});
