import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAuditRows } from '../../test/audit-helpers.js';
import { buildOrganisation, buildStaff, TEST_PASSWORD } from '../../test/factories.js';
import { expectError, sessionCookieFrom, setCookieHeaders } from '../../test/http-helpers.js';
import { startTestIssuer, type TestIssuer } from '../../test/oidc-issuer.js';
import { signedIn, useTestApp, type SignedIn } from '../../test/test-app.js';
import type { OrganisationRow } from '../organisations/organisation.table.js';
import { forgetSsoConfiguration } from './sso.service.js';

const ORIGIN = 'https://opintori.example';
const t = useTestApp({ PUBLIC_URL: ORIGIN });
let idp: TestIssuer;
let admin: SignedIn;
let organisation: OrganisationRow;
let providerId: string;

beforeAll(async () => {
  idp = await startTestIssuer(`${ORIGIN}/api/v1/auth/sso/callback`);
  forgetSsoConfiguration();
  admin = await signedIn(t, { role: 'admin' });
  organisation = await buildOrganisation(t.database.db);
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/sso-providers',
    headers: { cookie: admin.cookie },
    payload: {
      organisationId: organisation.id,
      name: 'Testiopiston Entra ID',
      issuer: idp.issuer,
      clientId: idp.clients[0]!.clientId,
      clientSecret: idp.clients[0]!.clientSecret,
      domains: ['sso.example', 'Staff.SSO.example'],
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  providerId = created.json<{ id: string }>().id;
});
afterAll(async () => idp?.close());

/** The browser's way: start at OpinTori, through the identity provider as `login`, back to the callback. */
async function ssoSignIn(login: string, tamper?: (callback: URL) => Promise<void> | void) {
  const start = await t.app.inject({
    method: 'GET',
    url: `/api/v1/auth/sso/${providerId}/start?next=/console/inbox`,
  });
  expect(start.statusCode, start.body).toBe(303);
  const callback = await idp.signIn(start.headers.location as string, login);
  await tamper?.(callback);
  return t.app.inject({ method: 'GET', url: callback.pathname + callback.search });
}

function expectRefused(response: LightMyRequestResponse, code: string) {
  expect(response.statusCode).toBe(303);
  expect(response.headers.location).toBe(`/console/login?sso=${encodeURIComponent(code)}`);
  expect(setCookieHeaders(response)).toEqual([]);
}

describe('single sign-on', () => {
  it('signs an existing staff member in through the identity provider, by subject after the first time', async () => {
    const staff = await buildStaff(t.database.db, {
      email: 'anna@sso.example',
      organisation_id: organisation.id,
    });
    const discover = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sso/discover',
      payload: { email: 'Anna@SSO.example' },
    });
    expect(discover.json()).toEqual({
      provider: { id: providerId, name: 'Testiopiston Entra ID' },
      passwordSignIn: true,
    });

    const response = await ssoSignIn('anna@sso.example');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/console/inbox');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: sessionCookieFrom(response) },
    });
    expect(me.json()).toMatchObject({ id: staff.id, role: 'counsellor' });
    const links = await t.database.db
      .selectFrom('staff_sso_links')
      .selectAll()
      .where('staff_id', '=', staff.id)
      .execute();
    expect(links).toEqual([
      expect.objectContaining({ provider_id: providerId, subject: 'anna@sso.example' }),
    ]);
    const [login] = await findAuditRows(t.database.db, { action: 'auth.login', targetId: staff.id });
    expect(login).toMatchObject({ outcome: 'success', details: { method: 'sso', provider: providerId } });

    // Renamed in OpinTori: the link by subject still finds the person.
    await t.database.db
      .updateTable('staff')
      .set({ email: 'anna.uusi@sso.example' })
      .where('id', '=', staff.id)
      .execute();
    const again = await ssoSignIn('anna@sso.example');
    expect(again.headers.location).toBe('/console/inbox');
  });

  it('stores the client secret encrypted and never shows it', async () => {
    const row = await t.database.db
      .selectFrom('sso_providers')
      .selectAll()
      .where('id', '=', providerId)
      .executeTakeFirstOrThrow();
    expect(row.client_secret).toMatch(/^v1:/);
    expect(row.client_secret).not.toContain(idp.clients[0]!.clientSecret);
    expect(row.domains).toEqual(['sso.example', 'staff.sso.example']);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sso-providers',
      headers: { cookie: admin.cookie },
    });
    expect(list.body).not.toContain(idp.clients[0]!.clientSecret);
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it('refuses a tampered, replayed or expired state', async () => {
    await buildStaff(t.database.db, { email: 'ville@sso.example', organisation_id: organisation.id });
    expectRefused(
      await ssoSignIn('ville@sso.example', (callback) => {
        callback.searchParams.set('state', `${callback.searchParams.get('state')}x`);
      }),
      'auth.sso_state_invalid',
    );

    let replay = '';
    const first = await ssoSignIn('ville@sso.example', (callback) => {
      replay = callback.pathname + callback.search;
    });
    expect(first.headers.location).toBe('/console/inbox');
    expectRefused(await t.app.inject({ method: 'GET', url: replay }), 'auth.sso_state_invalid');

    expectRefused(
      await ssoSignIn('ville@sso.example', async () => {
        await t.database.db
          .updateTable('sso_logins')
          .set({ expires_at: new Date(Date.now() - 1000) })
          .execute();
      }),
      'auth.sso_state_invalid',
    );
  });

  it('refuses a wrong nonce and a code meant for another client', async () => {
    await buildStaff(t.database.db, { email: 'satu@sso.example', organisation_id: organisation.id });
    expectRefused(
      await ssoSignIn('satu@sso.example', async () => {
        await t.database.db.updateTable('sso_logins').set({ nonce: 'not-the-nonce-that-was-sent' }).execute();
      }),
      'auth.sso_failed',
    );
    const other = idp.clients[1]!;
    try {
      expectRefused(
        await ssoSignIn('satu@sso.example', async () => {
          // The code was issued to OpinTori's client; it is redeemed as another client.
          await t.app.inject({
            method: 'PATCH',
            url: `/api/v1/sso-providers/${providerId}`,
            headers: { cookie: admin.cookie },
            payload: { clientId: other.clientId, clientSecret: other.clientSecret },
          });
        }),
        'auth.sso_failed',
      );
    } finally {
      await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/sso-providers/${providerId}`,
        headers: { cookie: admin.cookie },
        payload: { clientId: idp.clients[0]!.clientId, clientSecret: idp.clients[0]!.clientSecret },
      });
    }
    const failures = await findAuditRows(t.database.db, { action: 'auth.login', outcome: 'failure' });
    expect(failures.some((row) => (row.details as { method?: string }).method === 'sso')).toBe(true);
  });

  it('refuses an email outside the domains, an unknown person and a deactivated one', async () => {
    expectRefused(await ssoSignIn('someone@elsewhere.example'), 'auth.sso_domain_not_allowed');
    expectRefused(await ssoSignIn('nobody@sso.example'), 'auth.sso_unknown_staff');
    await buildStaff(t.database.db, {
      email: 'gone@sso.example',
      organisation_id: organisation.id,
      is_active: false,
    });
    expectRefused(await ssoSignIn('gone@sso.example'), 'auth.sso_unknown_staff');
    const created = await t.database.db
      .selectFrom('staff')
      .select('id')
      .where('email', '=', 'nobody@sso.example')
      .execute();
    expect(created).toEqual([]);
  });

  it('creates a first-time person only when allowed: a counsellor of the provider, whatever the claims say', async () => {
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/sso-providers/${providerId}`,
      headers: { cookie: admin.cookie },
      payload: { allowCreate: true },
    });
    try {
      const response = await ssoSignIn('uusi.ohjaaja@sso.example');
      expect(response.headers.location).toBe('/console/inbox');
      const row = await t.database.db
        .selectFrom('staff')
        .selectAll()
        .where('email', '=', 'uusi.ohjaaja@sso.example')
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        role: 'counsellor',
        organisation_id: organisation.id,
        password_hash: null,
      });
    } finally {
      await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/sso-providers/${providerId}`,
        headers: { cookie: admin.cookie },
        payload: { allowCreate: false },
      });
    }
  });

  it('can switch password sign-in off for the domains', async () => {
    const staff = await buildStaff(t.database.db, {
      email: 'pekka@sso.example',
      organisation_id: organisation.id,
    });
    const login = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: staff.email, password: TEST_PASSWORD },
      });
    expect((await login()).statusCode).toBe(200);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/sso-providers/${providerId}`,
      headers: { cookie: admin.cookie },
      payload: { passwordSignIn: false },
    });
    try {
      const refused = expectError(await login(), 400, 'auth.use_sso');
      expect(refused.error.details).toEqual({ providerId });
    } finally {
      await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/sso-providers/${providerId}`,
        headers: { cookie: admin.cookie },
        payload: { passwordSignIn: true },
      });
    }
  });

  it('is configured by admins, and by a provider’s admins for their own provider only', async () => {
    const counsellor = await signedIn(t);
    const ownAdmin = await signedIn(t, { role: 'org_admin', organisation_id: organisation.id });
    const other = await buildOrganisation(t.database.db);
    const body = (organisationId: string | null, domain: string) => ({
      organisationId,
      name: 'Google Workspace',
      issuer: 'https://accounts.google.com',
      clientId: 'client',
      clientSecret: 'secret',
      domains: [domain],
    });
    const create = (cookie: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/sso-providers', headers: { cookie }, payload });
    expectError(await create(counsellor.cookie, body(organisation.id, 'a.example')), 403, 'auth.forbidden');
    expectError(await create(ownAdmin.cookie, body(other.id, 'b.example')), 403, 'auth.forbidden');
    expectError(await create(ownAdmin.cookie, body(null, 'c.example')), 403, 'auth.forbidden');
    expect((await create(ownAdmin.cookie, body(organisation.id, 'd.example'))).statusCode).toBe(201);
    expectError(await create(admin.cookie, body(null, 'sso.example')), 409, 'sso.domain_taken');
    expectError(
      await create(admin.cookie, { ...body(null, 'e.example'), issuer: 'http://idp.example' }),
      400,
      'sso.issuer_invalid',
    );
    expectError(await create(admin.cookie, body(null, 'not a domain')), 400, 'request.invalid');
    const theirs = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sso-providers',
      headers: { cookie: ownAdmin.cookie },
    });
    expect(
      theirs
        .json<{ items: { organisationId: string }[] }>()
        .items.every((item) => item.organisationId === organisation.id),
    ).toBe(true);
    const audit = await findAuditRows(t.database.db, { action: 'sso.create' });
    expect(JSON.stringify(audit)).not.toContain('secret');
  });
});
