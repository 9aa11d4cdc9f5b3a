import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp, useOrganisation, useSignedIn } from '../../test/test-app.js';
import { openAllDay, setAvailable, startChat } from '../../test/chat-helpers.js';
import { MESSAGE_MAX_LENGTH } from '../../conversations/vocabulary.js';

describe('chat over HTTP', () => {
  const t = useTestApp();
  const provider = useOrganisation(t, {
    slug: 'rannikko',
    name_fi: 'Rannikon opisto (demo)',
    name_en: 'Coast College (demo)',
    allowed_origins: ['https://member.example'],
  });
  const other = useOrganisation(t, { slug: 'joki', name_fi: 'Joen opisto (demo)' });
  const admin = useSignedIn(t, { role: 'admin' });
  const mikko = useSignedIn(t, () => ({
    name: 'Mikko Haapala',
    organisation_id: provider.id,
    languages: ['fi', 'en'],
    expertise: ['apprenticeship'],
  }));
  const leila = useSignedIn(t, () => ({
    name: 'Leila Haddad',
    organisation_id: other.id,
    languages: ['fi', 'ar', 'en'],
    expertise: ['immigrants'],
  }));

  const inject = (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('is closed outside the opening hours and says when it opens', async () => {
    // No hours at all: closed every day.
    const status = await inject('GET', '/api/v1/chat/status');
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ open: false, available: false, reason: 'closed', nextOpen: null });
    const refused = await inject('POST', '/api/v1/chat/conversations', { topic: 'applying', language: 'fi' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('chat.closed');
  });

  it('refuses a start when nobody is available, and offers the offline paths', async () => {
    await openAllDay(t.app, admin.cookie);
    const status = (await inject('GET', '/api/v1/chat/status')).json();
    expect(status).toMatchObject({ open: true, available: false, reason: 'no_counsellors' });
    const refused = await inject('POST', '/api/v1/chat/conversations', { topic: 'applying', language: 'fi' });
    expect(refused.json().error.code).toBe('chat.unavailable');

    const message = await inject('POST', '/api/v1/chat/offline', {
      kind: 'message',
      topic: 'financing',
      language: 'fi',
      email: 'asiakas@example.test',
      message: 'Voinko saada opintotukea oppisopimuksen aikana?',
      consent: true,
    });
    expect(message.statusCode).toBe(201);
    /** A call-back request for 10–12 on `date`. */
    const askCallback = (topic: string, phone: string, date: string) =>
      inject('POST', '/api/v1/chat/offline', {
        kind: 'callback',
        topic,
        language: 'fi',
        phone,
        window: { date, from: '10:00', to: '12:00' },
        consent: true,
      });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const callback = await askCallback('apprenticeship', '040 123 4567', tomorrow);
    expect(callback.statusCode).toBe(201);
    const rows = await t.database.db
      .selectFrom('conversations as c')
      .innerJoin('clients as k', 'k.id', 'c.client_id')
      .select(['c.channel', 'c.status', 'k.email', 'k.phone'])
      .where('c.id', 'in', [message.json().conversationId, callback.json().conversationId])
      .orderBy('c.channel')
      .execute();
    expect(rows).toEqual([
      { channel: 'email', status: 'queued', email: 'asiakas@example.test', phone: null },
      { channel: 'phone', status: 'queued', email: null, phone: '+358401234567' },
    ]);

    // They wait for a counsellor among the contact requests, with the call-back window.
    const requests = (
      await inject('GET', '/api/v1/contact-requests', undefined, { cookie: mikko.cookie })
    ).json();
    const left = requests.items.filter((r: { channel: string }) => r.channel !== 'web_form');
    expect(left.map((r: { channel: string }) => r.channel).sort()).toEqual(['email', 'phone']);
    expect(left.find((r: { channel: string }) => r.channel === 'phone').callback).toMatchObject({
      phone: '+358401234567',
      window: { from: '10:00', to: '12:00' },
    });
    const handled = await inject(
      'POST',
      `/api/v1/contact-requests/${callback.json().conversationId}/close`,
      undefined,
      {
        cookie: mikko.cookie,
      },
    );
    expect(handled.statusCode).toBe(204);

    const badPhone = await askCallback('other', '040 ABC', new Date().toISOString().slice(0, 10));
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.details.fields[0]).toEqual({
      field: 'phone',
      message: 'phone.invalid_characters',
    });
    const noConsent = await inject('POST', '/api/v1/chat/offline', {
      kind: 'message',
      topic: 'other',
      language: 'fi',
      email: 'a@example.test',
      message: 'Hei',
      consent: false,
    });
    expect(noConsent.statusCode).toBe(400);
  });

  it('runs a chat: queue, accept, messages both ways, idempotent re-send, transfer, close, rating', async () => {
    await setAvailable(t.app, mikko.cookie);
    await setAvailable(t.app, leila.cookie);
    const { conversationId, secret } = await startChat(t.app, {
      provider: provider.slug,
      topic: 'apprenticeship',
      firstName: 'Aino',
      sourcePage: 'https://member.example/koulutukset?henkilotunnus=secret',
    });
    const read = (after = 0, s = secret) =>
      inject('GET', `/api/v1/chat/conversations/${conversationId}?after=${after}`, undefined, {
        'x-conversation-secret': s,
      });
    const first = (await read()).json();
    expect(first.conversation).toMatchObject({ status: 'queued', queuePosition: 1, counsellor: null });
    expect(first.messages.map((m: { eventType: string }) => m.eventType)).toEqual(['queued']);

    // Mikko's queue lists it and marks it as a good fit (Finnish, apprenticeship).
    const queue = (await inject('GET', '/api/v1/inbox/queue', undefined, { cookie: mikko.cookie })).json();
    const item = queue.items.find((i: { id: string }) => i.id === conversationId);
    expect(item).toMatchObject({
      firstName: 'Aino',
      recommended: true,
      sourcePage: 'https://member.example/koulutukset',
    });

    // The visitor writes while waiting, then Mikko accepts; a second accept loses.
    const clientMessage = { clientMsgId: 'client-msg-0001', body: 'Hei! Miten oppisopimus toimii?' };
    const staffHeaders = { cookie: mikko.cookie };
    const accept = await inject(
      'POST',
      `/api/v1/inbox/conversations/${conversationId}/accept`,
      undefined,
      staffHeaders,
    );
    expect(accept.statusCode).toBe(200);
    const again = await inject('POST', `/api/v1/inbox/conversations/${conversationId}/accept`, undefined, {
      cookie: leila.cookie,
    });
    expect(again.statusCode).toBe(404); // no longer in Leila's queue, and not hers
    const reply = await inject(
      'POST',
      `/api/v1/inbox/conversations/${conversationId}/messages`,
      { clientMsgId: 'staff-msg-0001', body: '<script>alert(1)</script> Hei Aino!' },
      staffHeaders,
    );
    expect(reply.statusCode).toBe(200);
    const note = await inject(
      'POST',
      `/api/v1/inbox/conversations/${conversationId}/messages`,
      { clientMsgId: 'staff-note-0001', body: 'Asiakas harkitsee alanvaihtoa', kind: 'note' },
      staffHeaders,
    );
    expect(note.statusCode).toBe(200);
    void clientMessage;

    const state = (await read()).json();
    expect(state.conversation).toMatchObject({
      status: 'waiting',
      counsellor: { firstName: 'Mikko', provider: 'Rannikon opisto (demo)' },
    });
    // The visitor never sees notes; the script is stored as text.
    expect(
      state.messages.map(
        (m: { kind: string; eventType: string | null; body: string }) => m.eventType ?? m.body,
      ),
    ).toEqual(['queued', 'assigned', '<script>alert(1)</script> Hei Aino!']);
    expect(state.messages.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3]);
    const after = (await read(2)).json();
    expect(after.messages.map((m: { seq: number }) => m.seq)).toEqual([3]);

    // A wrong secret, another conversation's secret, or a made-up id: the same 404.
    expect((await read(0, 'x'.repeat(43))).statusCode).toBe(404);
    const other = await startChat(t.app, { topic: 'other' });
    expect((await read(0, other.secret)).json().error.code).toBe('conversation.not_found');
    const madeUp = await inject(
      'GET',
      '/api/v1/chat/conversations/00000000-0000-0000-0000-000000000000',
      undefined,
      {
        'x-conversation-secret': secret,
      },
    );
    expect(madeUp.statusCode).toBe(404);

    // A counsellor of another provider cannot read Mikko's chat by guessing its id.
    const peek = await inject('GET', `/api/v1/inbox/conversations/${conversationId}`, undefined, {
      cookie: leila.cookie,
    });
    expect(peek.statusCode).toBe(404);
    // Nor transfer it.
    const grab = await inject(
      'POST',
      `/api/v1/inbox/conversations/${conversationId}/transfer`,
      { staffId: leila.id, note: '' },
      { cookie: leila.cookie },
    );
    expect(grab.statusCode).toBe(404);

    // Mikko sees the note and the context.
    const staffView = (
      await inject('GET', `/api/v1/inbox/conversations/${conversationId}`, undefined, staffHeaders)
    ).json();
    expect(staffView.messages.map((m: { kind: string }) => m.kind)).toEqual([
      'event',
      'event',
      'message',
      'note',
    ]);
    expect(staffView.context).toMatchObject({
      sourcePage: 'https://member.example/koulutukset',
      shortlist: [],
      earlier: [],
    });

    // Transfer to Leila with a note; she closes it.
    const transfer = await inject(
      'POST',
      `/api/v1/inbox/conversations/${conversationId}/transfer`,
      { staffId: leila.id, note: 'Asiakas kysyy maahanmuuttajien koulutuksesta' },
      staffHeaders,
    );
    expect(transfer.statusCode).toBe(200);
    const mine = (await inject('GET', '/api/v1/inbox/mine', undefined, { cookie: leila.cookie })).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toContain(conversationId);
    const mikkoCloses = await inject(
      'POST',
      `/api/v1/inbox/conversations/${conversationId}/close`,
      { topic: 'apprenticeship', outcome: 'answered' },
      staffHeaders,
    );
    expect(mikkoCloses.statusCode).toBe(404); // no longer his, and another provider's now
    const rateEarly = await inject(
      'POST',
      `/api/v1/chat/conversations/${conversationId}/rating`,
      { score: 5 },
      {
        'x-conversation-secret': secret,
      },
    );
    expect(rateEarly.json().error.code).toBe('feedback.not_closed');
    const close = await inject(
      'POST',
      `/api/v1/inbox/conversations/${conversationId}/close`,
      { topic: 'apprenticeship', outcome: 'answered' },
      { cookie: leila.cookie },
    );
    expect(close.statusCode).toBe(200);
    const closed = (await read()).json();
    expect(closed.conversation.status).toBe('closed');
    expect(closed.messages.map((m: { eventType: string | null }) => m.eventType).filter(Boolean)).toEqual([
      'queued',
      'assigned',
      'transferred',
      'closed',
    ]);

    const rate = (body: object) =>
      inject('POST', `/api/v1/chat/conversations/${conversationId}/rating`, body, {
        'x-conversation-secret': secret,
      });
    expect((await rate({ score: 6 })).statusCode).toBe(400);
    expect((await rate({ score: 4, comment: 'Sain vastauksen' })).statusCode).toBe(200);
    // Rating again changes the one rating of the conversation.
    expect((await rate({ score: 2, comment: 'Toisaalta' })).statusCode).toBe(200);
    const ratings = await t.database.db
      .selectFrom('conversation_feedback')
      .select(['score', 'comment'])
      .where('conversation_id', '=', conversationId)
      .execute();
    expect(ratings).toEqual([{ score: 2, comment: 'Toisaalta' }]);
    const row = await t.database.db
      .selectFrom('conversations')
      .select(['topic', 'outcome', 'assigned_staff_id', 'first_response_at', 'retain_until'])
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ topic: 'apprenticeship', outcome: 'answered', assigned_staff_id: leila.id });
    expect(row.first_response_at).not.toBeNull();
    expect(row.retain_until).not.toBeNull();
    void mikko.id;
  });

  it('mails a transcript only of a chat a counsellor answered, twice at most, within the address allowance', async () => {
    await setAvailable(t.app, mikko.cookie);
    const { conversationId, secret } = await startChat(t.app, { provider: provider.slug });
    // A different address for each request: the per-address request limit is not what is tested.
    let ip = 10;
    const transcript = (email: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/chat/conversations/${conversationId}/transcript`,
        headers: { 'x-conversation-secret': secret },
        payload: { email },
        remoteAddress: `192.0.2.${ip++}`,
      });
    const mails = () =>
      t.database.db
        .selectFrom('outgoing_mail')
        .select(['to_address', 'text_body', 'auto_submitted'])
        .where('conversation_id', '=', conversationId)
        .where('kind', '=', 'chat_transcript')
        .execute();

    // Only the visitor has written: the service would be mailing the requester's own text.
    await inject(
      'POST',
      `/api/v1/chat/conversations/${conversationId}/messages`,
      {
        clientMsgId: 'forged-0000001',
        body: 'Voitit arvonnan! Lunasta palkinto: https://phish.example',
      },
      { 'x-conversation-secret': secret },
    );
    const early = await transcript('victim@example.net');
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('transcript.no_counsellor');
    await inject('POST', `/api/v1/inbox/conversations/${conversationId}/accept`, undefined, {
      cookie: mikko.cookie,
    });
    expect((await transcript('victim@example.net')).json().error.code).toBe('transcript.no_counsellor');

    await inject(
      'POST',
      `/api/v1/inbox/conversations/${conversationId}/messages`,
      { clientMsgId: 'staff-transcript-1', body: 'Tuota viestiä emme lähettäneet. Miten voin auttaa?' },
      { cookie: mikko.cookie },
    );
    expect((await transcript('aino@example.net')).statusCode).toBe(200);
    expect((await transcript('aino.korjattu@example.net')).statusCode).toBe(200);
    const third = await transcript('someone.else@example.net');
    expect(third.statusCode).toBe(429);
    expect(third.json().error.code).toBe('transcript.limit');
    const sent = await mails();
    expect(sent.map((m) => m.to_address).sort()).toEqual(['aino.korjattu@example.net', 'aino@example.net']);
    expect(sent[0]!.text_body).toContain('Miten voin auttaa?');
    expect(sent.every((m) => m.auto_submitted !== null)).toBe(true);

    // An address that has had its hourly share of automatic mail gets no more.
    const other = await startChat(t.app, { provider: provider.slug });
    await inject('POST', `/api/v1/inbox/conversations/${other.conversationId}/accept`, undefined, {
      cookie: mikko.cookie,
    });
    await inject(
      'POST',
      `/api/v1/inbox/conversations/${other.conversationId}/messages`,
      { clientMsgId: 'staff-transcript-2', body: 'Hei!' },
      { cookie: mikko.cookie },
    );
    await t.database.db
      .insertInto('mail_send_counters')
      .values({ address: 'full@example.net', window_start: sql<Date>`date_trunc('hour', now())`, count: 5 })
      .execute();
    const full = await t.app.inject({
      method: 'POST',
      url: `/api/v1/chat/conversations/${other.conversationId}/transcript`,
      headers: { 'x-conversation-secret': other.secret },
      payload: { email: 'full@example.net' },
      remoteAddress: '192.0.2.99',
    });
    expect(full.statusCode).toBe(429);
    expect(full.json().error.code).toBe('request.rate_limited');
  });

  it('refuses messages over the limit, naming it, and keeps what was stored', async () => {
    const { conversationId } = await startChat(t.app, { topic: 'other' });
    await inject('POST', `/api/v1/inbox/conversations/${conversationId}/accept`, undefined, {
      cookie: mikko.cookie,
    });
    const long = await inject(
      'POST',
      `/api/v1/inbox/conversations/${conversationId}/messages`,
      { clientMsgId: 'staff-long-0001', body: 'x'.repeat(10_000) },
      { cookie: mikko.cookie },
    );
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toContain(String(MESSAGE_MAX_LENGTH));
    const ok = await inject(
      'POST',
      `/api/v1/inbox/conversations/${conversationId}/messages`,
      { clientMsgId: 'staff-ok-0001', body: 'Hei' },
      { cookie: mikko.cookie },
    );
    const dup = await inject(
      'POST',
      `/api/v1/inbox/conversations/${conversationId}/messages`,
      { clientMsgId: 'staff-ok-0001', body: 'Hei' },
      { cookie: mikko.cookie },
    );
    expect(dup.json().seq).toBe(ok.json().seq);
    const count = await t.database.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('conversation_id', '=', conversationId)
      .where('kind', '=', 'message')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('answers allow-listed member sites with CORS and refuses other origins', async () => {
    const allowed = await inject('GET', `/api/v1/chat/status?provider=${provider.slug}`, undefined, {
      origin: 'https://member.example',
    });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://member.example');
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/chat/conversations',
      headers: { origin: 'https://member.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    // The suggestions beside the chat too, and nothing else of the API.
    const suggestions = await inject('GET', '/api/v1/suggestions?q=oppisopimus', undefined, {
      origin: 'https://member.example',
    });
    expect(suggestions.statusCode).toBe(200);
    expect(suggestions.headers['access-control-allow-origin']).toBe('https://member.example');
    const outcomePreflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/self-help',
      headers: { origin: 'https://member.example', 'access-control-request-method': 'POST' },
    });
    expect(outcomePreflight.statusCode).toBe(204);
    const evilSuggestions = await inject('GET', '/api/v1/suggestions?q=oppisopimus', undefined, {
      origin: 'https://evil.example',
    });
    expect(evilSuggestions.statusCode).toBe(403);
    const articles = await inject('GET', '/api/v1/articles?lang=fi', undefined, {
      origin: 'https://member.example',
    });
    expect(articles.headers['access-control-allow-origin']).toBeUndefined();
    const evil = await inject(
      'POST',
      '/api/v1/chat/conversations',
      { topic: 'other', language: 'fi' },
      {
        origin: 'https://evil.example',
      },
    );
    expect(evil.statusCode).toBe(403);
    expect(evil.json().error.code).toBe('chat.origin_not_allowed');
    // The refusal itself is readable by the refused site, so the widget can say why.
    const evilStatus = await inject('GET', '/api/v1/chat/status', undefined, {
      origin: 'https://evil.example',
    });
    expect(evilStatus.statusCode).toBe(403);
    expect(evilStatus.headers['access-control-allow-origin']).toBe('https://evil.example');
    // Staff routes stay same-origin only, even for an allow-listed site.
    const staffCall = await inject(
      'PUT',
      '/api/v1/inbox/presence',
      { status: 'away', maxChats: 2 },
      {
        origin: 'https://member.example',
        cookie: mikko.cookie,
      },
    );
    expect(staffCall.statusCode).toBe(403);
    // The organisation API keeps the allow-list tidy.
    const org = (await inject('GET', '/api/v1/organisations', undefined, { cookie: admin.cookie }))
      .json()
      .items.find((o: { slug: string }) => o.slug === provider.slug);
    const bad = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/organisations/${org.id}`,
      headers: { cookie: admin.cookie },
      payload: { allowedOrigins: ['https://member.example/path'] },
    });
    expect(bad.statusCode).toBe(400);
    const added = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/organisations/${org.id}`,
      headers: { cookie: admin.cookie },
      payload: { allowedOrigins: ['https://member.example', 'https://second.example/'] },
    });
    expect(added.json().allowedOrigins).toEqual(['https://member.example', 'https://second.example']);
    const second = await inject('GET', '/api/v1/chat/status', undefined, {
      origin: 'https://second.example',
    });
    expect(second.statusCode).toBe(200);
  });

  it('limits new conversations per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/chat/conversations',
        remoteAddress: '203.0.113.77',
        payload: { topic: 'other', language: 'fi' },
      });
      codes.push(response.statusCode);
    }
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(codes.at(-1)).toBe(429);
  });

  it('keeps canned responses personal unless an admin shares them', async () => {
    const add = (cookie: string, response: Record<string, unknown>) =>
      inject('POST', '/api/v1/inbox/canned-responses', response, { cookie });
    const mine = await add(mikko.cookie, { title: 'Oma', body: 'Hei!', language: 'fi' });
    expect(mine.statusCode).toBe(201);
    const forEveryone = { title: 'Yhteinen', body: 'Hei kaikki', shared: true };
    const shareByCounsellor = await add(mikko.cookie, { ...forEveryone, language: 'fi' });
    expect(shareByCounsellor.statusCode).toBe(403);
    const shared = await add(admin.cookie, { ...forEveryone, language: 'sv' });
    expect(shared.statusCode).toBe(201);
    const leilaList = (
      await inject('GET', '/api/v1/inbox/canned-responses', undefined, { cookie: leila.cookie })
    ).json();
    expect(leilaList.items.map((c: { title: string }) => c.title)).toEqual(['Yhteinen']);
    const edit = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/inbox/canned-responses/${mine.json().id}`,
      headers: { cookie: leila.cookie },
      payload: { title: 'Vallattu', body: 'x', language: 'fi' },
    });
    expect(edit.statusCode).toBe(404);
  });

  it('takes canned responses in every language a counsellor guides in, and refuses others', async () => {
    const add = (response: Record<string, unknown>) =>
      inject('POST', '/api/v1/inbox/canned-responses', response, { cookie: leila.cookie });
    const arabic = await add({ title: 'ترحيب', body: 'مرحبًا، كيف يمكنني مساعدتك؟', language: 'ar' });
    expect(arabic.statusCode, arabic.body).toBe(201);
    expect(arabic.json()).toMatchObject({ language: 'ar', mine: true });
    const list = (
      await inject('GET', '/api/v1/inbox/canned-responses', undefined, { cookie: leila.cookie })
    ).json();
    expect(list.items.map((c: { language: string }) => c.language)).toContain('ar');

    // Somali: nobody here guides in it. The answer lists the languages that are offered.
    const somali = await add({ title: 'Soo dhawoow', body: 'Sidee kuu caawin karaa?', language: 'so' });
    expect(somali.statusCode).toBe(400);
    expect(somali.json().error).toMatchObject({ code: 'language.not_offered' });
    expect(somali.json().error.details.allowed).toEqual(expect.arrayContaining(['fi', 'ar', 'en']));
    expect((await add({ title: 'x', body: 'y', language: 'ar-EG' })).statusCode).toBe(400);
    // Nothing was stored by the refusals; moving the Arabic one to Somali is refused too.
    const moved = await inject(
      'PUT',
      `/api/v1/inbox/canned-responses/${arabic.json().id}`,
      { title: 'ترحيب', body: 'مرحبًا', language: 'so' },
      { cookie: leila.cookie },
    );
    expect(moved.statusCode).toBe(400);
    const after = (
      await inject('GET', '/api/v1/inbox/canned-responses', undefined, { cookie: leila.cookie })
    ).json();
    expect(after.items.filter((c: { language: string }) => c.language === 'so')).toEqual([]);
    expect(after.items.find((c: { id: string }) => c.id === arabic.json().id)).toMatchObject({
      language: 'ar',
      body: 'مرحبًا، كيف يمكنني مساعدتك؟',
    });
  });
});
