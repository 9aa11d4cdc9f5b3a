import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../db/seed/demo-seed.js';
import { AppError } from '../errors.js';
import { TEST_PASSWORD } from '../test/factories.js';
import { assertAcceptablePassword } from './password-policy.js';

async function refusal(password: string, email?: string): Promise<AppError> {
  try {
    await assertAcceptablePassword(password, 'password', { email });
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(password)} to be refused`);
}

describe('assertAcceptablePassword', () => {
  it.each([
    'password1234',
    'PASSWORD1234',
    '123456789012',
    'qwertyuiop123',
    'iloveyou1234',
    'Salasana2026',
    'salasana 2026 ',
    'aaaaaaaaaaaa',
    'AaAaAaAaAaAa',
    'abcabcabcabc',
    'aaaaaaaaaa12',
    'monkeymonkey',
    'äääääääääääää',
  ])('refuses %j as too common, naming the field', async (password) => {
    const error = await refusal(password);
    expect(error.code).toBe('auth.password_too_common');
    expect(error.status).toBe(400);
    expect(error.details).toEqual({ field: 'password' });
  });

  it.each([
    DEMO_PASSWORD,
    TEST_PASSWORD,
    'initial password 2026',
    'a brand new passphrase 2026',
    'initial password 123',
    'taken over 12345',
    'fresh initial password',
    'long enough password',
    'alkusalasana-1a2b3c4d',
    'mustikkapiirakka kesällä',
    'kolme kissaa ja koira',
  ])('accepts %j', async (password) => {
    await expect(assertAcceptablePassword(password, 'password')).resolves.toBeUndefined();
  });

  it('refuses the account’s email, whatever its case or surrounding spaces', async () => {
    const error = await refusal(' Kaisa.Ohjaaja@Example.test ', 'kaisa.ohjaaja@example.test');
    expect(error.code).toBe('auth.password_is_email');
    expect(error.details).toEqual({ field: 'password' });
  });
});
