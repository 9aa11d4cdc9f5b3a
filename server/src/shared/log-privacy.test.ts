import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createToken } from './secrets.js';
import { isTokenLike, loggableError, loggablePath, scrubText } from './log-privacy.js';

describe('scrubText', () => {
  it('hides email addresses, phone numbers as people type them, and tokens', () => {
    const token = createToken();
    const text = `from Aino <aino.virtanen@example.fi>, call 040 123 4567 or +358 40 1234567 or (09) 123-4567; link ${token}`;
    const scrubbed = scrubText(text);
    expect(scrubbed).toBe('from Aino <[email]>, call [phone] or [phone] or ([phone]; link [token]');
    expect(scrubText(`reply to neuvonta+${randomBytes(12).toString('hex')}@opintori.fi`)).toBe(
      'reply to [email]',
    );
  });

  it('keeps record ids, words, codes, sizes, times and stack frames readable', () => {
    const id = randomUUID();
    const kept = [
      `mail ${id} not sent`,
      'FST_ERR_CTP_INVALID_CONTENT_LENGTH at hasZodFastifySchemaValidationErrors',
      'Message exceeds fixed maximum message size of 10485760 bytes',
      'at sendMail (file:///srv/opintori/server/dist/conversations/mail-sender.js:88:13)',
      '2026-12-05T07:14:37.000Z took 1500 ms on port 2525',
      'fastify@5.1.0 and node_modules/@fastify/cookie',
    ];
    for (const text of kept) expect(scrubText(text)).toBe(text);
  });

  it('tells random tokens from words', () => {
    const tokens = Array.from({ length: 200 }, (_, i) =>
      [createToken(), randomBytes(24).toString('base64url'), randomBytes(12).toString('hex')].at(i % 3)!,
    );
    // Chance leaves about one token in 20,000 looking like words (see isTokenLike).
    expect(tokens.filter((token) => !isTokenLike(token)).length).toBeLessThanOrEqual(1);
    for (const word of [
      'oppisopimus-koulutus-aikuisille',
      'registerErrorHandler',
      'hasZodFastifySchemaValidationErrors',
      'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
      '2026-11-29T10-00-core',
      'createMeetingHubForConversation',
    ]) {
      expect(isTokenLike(word)).toBe(false);
    }
  });
});

describe('loggablePath', () => {
  it('drops the query and replaces the link tokens of API and page addresses', () => {
    const token = createToken();
    const id = randomUUID();
    expect(loggablePath(`/api/v1/booking/manage/${token}/cancel?x=1`)).toBe(
      '/api/v1/booking/manage/:token/cancel',
    );
    expect(loggablePath('/api/v1/feedback/short-but-secret')).toBe('/api/v1/feedback/:token');
    expect(loggablePath('/api/v1/auth/invitations/short-secret/accept')).toBe(
      '/api/v1/auth/invitations/:token/accept',
    );
    expect(loggablePath('/console/invitation/short-secret')).toBe('/console/invitation/:token');
    for (const page of [
      '/fi/varaus/',
      '/sv/bokning/',
      '/en/booking/',
      '/fi/palaute/',
      '/sv/mote/',
      '/en/meeting/',
    ]) {
      expect(loggablePath(`${page}abc?arvio=5`)).toBe(`${page}:token`);
    }
    expect(loggablePath(`/api/v1/inbox/conversations/${id}/accept?secret=${token}`)).toBe(
      `/api/v1/inbox/conversations/${id}/accept`,
    );
    expect(loggablePath(`/anything/${token}`)).toBe('/anything/:token');
    expect(loggablePath('/fi/koulutukset/oppisopimus-koulutus-aikuisille')).toBe(
      '/fi/koulutukset/oppisopimus-koulutus-aikuisille',
    );
  });
});

describe('loggableError', () => {
  it("keeps an error's type, code and scrubbed message, not the values it carries", () => {
    const database = Object.assign(
      new Error('duplicate key value violates unique constraint "clients_email_key"'),
      {
        code: '23505',
        detail: 'Key (email)=(aino.virtanen@example.fi) already exists.',
        parameters: ['aino.virtanen@example.fi', '0401234567'],
      },
    );
    const mail = Object.assign(
      new Error("Can't send mail - all recipients were rejected: 550 <ville@example.net>"),
      {
        responseCode: 550,
        response: '550 5.1.1 <ville@example.net>: Recipient address rejected',
        rejected: ['ville@example.net'],
      },
    );
    const wrapped = new Error('send failed', { cause: mail });
    const logged = JSON.stringify([database, wrapped].map((error) => loggableError(error)));
    expect(logged).not.toMatch(/aino|ville|0401234567/);
    expect(loggableError(database)).toMatchObject({ type: 'Error', code: '23505' });
    expect(loggableError(wrapped).cause).toMatchObject({
      responseCode: 550,
      message: "Can't send mail - all recipients were rejected: 550 <[email]>",
    });
    expect(loggableError('just a string with ville@example.net').message).toBe('just a string with [email]');
  });
});
