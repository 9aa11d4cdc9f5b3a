import { describe, expect, it } from 'vitest';
import { toE164 } from './phone.js';

describe('phone numbers to E.164', () => {
  it.each([
    ['040 123 4567', '+358401234567'],
    ['+358 40 123 4567', '+358401234567'],
    ['00358-40-1234567', '+358401234567'],
    ['(09) 310 1234', '+35893101234'],
    ['+46 70 123 45 67', '+46701234567'],
  ])('%s → %s', (input, expected) => {
    expect(toE164(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'phone.missing'],
    ['040 ABC 4567', 'phone.invalid_characters'],
    ['+358 40+123', 'phone.invalid_characters'],
    ['123', 'phone.country_code_missing'],
    ['040 12', 'phone.wrong_length'],
    ['+1234567890123456', 'phone.wrong_length'],
  ])('refuses %j with %s', (input, code) => {
    expect(toE164(input)).toEqual({ ok: false, code });
  });
});
