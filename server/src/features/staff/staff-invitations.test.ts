import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { buildOrganisation, buildStaff, staffAccountBody } from '../../test/factories.js';
import { expectError, invalidFields, sessionCookieFrom, setCookieHeaders } from '../../test/http-helpers.js';
import { invitationToken } from '../../test/mail-helpers.js';
import { loginAs, signedIn, useTestApp } from '../../test/test-app.js';

const t = useTestApp({ PUBLIC_URL: 'https://opintori.example' });
const PASSWORD = 'a passphrase of my own 2026';

function accept(token: string, password = PASSWORD) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/auth/invitations/${token}/accept`,
    payload: { password },
  });
}

async function invite(language = 'fi') {
  const organisation = await buildOrganisation(t.database.db);
  const admin = await signedIn(t, { role: 'admin' });
  const body = staffAccountBody({
    name: 'Liisa Uusi',
    organisationId: organisation.id,
    languages: [language],
  });
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/staff',
    headers: { cookie: admin.cookie },
    payload: body,
  });
  expect(created.statusCode).toBe(201);
  return { id: created.json<{ id: string }>().id, email: body.email as string, admin };
}

describe('staff invitations', () => {
  it('mails a link in the person’s language that sets the password and signs them in, once', async () => {
    const person = await invite('sv');
    const mail = await t.database.db
      .selectFrom('outgoing_mail')
      .selectAll()
      .where('to_address', '=', person.email)
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Inbjudan till OpinToris personal');
    expect(mail.text_body).toMatch(/^Hej Liisa,/);
    expect(mail.text_body).toMatch(/https:\/\/opintori\.example\/console\/invitation\/[A-Za-z0-9_-]{43}/);
    expect(mail.text_body).not.toContain('svara på det här meddelandet; ditt svar');
    expect(mail.reply_to).toBeNull();
    const token = await invitationToken(t.database.db, person.email);
    // Only the hash is stored.
    const stored = await t.database.db
      .selectFrom('staff_invitations')
      .select('id')
      .where('staff_id', '=', person.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).not.toContain(token);

    const about = await t.app.inject({ method: 'GET', url: `/api/v1/auth/invitations/${token}` });
    expect(about.json()).toMatchObject({ name: 'Liisa Uusi', email: person.email, kind: 'new' });

    const accepted = await accept(token);
    expect(accepted.statusCode).toBe(200);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: sessionCookieFrom(accepted) },
    });
    expect(me.json()).toMatchObject({ id: person.id, mustChangePassword: false });

    expectError(await accept(token, 'another passphrase 2026'), 404, 'invitation.invalid');
    expectError(
      await t.app.inject({ method: 'GET', url: `/api/v1/auth/invitations/${token}` }),
      404,
      'invitation.invalid',
    );
    expect(await loginAs(t.app, person.email, PASSWORD)).toBeTruthy();
  });

  it('refuses an unknown, replaced or expired link, and one of a deactivated person', async () => {
    expectError(await accept('x'.repeat(43)), 404, 'invitation.invalid');
    const person = await invite();
    const first = await invitationToken(t.database.db, person.email);
    const resent = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/${person.id}/invitation`,
      headers: { cookie: person.admin.cookie },
    });
    expect(resent.statusCode).toBe(200);
    const second = await invitationToken(t.database.db, person.email);
    expect(second).not.toBe(first);
    expectError(await accept(first), 404, 'invitation.invalid');

    await t.database.db
      .updateTable('staff_invitations')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('staff_id', '=', person.id)
      .execute();
    expectError(await accept(second), 404, 'invitation.invalid');

    await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/${person.id}/invitation`,
      headers: { cookie: person.admin.cookie },
    });
    const third = await invitationToken(t.database.db, person.email);
    await t.database.db.updateTable('staff').set({ is_active: false }).where('id', '=', person.id).execute();
    expectError(await accept(third), 404, 'invitation.invalid');
    const row = await t.database.db
      .selectFrom('staff')
      .select('password_hash')
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toBeNull();
  });

  it('asks for a password of at least 12 characters, naming the field, and keeps the link', async () => {
    const person = await invite();
    const token = await invitationToken(t.database.db, person.email);
    expect(invalidFields(expectError(await accept(token, 'short'), 400, 'request.invalid'))).toEqual([
      'password',
    ]);
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/invitations/short/accept',
        payload: { password: PASSWORD },
      }),
      400,
      'request.invalid',
    );
    expect((await accept(token)).statusCode).toBe(200);
  });

  it('does not sign in someone with a second step: they sign in with the new password and their code', async () => {
    const person = await signedIn(t);
    const setup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/two-step/setup',
      headers: { cookie: person.cookie },
    });
    const { secret } = setup.json<{ secret: string }>();
    const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/two-step/confirm',
          headers: { cookie: person.cookie },
          payload: { code },
        })
      ).statusCode,
    ).toBe(200);
    const admin = await signedIn(t, { role: 'admin' });
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/${person.id}/invitation`,
      headers: { cookie: admin.cookie },
    });
    const response = await accept(await invitationToken(t.database.db, person.staff.email));
    expect(response.json()).toEqual({ passwordSet: true });
    expect(setCookieHeaders(response)).toEqual([]);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: person.staff.email, password: PASSWORD },
    });
    expect(login.json()).toHaveProperty('secondStep');
  });

  it('is not for a counsellor to send', async () => {
    const counsellor = await signedIn(t);
    const other = await buildStaff(t.database.db);
    expectError(
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/staff/${other.id}/invitation`,
        headers: { cookie: counsellor.cookie },
      }),
      403,
      'auth.forbidden',
    );
  });
});
