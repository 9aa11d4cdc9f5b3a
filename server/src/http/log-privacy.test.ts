import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hoursEveryDay } from '../test/booking-helpers.js';
import { inboxAction, openAllDay, setAvailable, startChat } from '../test/chat-helpers.js';
import { smtpClient } from '../test/mail-helpers.js';
import { useTestAppWithRelay } from '../test/relay-app.js';
import { connect, emitAck, nextEvent, trackSockets } from '../test/socket-helpers.js';
import { listenLocally, useOrganisation, useSignedIn } from '../test/test-app.js';
import { TEST_PASSWORD } from '../test/factories.js';

const DOMAIN = 'opintori.test';

/** Personal data and secrets the scenario below hands to the service; none may reach the log. */
const personal = {
  adminEmail: 'tuula.lokitesti@example.test',
  counsellorEmail: 'mikko.lokitesti@example.test',
  visitorEmail: 'aino.lokitesti@example.net',
  bookerEmail: 'ville.lokitesti@example.net',
  phoneAsTyped: '040 765 4321',
  phoneE164: '+358407654321',
  visitorText: 'Visitor asks about retraining 4711',
  counsellorText: 'Counsellor answers about retraining 8815',
  formText: 'Form message about apprenticeship 3390',
  accessibilityPage: 'Page with the unlabeled filter 5521',
  accessibilityText: 'Accessibility problem described 7714',
  mailText: 'Mailed question about study allowance 6624',
  mailReplyText: 'Counsellor mail answer about allowance 1203',
  bookingText: 'Booking note about changing careers 5518',
  wrongPassword: 'Wrong-Password-9931',
  badQueryToken: 'QueryTokenBad0123456789abcdefXYZ_-4455',
  bearerToken: 'BearerTokenSecret0987654321abcdefXYZ',
  strayCookie: 'StrayCookieValue5566778899aabbccDD',
  badPathToken: 'PathTokenBadAbcdefghijklmnop12345678901',
};

