import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, TEST_PASSWORD } from '../../test/factories.js';
import { createTestApp, loginAs, type TestApp } from '../../test/test-app.js';

describe('staff sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('signs in with the right password and knows who is signed in', async () => {
    const staff = await buildStaff(t.database.db, { email: 'ohjaaja@example.test' });
    const cookie = await loginAs(t.app, 'OHJAAJA@example.test');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: staff.id, email: 'ohjaaja@example.test', role: 'counsellor' });
    expect(me.json()).not.toHaveProperty('passwordHash');
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    await buildStaff(t.database.db, { email: 'known@example.test' });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'known@example.test', password: 'not the password' },
      remoteAddress: '10.0.0.1',
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@example.test', password: TEST_PASSWORD },
      remoteAddress: '10.0.0.1',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('auth.invalid_credentials');
  });
});
