import { AppError } from '../errors.js';
/**
 * Normalises a phone number as people type it (040 123 4567, +358 40 1234567, 00358…,
 * +46 70 123 45 67) to E.164, or returns an error code. Finnish numbers without a country
 * code are assumed, because the service is Finnish.
 */
export function toE164(input: string): { ok: true; value: string } | { ok: false; code: string } {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, code: 'phone.missing' };
  if (/[^\d\s()+./-]/.test(trimmed)) return { ok: false, code: 'phone.invalid_characters' };
  let digits = trimmed.replace(/[\s()./-]/g, '');
  if (digits.indexOf('+') > 0 || (digits.match(/\+/g)?.length ?? 0) > 1) {
    return { ok: false, code: 'phone.invalid_characters' };
  }
  if (digits.startsWith('00')) digits = '+' + digits.slice(2);
  else if (digits.startsWith('0')) digits = '+358' + digits.slice(1);
  else if (!digits.startsWith('+')) return { ok: false, code: 'phone.country_code_missing' };
  const national = digits.slice(1);
  // E.164 allows at most 15 digits; Finnish numbers have 5–12 after the country code.
  if (national.length < 7 || national.length > 15) return { ok: false, code: 'phone.wrong_length' };
  if (national.startsWith('358') && (national.length < 8 || national.length > 15)) {
    return { ok: false, code: 'phone.wrong_length' };
  }
  if (national.startsWith('0')) return { ok: false, code: 'phone.invalid' };
  return { ok: true, value: '+' + national };
}

/** A Finnish or international number → E.164, or a 400 naming the problem. */
export function phoneOrFail(input: string): string {
  const parsed = toE164(input);
  if (!parsed.ok) {
    throw new AppError('request.invalid', 400, `phone: ${parsed.code}`, {
      fields: [{ field: 'phone', message: parsed.code }],
    });
  }
  return parsed.value;
}
