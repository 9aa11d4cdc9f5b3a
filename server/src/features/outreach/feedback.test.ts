import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectError } from '../../test/http-helpers.js';
import type { CapturedMail } from '../../test/mail-helpers.js';
import { useTestAppWithRelay } from '../../test/relay-app.js';
import { useOrganisation, useSignedIn } from '../../test/test-app.js';

describe('feedback after a closed contact', () => {
  const { t, relay } = useTestAppWithRelay({
    MAIL_DOMAIN: 'opintori.test',
    PUBLIC_URL: 'https://opintori.test',
    CONTACT_LIMIT_PER_HOUR: '100',
  });
  const provider = useOrganisation(t, { slug: 'rannikko', name_fi: 'Rannikon opisto (demo)' });
  const mikko = useSignedIn(t, () => ({ name: 'Mikko Haapala', organisation_id: provider.id }));
  beforeEach(async () => {
    await t.app.mail.sender.idle();
  });

  const inject = (method: 'GET' | 'POST', url: string, cookie?: string, payload?: object) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
  const message = async (email: string, lang = 'fi', answered = true) => {
    const created = await inject('POST', '/api/v1/contact/messages', undefined, {
      lang,
      name: 'Aino Asiakas',
      email,
      topic: 'applying',
      message: 'Milloin yhteishaku alkaa?',
      consent: true,
    });
    expect(created.statusCode).toBe(201);
    const id: string = created.json().conversationId;
    expect((await inject('POST', `/api/v1/inbox/conversations/${id}/claim`, mikko.cookie)).statusCode).toBe(
      200,
    );
    if (answered) {
      const reply = await inject('POST', `/api/v1/inbox/conversations/${id}/messages`, mikko.cookie, {
        clientMsgId: `reply-${id.slice(0, 8)}`,
        body: 'Yhteishaku alkaa maaliskuussa.',
      });
      expect(reply.statusCode).toBe(200);
    }
    return id;
  };
  const close = (id: string, outcome = 'answered') =>
    inject('POST', `/api/v1/inbox/conversations/${id}/close`, mikko.cookie, { topic: 'applying', outcome });
  const feedbackMails = (to: string) =>
    t.database.db
      .selectFrom('outgoing_mail')
      .select(['to_address', 'subject'])
      .where('kind', '=', 'feedback_request')
      .where('to_address', '=', to)
      .execute();
  const linksOf = (mail: CapturedMail) =>
    [...(mail.parsed.text ?? '').matchAll(/https:\/\/opintori\.test(\/\w+\/\w+\/[\w-]+)\?arvio=(\d)/g)].map(
      (m) => ({ path: m[1]!, score: Number(m[2]) }),
    );
  const tokenOf = (mail: CapturedMail) => linksOf(mail)[0]!.path.split('/').pop()!;
  const scoreOf = async (id: string) =>
    t.database.db
      .selectFrom('conversation_feedback')
      .select(['score', 'comment'])
      .where('conversation_id', '=', id)
      .execute();

  it('mails five one-click links once when an email conversation is closed, and records the score', async () => {
    const id = await message('aino@example.net');
    expect((await close(id)).statusCode).toBe(200);
    const mail = await relay.waitFor(
      (m) =>
        m.envelope.to.includes('aino@example.net') && m.parsed.subject === 'Miten onnistuimme? – OpinTori',
    );
    expect(mail.header('auto-submitted')).toBe('auto-replied');
    expect(mail.parsed.text).toContain('Hei Aino,');
    const links = linksOf(mail);
    expect(links.map((l) => l.score)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(links.map((l) => l.path)).size).toBe(1);
    expect(links[0]!.path).toMatch(/^\/fi\/palaute\/[A-Za-z0-9_-]{32}$/);
    // The HTML part links each score; nothing unescaped.
    expect(mail.parsed.html).toContain(`href="https://opintori.test${links[0]!.path}?arvio=4"`);
    const token = tokenOf(mail);
    const stored = await t.database.db
      .selectFrom('conversations')
      .select('feedback_token_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.feedback_token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.feedback_token_hash).not.toContain(token);

    expect((await inject('GET', `/api/v1/feedback/${token}`)).json()).toEqual({
      channel: 'email',
      language: 'fi',
      score: null,
      comment: '',
    });
    // A click on "4" records 4; clicking again (or a link scanner first, then the person) is idempotent.
    expect((await inject('POST', `/api/v1/feedback/${token}`, undefined, { score: 4 })).json()).toMatchObject(
      {
        score: 4,
      },
    );
    await inject('POST', `/api/v1/feedback/${token}`, undefined, { score: 4 });
    expect(await scoreOf(id)).toEqual([{ score: 4, comment: '' }]);
    // The person changes the score and adds a comment; a later click keeps the comment.
    await inject('POST', `/api/v1/feedback/${token}`, undefined, {
      score: 2,
      comment: 'Vastaus tuli hitaasti.',
    });
    await inject('POST', `/api/v1/feedback/${token}`, undefined, { score: 3 });
    expect(await scoreOf(id)).toEqual([{ score: 3, comment: 'Vastaus tuli hitaasti.' }]);
    expect((await inject('POST', `/api/v1/feedback/${token}`, undefined, { score: 0 })).statusCode).toBe(400);

    // Closing again (reopened by a reply, say) never mails a second time.
    await t.database.db.updateTable('conversations').set({ status: 'active' }).where('id', '=', id).execute();
    await t.database.db.updateTable('conversations').set({ outcome: null }).where('id', '=', id).execute();
    expect((await close(id)).statusCode).toBe(200);
    await t.app.mail.sender.idle();
    expect(await feedbackMails('aino@example.net')).toHaveLength(1);
  });

  it('writes in the client language and works through bulk close and logged calls', async () => {
    const sv = await message('stina@example.net', 'sv');
    const bulk = await inject('POST', '/api/v1/inbox/bulk-close', mikko.cookie, {
      ids: [sv],
      outcome: 'answered',
    });
    expect(bulk.json().closed).toEqual([sv]);
    const mail = await relay.waitFor(
      (m) =>
        m.envelope.to.includes('stina@example.net') && m.parsed.subject === 'Hur lyckades vi? – OpinTori',
    );
    expect(linksOf(mail)[0]!.path).toMatch(/^\/sv\/respons\//);

    const date = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const callback = async (email: string) => {
      const created = await inject('POST', '/api/v1/contact/callbacks', undefined, {
        lang: 'en',
        name: 'Sam',
        phone: '040 123 4567',
        email,
        topic: 'applying',
        window: { date, from: '10:00', to: '12:00' },
        consent: true,
      });
      expect(created.statusCode).toBe(201);
      const id: string = created.json().conversationId;
      await inject('POST', `/api/v1/inbox/conversations/${id}/claim`, mikko.cookie);
      return id;
    };
    const reached = await callback('sam@example.net');
    expect(
      (
        await inject('POST', `/api/v1/inbox/conversations/${reached}/call-outcome`, mikko.cookie, {
          outcome: 'reached',
        })
      ).statusCode,
    ).toBe(200);
    const en = await relay.waitFor(
      (m) => m.envelope.to.includes('sam@example.net') && m.parsed.subject === 'How did we do? – OpinTori',
    );
    expect(linksOf(en)[0]!.path).toMatch(/^\/en\/feedback\//);

    // A wrong number: the client never had the contact, so nothing is asked.
    const wrong = await callback('wrong@example.net');
    await inject('POST', `/api/v1/inbox/conversations/${wrong}/call-outcome`, mikko.cookie, {
      outcome: 'wrong_number',
    });
    // No email address at all: nothing to send.
    const noEmail = await callback('');
    await inject('POST', `/api/v1/inbox/conversations/${noEmail}/call-outcome`, mikko.cookie, {
      outcome: 'reached',
    });
    await t.app.mail.sender.idle();
    expect(await feedbackMails('wrong@example.net')).toEqual([]);
    const hashes = await t.database.db
      .selectFrom('conversations')
      .select(['id', 'feedback_token_hash'])
      .where('id', 'in', [wrong, noEmail])
      .execute();
    expect(hashes.map((h) => h.feedback_token_hash)).toEqual([null, null]);
  });

  it('asks nothing when the counsellor closed it as needing no answer, or closed an email unanswered', async () => {
    const id = await message('hiljainen@example.net');
    expect((await close(id, 'no_answer_needed')).statusCode).toBe(200);
    const unanswered = await message('vastaamaton@example.net', 'fi', false);
    expect((await close(unanswered)).statusCode).toBe(200);
    await t.app.mail.sender.idle();
    expect(await feedbackMails('hiljainen@example.net')).toEqual([]);
    expect(await feedbackMails('vastaamaton@example.net')).toEqual([]);
  });

  it('asks after a booked meeting has been held, marks it done, and not after a cancelled or early-closed one', async () => {
    const db = t.database.db;
    /** A booked video meeting with Mikko, starting `minutes` from now. */
    const meeting = async (email: string, minutes: number, status: 'booked' | 'cancelled' = 'booked') => {
      const client = await db
        .insertInto('clients')
        .values({ first_name: 'Ville', email, preferred_language: 'fi' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const conversation = await db
        .insertInto('conversations')
        .values({
          channel: 'video',
          status: 'active',
          client_id: client.id,
          assigned_staff_id: mikko.id,
          language: 'fi',
          topic: 'applying',
          details: JSON.stringify({ origin: 'booking' }),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('messages')
        .values({
          conversation_id: conversation.id,
          seq: 1,
          kind: 'message',
          author_type: 'client',
          body: '',
        })
        .execute();
      await db.updateTable('conversations').set({ last_seq: 1 }).where('id', '=', conversation.id).execute();
      const start = new Date(Date.now() + minutes * 60_000);
      const appointment = await db
        .insertInto('appointments')
        .values({
          conversation_id: conversation.id,
          staff_id: mikko.id,
          channel: 'video',
          starts_at: start,
          ends_at: new Date(start.getTime() + 30 * 60_000),
          busy_until: new Date(start.getTime() + 30 * 60_000),
          status,
          manage_token_hash: `hash-${email}`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: conversation.id, appointmentId: appointment.id };
    };
    const statusOf = async (appointmentId: string) =>
      (
        await db
          .selectFrom('appointments')
          .select('status')
          .where('id', '=', appointmentId)
          .executeTakeFirstOrThrow()
      ).status;

    const held = await meeting('ville@example.net', -40);
    expect((await close(held.id)).statusCode).toBe(200);
    const mail = await relay.waitFor(
      (m) =>
        m.envelope.to.includes('ville@example.net') && m.parsed.subject === 'Miten onnistuimme? – OpinTori',
    );
    expect(linksOf(mail)).toHaveLength(5);
    expect(await statusOf(held.appointmentId)).toBe('done');

    const early = await meeting('aikaisin@example.net', 24 * 60);
    expect((await close(early.id)).statusCode).toBe(200);
    const cancelled = await meeting('peruttu@example.net', -120, 'cancelled');
    expect((await close(cancelled.id)).statusCode).toBe(200);
    await t.app.mail.sender.idle();
    expect(await feedbackMails('aikaisin@example.net')).toEqual([]);
    expect(await feedbackMails('peruttu@example.net')).toEqual([]);
    expect(await statusOf(early.appointmentId)).toBe('booked');
    expect(await statusOf(cancelled.appointmentId)).toBe('cancelled');
  });

  it('answers an unknown token with 404 and an old one with 410, never 5xx', async () => {
    expectError(
      await inject('GET', '/api/v1/feedback/tuntematon-linkki-joka-on-tarpeeksi-pitka'),
      404,
      'feedback.not_found',
    );
    expectError(await inject('GET', '/api/v1/feedback/x'), 404, 'feedback.not_found');
    expectError(await inject('GET', `/api/v1/feedback/${'%C3%A4'.repeat(30)}`), 404, 'feedback.not_found');
    expectError(
      await inject('POST', '/api/v1/feedback/tuntematon-linkki-joka-on-tarpeeksi-pitka', undefined, {
        score: 5,
      }),
      404,
      'feedback.not_found',
    );

    const id = await message('vanha@example.net');
    await close(id);
    const mail = await relay.waitFor(
      (m) =>
        m.envelope.to.includes('vanha@example.net') && m.parsed.subject === 'Miten onnistuimme? – OpinTori',
    );
    const token = tokenOf(mail);
    await t.database.db
      .updateTable('conversations')
      .set({ closed_at: sql<Date>`now() - interval '31 days'` })
      .where('id', '=', id)
      .execute();
    expectError(await inject('GET', `/api/v1/feedback/${token}`), 410, 'feedback.expired');
    expectError(
      await inject('POST', `/api/v1/feedback/${token}`, undefined, { score: 5 }),
      410,
      'feedback.expired',
    );
    expect(await scoreOf(id)).toEqual([]);
  });
});