describe('the log keeps no personal data', () => {
  const lines: string[] = [];
  const { t, relay } = useTestAppWithRelay(
    {
      LOG_LEVEL: 'trace',
      MAIL_DOMAIN: DOMAIN,
      PUBLIC_URL: 'https://opintori.test',
      BOOKING_LIMIT_PER_HOUR: '1000',
    },
    { logStream: { write: (line: string) => void lines.push(line) } },
  );
  const provider = useOrganisation(t, { slug: 'rannikko' });
  const admin = useSignedIn(t, { role: 'admin', email: personal.adminEmail });
  const counsellor = useSignedIn(t, () => ({
    email: personal.counsellorEmail,
    name: 'Mikko Lokitesti',
    organisation_id: provider.id,
    languages: ['fi'],
  }));
  const { track } = trackSockets();
  const secrets: string[] = [];
  let base: string;
  let client: ReturnType<typeof smtpClient>;

  beforeAll(async () => {
    await openAllDay(t.app, admin.cookie);
    await setAvailable(t.app, counsellor.cookie, 10);
    base = await listenLocally(t.app);
    client = smtpClient(await t.app.mail.inbound.listen(0, '127.0.0.1'));
    secrets.push(admin.cookie.split('=')[1]!, counsellor.cookie.split('=')[1]!, TEST_PASSWORD);
  });
  afterAll(() => client.close());

  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, cookie?: string) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });

  it('runs a chat over sockets, with a transcript mailed and refused by the relay', async () => {
    const chat = await startChat(t.app, { provider: 'rannikko' });
    secrets.push(chat.secret);
    expect((await inboxAction(t.app, counsellor.cookie, chat.conversationId, 'accept')).statusCode).toBe(200);
    const visitor = track(await connect(`${base}/client`, { auth: chat }));
    const staff = track(await connect(`${base}/staff`, { extraHeaders: { cookie: counsellor.cookie } }));
    expect((await emitAck(staff, 'watch', { conversationId: chat.conversationId, afterSeq: 0 })).ok).toBe(
      true,
    );
    const atStaff = nextEvent(staff, 'message');
    expect(
      await emitAck(visitor, 'message', { clientMsgId: 'log-visitor-01', body: personal.visitorText }),
    ).toMatchObject({
      ok: true,
    });
    await atStaff;
    const atVisitor = nextEvent(visitor, 'message');
    const answer = await emitAck(staff, 'message', {
      conversationId: chat.conversationId,
      clientMsgId: 'log-staff-0001',
      body: personal.counsellorText,
    });
    expect(answer.ok).toBe(true);
    await atVisitor;

    // The relay refuses the transcript, naming the address as real relays do.
    relay.failNext(550, 1, `5.1.1 <${personal.visitorEmail}>: Recipient address rejected`);
    const transcript = await t.app.inject({
      method: 'POST',
      url: `/api/v1/chat/conversations/${chat.conversationId}/transcript`,
      headers: { 'x-conversation-secret': chat.secret },
      payload: { email: personal.visitorEmail },
    });
    expect(transcript.statusCode).toBe(200);
    await t.app.mail.sender.idle();
    expect(lines.some((line) => line.includes('mail not sent'))).toBe(true);
  });

  it('takes a web-form message and a mail, and answers by mail', async () => {
    const created = await inject('POST', '/api/v1/contact/messages', {
      lang: 'fi',
      name: 'Aino Lokitesti',
      email: personal.visitorEmail,
      topic: 'apprenticeship',
      message: personal.formText,
      consent: true,
    });
    expect(created.statusCode).toBe(201);
    const confirmation = await relay.waitFor((m) => m.parsed.text?.includes(personal.formText) ?? false);
    secrets.push(/neuvonta\+([0-9a-f]+)@/.exec(confirmation.header('reply-to'))![1]!);

    await client.send({
      from: `Aino Lokitesti <${personal.visitorEmail}>`,
      to: `rannikko@${DOMAIN}`,
      subject: 'Opintotuki',
      text: personal.mailText,
    });
    const { items } = (
      await inject('GET', '/api/v1/inbox/conversations?channel=email', undefined, admin.cookie)
    ).json();
    const mailed = items.find((item: { subject: string | null }) => item.subject === 'Opintotuki');
    expect(mailed).toBeDefined();
    expect((await inboxAction(t.app, counsellor.cookie, mailed.id, 'claim')).statusCode).toBe(200);
    const reply = await inject(
      'POST',
      `/api/v1/inbox/conversations/${mailed.id}/messages`,
      { clientMsgId: 'log-mail-0001', body: personal.mailReplyText },
      counsellor.cookie,
    );
    expect(reply.statusCode).toBe(200);
    await relay.waitFor((m) => m.parsed.text?.includes(personal.mailReplyText) ?? false);
  });

  it('takes feedback on accessibility with an address for the reply', async () => {
    const created = await inject('POST', '/api/v1/contact/accessibility-feedback', {
      lang: 'en',
      page: personal.accessibilityPage,
      problem: personal.accessibilityText,
      email: personal.visitorEmail,
      consent: true,
    });
    expect(created.statusCode).toBe(201);
    await relay.waitFor((m) => m.parsed.text?.includes(personal.accessibilityText) ?? false);
  });

  it('books a phone time and opens its manage link', async () => {
    const hours = hoursEveryDay(
      ['phone'],
      { start: '00:00', end: '24:00' },
      { slotMinutes: 45, bufferMinutes: 0, minNoticeMinutes: 0, horizonDays: 7 },
    );
    expect((await inject('PUT', '/api/v1/availability/me', hours, counsellor.cookie)).statusCode).toBe(200);
    const { slots } = (await inject('GET', '/api/v1/booking/slots?channel=phone&language=fi&days=3')).json();
    const made = await inject('POST', '/api/v1/booking/appointments', {
      channel: 'phone',
      start: slots[3].start,
      language: 'fi',
      topic: 'applying',
      name: 'Ville Lokitesti',
      email: personal.bookerEmail,
      phone: personal.phoneAsTyped,
      description: personal.bookingText,
      consent: true,
    });
    expect(made.statusCode).toBe(201);
    const { manageToken } = made.json();
    secrets.push(manageToken);
    expect((await inject('GET', `/api/v1/booking/manage/${manageToken}`)).statusCode).toBe(200);
    // The page address of the same link (not served by the API alone, but logged all the same).
    await inject('GET', `/fi/varaus/${manageToken}`);
    await t.app.mail.sender.idle();
  });

  it('refuses a wrong password, bad tokens in the query and the path, and a stray bearer token', async () => {
    expect(
      (
        await inject('POST', '/api/v1/auth/login', {
          email: personal.counsellorEmail,
          password: personal.wrongPassword,
        })
      ).statusCode,
    ).toBe(401);
    const stranger = await inject('POST', '/api/v1/auth/login', {
      email: 'nobody.lokitesti@example.org',
      password: personal.wrongPassword,
    });
    expect(stranger.statusCode).toBe(401);
    secrets.push('nobody.lokitesti@example.org');
    const query = await t.app.inject({
      method: 'GET',
      url: `/api/v1/chat/status?token=${personal.badQueryToken}&secret=${personal.badQueryToken}`,
      headers: {
        authorization: `Bearer ${personal.bearerToken}`,
        cookie: `opintori_session=${personal.strayCookie}`,
      },
    });
    expect(query.statusCode).toBeLessThan(500);
    expect((await inject('GET', `/api/v1/feedback/${personal.badPathToken}`)).statusCode).toBe(404);
    expect(
      (await inject('GET', `/api/v1/booking/manage/${personal.badPathToken}?reset=${personal.badQueryToken}`))
        .statusCode,
    ).toBe(404);
  });

  it('answers a data-subject request: search, export and a refused partial address', async () => {
    const identifiers = [
      { kind: 'email', value: personal.bookerEmail },
      { kind: 'phone', value: personal.phoneAsTyped },
    ];
    const reason = 'Tietopyyntö lokitestissä';
    const found = await inject('POST', '/api/v1/privacy/search', { identifiers, reason }, admin.cookie);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json<{ conversations: unknown[] }>().conversations.length).toBeGreaterThan(0);
    const exported = await inject(
      'POST',
      '/api/v1/privacy/export',
      { identifiers, reason, format: 'html' },
      admin.cookie,
    );
    expect(exported.body).toContain(personal.bookingText);
    const partial = await inject(
      'POST',
      '/api/v1/privacy/search',
      { identifiers: [{ kind: 'email', value: personal.visitorEmail.split('@')[0] }], reason },
      admin.cookie,
    );
    expect(partial.statusCode).toBe(400);
  });

  it('has logged every step, and none of it names a person or holds a secret', () => {
    const log = lines.join('');
    // The scenario is in the log: requests, the refused mail, the received mail.
    expect(lines.length).toBeGreaterThan(30);
    expect(log).toContain('"msg":"incoming request"');
    expect(log).toContain('"path":"/api/v1/booking/manage/:token"');
    expect(log).toContain('"path":"/fi/varaus/:token"');
    expect(log).toMatch(/"path":"\/api\/v1\/inbox\/conversations\/[0-9a-f-]{36}\/claim"/);
    expect(log).toContain('mail received');
    const leaked = [...Object.values(personal), ...secrets].filter((value) => log.includes(value));
    expect(leaked).toEqual([]);
  });
});
