import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildOrganisation, countRows } from '../../test/factories.js';
import { expectError } from '../../test/http-helpers.js';
import { smtpClient, type CapturedMail } from '../../test/mail-helpers.js';
import { useTestAppWithRelay } from '../../test/relay-app.js';
import { createAppOn, signedIn } from '../../test/test-app.js';

const DOMAIN = 'opintori.test';
const SERVICE = `neuvonta@${DOMAIN}`;
const MAX_BYTES = 64 * 1024;

describe('email channel over real SMTP', () => {
  const { t, relay } = useTestAppWithRelay({ MAIL_DOMAIN: DOMAIN, MAIL_MAX_BYTES: String(MAX_BYTES) });
  let inboundPort: number;
  let client: ReturnType<typeof smtpClient>;
  let admin: string;
  let mikko: string;
  let leila: string;
  let providerId: string;

  beforeAll(async () => {
    inboundPort = await t.app.mail.inbound.listen(0, '127.0.0.1');
    client = smtpClient(inboundPort);
    const db = t.database.db;
    const provider = await buildOrganisation(db, { slug: 'rannikko', name_fi: 'Rannikon opisto (demo)' });
    const other = await buildOrganisation(db, { slug: 'joki', name_fi: 'Joen opisto (demo)' });
    providerId = provider.id;
    admin = (await signedIn(t, { role: 'admin' })).cookie;
    mikko = (await signedIn(t, { name: 'Mikko Haapala', organisation_id: provider.id })).cookie;
    leila = (await signedIn(t, { name: 'Leila Haddad', organisation_id: other.id })).cookie;
  });
  afterAll(() => client.close());
  beforeEach(async () => {
    await t.app.mail.sender.idle();
    relay.mails.length = 0;
  });

  const inject = (method: 'GET' | 'POST', url: string, cookie?: string, payload?: object) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
  const detail = async (id: string, cookie = admin) => {
    const response = await inject('GET', `/api/v1/inbox/conversations/${id}`, cookie);
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const conversationsFrom = (address: string) =>
    t.database.db
      .selectFrom('conversations as c')
      .innerJoin('clients as cl', 'cl.id', 'c.client_id')
      .select(['c.id', 'c.organisation_id', 'c.status', 'c.subject', 'c.reply_token'])
      .where('cl.email', '=', address)
      .orderBy('c.created_at')
      .execute();
  const messageIdOf = (mail: CapturedMail) => mail.parsed.messageId!;
  const tokenOf = (mail: CapturedMail) => /neuvonta\+([0-9a-f]+)@/.exec(mail.header('reply-to'))![1]!;
  const settle = async () => {
    await t.app.mail.sender.idle();
  };

  it('takes a web-form message, confirms it, and threads the counsellor and client replies both ways', async () => {
    const created = await inject('POST', '/api/v1/contact/messages', undefined, {
      lang: 'fi',
      name: 'Aino',
      email: 'aino@example.net',
      topic: 'apprenticeship',
      message: 'Voinko suorittaa tutkinnon oppisopimuksella, jos olen jo töissä?',
      consent: true,
    });
    expect(created.statusCode).toBe(201);
    const { conversationId } = created.json();

    const confirmation = await relay.waitFor((m) => m.envelope.to.includes('aino@example.net'));
    expect(confirmation.parsed.subject).toBe('Viestisi on vastaanotettu – OpinTori');
    expect(confirmation.header('auto-submitted')).toBe('auto-replied');
    expect(confirmation.header('reply-to')).toMatch(new RegExp(`^neuvonta\\+[0-9a-f]{24}@${DOMAIN}$`));
    expect(confirmation.parsed.text).toContain('oppisopimuksella');
    expect(confirmation.parsed.html).toContain('<html lang="fi">');

    // The counsellor takes it and answers: the mail carries the threading headers.
    expectError(
      await inject('POST', `/api/v1/inbox/conversations/${conversationId}/messages`, mikko, {
        clientMsgId: 'reply-0000',
        body: 'Ennen ottamista',
      }),
      403,
      'conversation.not_assigned',
    );
    expect(
      (await inject('POST', `/api/v1/inbox/conversations/${conversationId}/claim`, mikko)).statusCode,
    ).toBe(200);
    const reply = await inject('POST', `/api/v1/inbox/conversations/${conversationId}/messages`, mikko, {
      clientMsgId: 'reply-0001',
      body: 'Hei Aino! Kyllä voit: oppisopimus tehdään nykyisen työnantajasi kanssa.',
    });
    expect(reply.statusCode).toBe(200);
    const answer = await relay.waitFor((m) => m.parsed.subject?.startsWith('Re:') ?? false);
    expect(answer.envelope.to).toEqual(['aino@example.net']);
    expect(answer.parsed.subject).toBe(
      'Re: Voinko suorittaa tutkinnon oppisopimuksella, jos olen jo töissä?',
    );
    expect(answer.parsed.text).toContain('nykyisen työnantajasi');
    expect(answer.parsed.text).toContain('Mikko');
    expect(answer.parsed.messageId).toMatch(new RegExp(`^<[0-9a-f-]{36}@${DOMAIN}>$`));
    expect(answer.header('references')).toContain(messageIdOf(confirmation));
    expect(tokenOf(answer)).toBe(tokenOf(confirmation));
    expect(answer.header('auto-submitted')).toBe('');

    // The client answers from their mail program: to the tokenised address, In-Reply-To set.
    await client.send({
      from: 'Aino Virtanen <aino@example.net>',
      to: answer.header('reply-to'),
      subject: `Re: ${answer.parsed.subject}`,
      messageId: `<aino-1@example.net>`,
      inReplyTo: messageIdOf(answer),
      references: [messageIdOf(confirmation), messageIdOf(answer)],
      text: 'Kiitos! Entä kuka maksaa?\n\nOn Mon, 30 Nov 2026 Mikko wrote:\n> Hei Aino! Kyllä voit',
    });
    const thread = await detail(conversationId);
    const last = thread.messages.at(-1);
    expect(last).toMatchObject({ author: 'client', body: 'Kiitos! Entä kuka maksaa?' });
    expect(last.details.email).toMatchObject({ from: 'aino@example.net', messageId: '<aino-1@example.net>' });
    expect(thread.conversation.status).toBe('active');
    expect(await conversationsFrom('aino@example.net')).toHaveLength(1);

    // The next answer replies to the client's mail.
    await inject('POST', `/api/v1/inbox/conversations/${conversationId}/messages`, mikko, {
      clientMsgId: 'reply-0002',
      body: 'Koulutus on sinulle maksuton; työnantaja maksaa palkan.',
    });
    const second = await relay.waitFor((m) => m.parsed.text?.includes('maksuton') ?? false);
    expect(second.header('in-reply-to')).toBe('<aino-1@example.net>');
    expect(second.header('references')).toContain('<aino-1@example.net>');
    expect(second.header('references')).toContain(messageIdOf(answer));

    await settle();
    const mails = (await detail(conversationId)).mail;
    expect(mails.map((m: { kind: string; status: string }) => [m.kind, m.status])).toEqual([
      ['contact_confirmation', 'sent'],
      ['staff_reply', 'sent'],
      ['staff_reply', 'sent'],
    ]);
  });

  it('opens conversations for the service and provider addresses and refuses any other recipient', async () => {
    await client.send({
      from: 'Pekka <pekka@example.net>',
      to: 'RANNIKKO@opintori.test',
      subject: 'Hitsaajan koulutus',
      text: 'Onko teillä hitsaajan koulutusta jatkuvassa haussa?',
    });
    const [toProvider] = await conversationsFrom('pekka@example.net');
    expect(toProvider).toMatchObject({
      organisation_id: providerId,
      status: 'queued',
      subject: 'Hitsaajan koulutus',
    });
    const ack = await relay.waitFor((m) => m.envelope.to.includes('pekka@example.net'));
    expect(ack.header('in-reply-to')).toBe(
      (await detail(toProvider!.id)).messages[0].details.email.messageId,
    );

    await client.send({ from: 'pirjo@example.net', to: SERVICE, subject: 'Kysymys', text: 'Hei' });
    expect((await conversationsFrom('pirjo@example.net'))[0]!.organisation_id).toBeNull();

    await expect(
      client.send({ from: 'x@example.net', to: `nobody@${DOMAIN}`, subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      client.send({ from: 'x@example.net', to: 'someone@elsewhere.example', subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550 });
  });

  it('never lets a forged or stale token put a mail into someone else’s conversation', async () => {
    await client.send({ from: 'venla@example.net', to: SERVICE, subject: 'Oma asia', text: 'Minun asiani' });
    const [venla] = await conversationsFrom('venla@example.net');
    const token = (await t.database.db
      .selectFrom('conversations')
      .select('reply_token')
      .where('id', '=', venla!.id)
      .executeTakeFirstOrThrow())!.reply_token!;

    // A guessed token: a new conversation of its own.
    await client.send({
      from: 'mallory@example.net',
      to: `neuvonta+${'0'.repeat(24)}@${DOMAIN}`,
      subject: 'Re: Oma asia',
      text: 'Väärennetty',
    });
    const [forged] = await conversationsFrom('mallory@example.net');
    expect(forged!.id).not.toBe(venla!.id);
    expect(
      (await detail(venla!.id)).messages.filter((m: { author: string }) => m.author === 'client'),
    ).toHaveLength(1);

    // A token of a conversation closed more than 30 days ago is stale.
    await t.database.db
      .updateTable('conversations')
      .set({ status: 'closed', closed_at: sql<Date>`now() - interval '31 days'`, outcome: 'answered' })
      .where('id', '=', venla!.id)
      .execute();
    await client.send({
      from: 'venla@example.net',
      to: `neuvonta+${token}@${DOMAIN}`,
      subject: 'Re: Oma asia',
      text: 'Vielä yksi kysymys',
    });
    const after = await conversationsFrom('venla@example.net');
    expect(after).toHaveLength(2);
    expect(after[0]!.status).toBe('closed');

    // Closed recently: the reply opens it again.
    await t.database.db
      .updateTable('conversations')
      .set({ closed_at: sql<Date>`now() - interval '2 days'` })
      .where('id', '=', venla!.id)
      .execute();
    await client.send({
      from: 'venla@example.net',
      to: `neuvonta+${token.toUpperCase()}@${DOMAIN}`,
      subject: 'Re: Oma asia',
      text: 'Avaan uudelleen',
    });
    const reopened = await detail(venla!.id);
    expect(reopened.conversation.status).toBe('queued');
    expect(reopened.messages.map((m: { eventType: string | null }) => m.eventType)).toContain('reopened');
  });

  it('threads by References alone, and takes a mail delivered twice once', async () => {
    await client.send({
      from: 'olli@example.net',
      to: SERVICE,
      subject: 'TUVA',
      messageId: '<olli-1@example.net>',
      text: 'Mikä on TUVA?',
    });
    const [olli] = await conversationsFrom('olli@example.net');
    const follow = {
      from: 'olli@example.net',
      to: SERVICE,
      subject: 'Re: TUVA',
      messageId: '<olli-2@example.net>',
      references: ['<olli-1@example.net>'],
      text: 'Ja kuinka kauan se kestää?',
    };
    await client.send(follow);
    await client.send(follow);
    expect(await conversationsFrom('olli@example.net')).toHaveLength(1);
    const bodies = (await detail(olli!.id)).messages
      .filter((m: { author: string }) => m.author === 'client')
      .map((m: { body: string }) => m.body);
    expect(bodies).toEqual(['Mikä on TUVA?', 'Ja kuinka kauan se kestää?']);
  });

  it('recognises auto-replies: threaded ones are kept, none is answered, unthreaded ones are dropped', async () => {
    await client.send({ from: 'sanna@example.net', to: SERVICE, subject: 'Kysymys', text: 'Hei' });
    const ack = await relay.waitFor((m) => m.envelope.to.includes('sanna@example.net'));
    await settle();
    const sentBefore = relay.mails.length;
    /** An out-of-office answer from Sanna, threaded to the service's acknowledgement. */
    const outOfOffice = (subject: string, text: string) =>
      client.send({
        from: 'sanna@example.net',
        to: ack.header('reply-to'),
        subject,
        headers: { 'Auto-Submitted': 'auto-replied' },
        text,
      });
    await outOfOffice('Automaattinen vastaus: Viestisi on vastaanotettu', 'Olen lomalla 7.12. asti.');
    const [sanna] = await conversationsFrom('sanna@example.net');
    const last = (await detail(sanna!.id)).messages.at(-1);
    expect(last.details.email.autoReply).toBe(true);
    // After closing, another out-of-office notice is kept but does not reopen the matter.
    await inject('POST', `/api/v1/inbox/conversations/${sanna!.id}/close`, admin, {
      topic: 'other',
      outcome: 'answered',
    });
    await outOfOffice('Automaattinen vastaus', 'Olen yhä lomalla.');
    const afterClose = await detail(sanna!.id);
    expect(afterClose.conversation.status).toBe('closed');
    expect(afterClose.messages.at(-1).body).toBe('Olen yhä lomalla.');

    for (const headers of [
      { 'Auto-Submitted': 'auto-generated' },
      { Precedence: 'bulk' },
      { 'X-Autoreply': 'yes' },
    ]) {
      await client.send({
        from: 'robot@example.net',
        to: SERVICE,
        subject: 'Out of office',
        headers,
        text: 'Away',
      });
    }
    // A bounce: the null return path.
    await client.sendRaw(
      '',
      SERVICE,
      'From: MAILER-DAEMON@example.net\r\nSubject: Undelivered\r\n\r\nBounce\r\n',
    );
    await settle();
    expect(await conversationsFrom('robot@example.net')).toHaveLength(0);
    const bounces = await t.database.db
      .selectFrom('conversations')
      .select('id')
      .where('subject', '=', 'Undelivered')
      .execute();
    expect(bounces).toHaveLength(0);
    expect(relay.mails.length).toBe(sentBefore);
  });

  it('refuses a message over the limit with 552 during SMTP and stores nothing', async () => {
    const before = await countRows(t.database.db, 'messages');
    const error = await client
      .send({ from: 'iso@example.net', to: SERVICE, subject: 'Iso', text: 'x'.repeat(MAX_BYTES * 2) })
      .then(() => undefined)
      .catch((e: { responseCode?: number; response?: string }) => e);
    expect(error).toMatchObject({ responseCode: 552 });
    expect(error?.response).toContain(String(MAX_BYTES));
    expect(await countRows(t.database.db, 'messages')).toBe(before);
  });

  it('refuses a mail nested deeper than the MIME limit with a permanent 554 and stores nothing', async () => {
    const nestedMail = (from: string, levels: number) => {
      let body = '';
      for (let i = 0; i < levels; i++)
        body += `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`;
      body += 'Content-Type: text/plain; charset=utf-8\r\n\r\nHaluaisin hakea oppisopimukseen.\r\n';
      for (let i = levels - 1; i >= 0; i--) body += `--b${i}--\r\n`;
      return `From: ${from}\r\nTo: ${SERVICE}\r\nSubject: Sisäkkäin\r\nMIME-Version: 1.0\r\n${body}`;
    };
    const error = await client
      .sendRaw('syva@example.net', SERVICE, nestedMail('syva@example.net', 200))
      .then(() => undefined)
      .catch((e: { responseCode?: number; response?: string }) => e);
    expect(error).toMatchObject({ responseCode: 554 });
    expect(await conversationsFrom('syva@example.net')).toEqual([]);
    // A few levels, as real mail has, are read as usual.
    await client.sendRaw('matala@example.net', SERVICE, nestedMail('matala@example.net', 5));
    const [shallow] = await conversationsFrom('matala@example.net');
    expect((await detail(shallow!.id)).messages[0].body).toContain('oppisopimukseen');
  });

  it('decodes encoded-word headers and 8-bit bodies, and reads malformed MIME as far as it goes', async () => {
    const latin1 = Buffer.concat([
      Buffer.from(
        'From: =?ISO-8859-1?Q?J=F6rgen_=C5kerstr=F6m?= <jorgen@example.net>\r\n' +
          `To: ${SERVICE}\r\n` +
          'Subject: =?UTF-8?B?T3BwaXNvcGltdXMgamEgc8OkaGvDtmFsYQ==?=\r\n' +
          'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
      ),
      Buffer.from(
        'Hej! Jag vill byta bransch och studera till elektriker. Går det på svenska?\r\n',
        'latin1',
      ),
    ]);
    await client.sendRaw('jorgen@example.net', SERVICE, latin1);
    const [jorgen] = await conversationsFrom('jorgen@example.net');
    expect(jorgen!.subject).toBe('Oppisopimus ja sähköala');
    const first = (await detail(jorgen!.id)).messages[0];
    expect(first.body).toContain('Går det på svenska?');

    const broken =
      'From: kalle@example.net\r\n' +
      `To: ${SERVICE}\r\nSubject: Rikki\r\nMIME-Version: 1.0\r\n` +
      'Content-Type: multipart/mixed; boundary="never-closed"\r\n\r\n' +
      '--never-closed\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTeksti ennen rikkinäistä osaa\r\n' +
      '--never-closed\r\nContent-Type: application/pdf; name="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%not base64%%%\r\n';
    await client.sendRaw('kalle@example.net', SERVICE, broken);
    const [kalle] = await conversationsFrom('kalle@example.net');
    const message = (await detail(kalle!.id)).messages[0];
    expect(message.body).toContain('Teksti ennen rikkinäistä osaa');
    expect(message.details.attachments).toEqual([]);
  });

  it('keeps allowed attachments for staff who may see them, as downloads, and refuses the rest', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x20)]);
    // A small zip that claims to unpack to gigabytes: refused for its type, never unpacked.
    const zipBomb = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(400, 0)]);
    await client.send({
      from: 'liisa@example.net',
      to: 'rannikko@opintori.test',
      subject: '<script>alert(1)</script> todistus',
      text: 'Liitteenä todistus. <img src=x onerror=alert(1)>',
      attachments: [
        {
          filename: '<img src=x onerror=alert(1)>todistus.pdf',
          content: pdf,
          contentType: 'application/pdf',
        },
        { filename: 'ohjelma.exe', content: Buffer.from('MZ....'), contentType: 'application/octet-stream' },
        { filename: '42.zip', content: zipBomb, contentType: 'application/zip' },
        { filename: 'fake.pdf', content: Buffer.from('not a pdf'), contentType: 'application/pdf' },
        { filename: 'iso.txt', content: Buffer.alloc(MAX_BYTES / 4, 0x61), contentType: 'text/plain' },
      ],
    });
    const [liisa] = await conversationsFrom('liisa@example.net');
    const thread = await detail(liisa!.id);
    const first = thread.messages[0];
    expect(thread.conversation.subject).toBe('<script>alert(1)</script> todistus');
    expect(first.body).toContain('<img src=x onerror=alert(1)>');
    expect(first.details.attachments.map((a: { filename: string }) => a.filename)).toEqual([
      '<img src=x onerror=alert(1)>todistus.pdf',
      'iso.txt',
    ]);
    expect(first.details.refusedAttachments).toEqual([
      { filename: 'ohjelma.exe', reason: 'type_not_allowed' },
      { filename: '42.zip', reason: 'type_not_allowed' },
      { filename: 'fake.pdf', reason: 'type_not_allowed' },
    ]);
    const attachmentId = first.details.attachments[0].id;
    const download = await inject('GET', `/api/v1/inbox/attachments/${attachmentId}`, mikko);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="<img src=x onerror=alert(1)>todistus.pdf"; filename*=UTF-8''${encodeURIComponent('<img src=x onerror=alert(1)>todistus.pdf')}`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toContain('sandbox');
    expect(download.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Another provider's counsellor, and nobody signed in, get nothing.
    expectError(
      await inject('GET', `/api/v1/inbox/attachments/${attachmentId}`, leila),
      404,
      'attachment.not_found',
    );
    expectError(
      await inject('GET', `/api/v1/inbox/attachments/${attachmentId}`),
      401,
      'auth.unauthenticated',
    );
  });

  it('retries a refused delivery with backoff, marks a permanent failure on the conversation, and sends again on request', async () => {
    relay.failNext(451);
    const created = await inject('POST', '/api/v1/contact/messages', undefined, {
      lang: 'en',
      email: 'retry@example.net',
      topic: 'other',
      message: 'Testing delivery',
      consent: true,
    });
    const { conversationId } = created.json();
    await settle();
    const [queued] = await t.database.db
      .selectFrom('outgoing_mail')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .execute();
    expect(queued).toMatchObject({ status: 'queued', attempts: 1 });
    expect(queued!.last_error).toContain('451');
    expect(queued!.next_attempt_at!.getTime()).toBeGreaterThan(Date.now() + 50_000);
    // Not due yet: the job leaves it alone.
    expect(await t.app.mail.sender.runDue()).toBe(0);
    await t.database.db
      .updateTable('outgoing_mail')
      .set({ next_attempt_at: new Date() })
      .where('id', '=', queued!.id)
      .execute();
    expect(await t.app.mail.sender.runDue()).toBe(1);
    const delivered = await relay.waitFor((m) => m.envelope.to.includes('retry@example.net'));
    expect(delivered.parsed.subject).toBe('We have received your message – OpinTori');

    // 550 is permanent: failed at once, and the conversation says so.
    await inject('POST', `/api/v1/inbox/conversations/${conversationId}/claim`, admin);
    relay.failNext(550);
    await inject('POST', `/api/v1/inbox/conversations/${conversationId}/messages`, admin, {
      clientMsgId: 'reply-0003',
      body: 'Hello!',
    });
    await settle();
    const view = await detail(conversationId);
    const failed = view.mail.find((m: { kind: string }) => m.kind === 'staff_reply');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(view.messages.at(-1)).toMatchObject({ eventType: 'mail_failed' });
    const list = await inject(
      'GET',
      '/api/v1/inbox/conversations?channel=email&q=retry%40example.net',
      admin,
    );
    expect(list.json().items[0]).toMatchObject({ id: conversationId, mailFailed: true });

    const again = await inject('POST', `/api/v1/inbox/mail/${failed.id}/retry`, admin);
    expect(again.statusCode).toBe(200);
    await settle();
    expect((await detail(conversationId)).mail.find((m: { id: string }) => m.id === failed.id).status).toBe(
      'sent',
    );
    expectError(await inject('POST', `/api/v1/inbox/mail/${failed.id}/retry`, admin), 409, 'mail.not_failed');
  });

  it('without SMTP_URL keeps mail in the dev mailbox, which only admins read', async () => {
    const local = await createAppOn(t.database, { MAIL_DOMAIN: DOMAIN });
    try {
      const created = await local.inject({
        method: 'POST',
        url: '/api/v1/contact/callbacks',
        payload: {
          lang: 'sv',
          phone: '+46 70 123 45 67',
          email: 'stina@example.net',
          topic: 'applying',
          window: {
            date: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10),
            from: '10:00',
            to: '12:00',
          },
          consent: true,
        },
      });
      expect(created.statusCode).toBe(201);
      await local.mail.sender.idle();
      const box = await local.inject({
        method: 'GET',
        url: '/api/v1/dev-mailbox',
        headers: { cookie: admin },
      });
      expect(box.statusCode).toBe(200);
      const body = box.json();
      expect(body.relay).toBe(false);
      const stored = body.items.find((m: { to: string }) => m.to === 'stina@example.net');
      expect(stored).toMatchObject({ status: 'stored', kind: 'callback_confirmation' });
      expect(stored.text).toContain('+46701234567');
      expect(stored.html).toContain('<html lang="sv">');
      expect(stored.replyTo).toMatch(/^neuvonta\+/);
      expectError(
        await local.inject({ method: 'GET', url: '/api/v1/dev-mailbox', headers: { cookie: mikko } }),
        403,
        'auth.forbidden',
      );
    } finally {
      await local.close();
    }
  });
});
