import { beforeAll, describe, expect, it } from 'vitest';
import { buildStaff } from '../test/factories.js';
import { openAllDay, setAvailable, startChat, inboxAction } from '../test/chat-helpers.js';
import { connect, emitAck, nextEvent, trackSockets } from '../test/socket-helpers.js';
import {
  listenLocally,
  listeningNode,
  loginAs,
  useTestApp,
  patchStaff,
  useOrganisation,
  useSignedIn,
} from '../test/test-app.js';

describe('chat sockets', () => {
  const t = useTestApp();
  const provider = useOrganisation(t, { slug: 'rannikko', allowed_origins: ['https://member.example'] });
  const admin = useSignedIn(t, { role: 'admin', email: 'admin@example.test' });
  const counsellor = useSignedIn(t, () => ({
    email: 'mikko@example.test',
    name: 'Mikko Haapala',
    organisation_id: provider.id,
  }));
  let base: string;
  const { track } = trackSockets();

  beforeAll(async () => {
    await openAllDay(t.app, admin.cookie);
    await setAvailable(t.app, counsellor.cookie, 10);
    base = await listenLocally(t.app);
  });

  async function acceptedChat() {
    const chat = await startChat(t.app, { provider: 'rannikko' });
    const accept = await inboxAction(t.app, counsellor.cookie, chat.conversationId, 'accept');
    expect(accept.statusCode).toBe(200);
    return chat;
  }

  it('delivers visitor and counsellor messages live, acknowledged with their sequence numbers', async () => {
    const chat = await acceptedChat();
    const visitor = track(await connect(`${base}/client`, { auth: chat }));
    const staff = track(await connect(`${base}/staff`, { extraHeaders: { cookie: counsellor.cookie } }));
    const watched = await emitAck(staff, 'watch', { conversationId: chat.conversationId, afterSeq: 0 });
    expect(watched.ok).toBe(true);
    expect(watched.messages?.map((m) => m.seq)).toEqual([1, 2]);

    const atStaff = nextEvent<{ conversationId: string; body: string; seq: number }>(staff, 'message');
    const ack = await emitAck(visitor, 'message', {
      clientMsgId: 'visitor-0000001',
      body: 'Hei <b>täällä</b>',
    });
    expect(ack).toMatchObject({ ok: true, seq: 3 });
    expect(await atStaff).toMatchObject({
      conversationId: chat.conversationId,
      body: 'Hei <b>täällä</b>',
      seq: 3,
    });

    // The same client message id again: the first acknowledgement, nothing new stored or sent.
    const again = await emitAck(visitor, 'message', {
      clientMsgId: 'visitor-0000001',
      body: 'Hei <b>täällä</b>',
    });
    expect(again).toMatchObject({ ok: true, seq: 3 });

    const atVisitor = nextEvent<{ body: string; author: string; authorName: string }>(visitor, 'message');
    const typing = nextEvent<{ typing: boolean }>(visitor, 'typing');
    staff.emit('typing', { conversationId: chat.conversationId, typing: true });
    expect(await typing).toEqual({ typing: true });
    const staffAck = await emitAck(staff, 'message', {
      conversationId: chat.conversationId,
      clientMsgId: 'staff-00000001',
      body: 'Hei, miten voin auttaa?',
    });
    expect(staffAck).toMatchObject({ ok: true, seq: 4 });
    expect(await atVisitor).toMatchObject({
      body: 'Hei, miten voin auttaa?',
      author: 'staff',
      authorName: 'Mikko',
    });

    // A note reaches staff only: the visitor's next event is the following message.
    const nextAtVisitor = nextEvent<{ seq: number }>(visitor, 'message');
    await emitAck(staff, 'message', {
      conversationId: chat.conversationId,
      clientMsgId: 'staff-note-01',
      body: 'muistiinpano',
      kind: 'note',
    });
    await emitAck(staff, 'message', {
      conversationId: chat.conversationId,
      clientMsgId: 'staff-00000002',
      body: 'Toinen',
    });
    expect((await nextAtVisitor).seq).toBe(6);

    const sync = await emitAck(visitor, 'sync', { afterSeq: 2 });
    expect(sync.messages?.map((m) => m.seq)).toEqual([3, 4, 6]);
    const count = await t.database.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('conversation_id', '=', chat.conversationId)
      .where('client_msg_id', '=', 'visitor-0000001')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('refuses wrong secrets, other conversations and disallowed origins at the handshake', async () => {
    const a = await acceptedChat();
    const b = await acceptedChat();
    await expect(
      connect(`${base}/client`, { auth: { conversationId: a.conversationId, secret: b.secret } }),
    ).rejects.toMatchObject({
      data: { code: 'conversation.not_found' },
    });
    await expect(connect(`${base}/client`, { auth: {} })).rejects.toMatchObject({
      data: { code: 'conversation.not_found' },
    });
    await expect(
      connect(`${base}/client`, { auth: a, extraHeaders: { origin: 'https://evil.example' } }),
    ).rejects.toMatchObject({ data: { code: 'chat.origin_not_allowed' } });
    const member = track(
      await connect(`${base}/client`, { auth: a, extraHeaders: { origin: 'https://member.example' } }),
    );
    expect(member.connected).toBe(true);
    await expect(connect(`${base}/staff`, {})).rejects.toMatchObject({
      data: { code: 'auth.unauthenticated' },
    });
    await expect(
      connect(`${base}/staff`, {
        extraHeaders: { cookie: counsellor.cookie, origin: 'https://member.example' },
      }),
    ).rejects.toMatchObject({ data: { code: 'chat.origin_not_allowed' } });
  });

  it('answers malformed payloads with an error and keeps the connection working', async () => {
    const chat = await acceptedChat();
    const visitor = track(await connect(`${base}/client`, { auth: chat }));
    const noAck = nextEvent<{ code: string }>(visitor, 'request_error');
    visitor.emit('message', 'not an object');
    expect((await noAck).code).toBe('request.invalid');
    const tooLong = await emitAck(visitor, 'message', {
      clientMsgId: 'visitor-long-01',
      body: 'x'.repeat(10_000),
    });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'request.invalid' } });
    expect(tooLong.error?.message).toContain('4000');
    const badId = await emitAck(visitor, 'message', { clientMsgId: '../../x', body: 'hei' });
    expect(badId.ok).toBe(false);
    const fine = await emitAck(visitor, 'message', { clientMsgId: 'visitor-fine-01', body: 'hei' });
    expect(fine.ok).toBe(true);

    // A counsellor cannot watch or write into a chat they have no access to.
    const other = await buildStaff(t.database.db, { email: 'other@example.test' });
    void other;
    const otherCookie = await loginAs(t.app, 'other@example.test');
    const stranger = track(await connect(`${base}/staff`, { extraHeaders: { cookie: otherCookie } }));
    const watch = await emitAck(stranger, 'watch', { conversationId: chat.conversationId, afterSeq: 0 });
    expect(watch).toMatchObject({ ok: false, error: { code: 'conversation.not_found' } });
    const write = await emitAck(stranger, 'message', {
      conversationId: chat.conversationId,
      clientMsgId: 'stranger-0001',
      body: 'hei',
    });
    expect(write).toMatchObject({ ok: false, error: { code: 'conversation.not_found' } });
  });

  it('rate-limits a message flood with a visible error', async () => {
    const chat = await acceptedChat();
    const visitor = track(await connect(`${base}/client`, { auth: chat }));
    const acks = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        emitAck(visitor, 'message', {
          clientMsgId: `flood-${String(i).padStart(6, '0')}`,
          body: `viesti ${i}`,
        }),
      ),
    );
    const limited = acks.filter((a) => !a.ok);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]?.error?.code).toBe('request.rate_limited');
    expect(acks.filter((a) => a.ok).length).toBeGreaterThanOrEqual(10);
  });

  it("disconnects a deactivated counsellor's sockets at once", async () => {
    const person = await buildStaff(t.database.db, { email: 'leaving@example.test' });
    const cookie = await loginAs(t.app, 'leaving@example.test');
    const staff = track(await connect(`${base}/staff`, { extraHeaders: { cookie } }));
    const gone = nextEvent<string>(staff, 'disconnect');
    const response = await patchStaff(t.app, admin.cookie, person.id, { isActive: false });
    expect(response.statusCode).toBe(200);
    expect(await gone).toBe('io server disconnect');
    await expect(connect(`${base}/staff`, { extraHeaders: { cookie } })).rejects.toMatchObject({
      data: { code: 'auth.unauthenticated' },
    });
    void counsellor.id;
  });

  // On PGlite there is one node by design (embedded database); the two-node case needs PostgreSQL.
  if (t_engine() === 'postgres')
    it('carries a conversation across two nodes on one PostgreSQL', async () => {
      // A second node: its own Socket.IO server, fanned out through the PostgreSQL adapter.
      const nodeA = await listeningNode(t.database);
      const nodeB = await listeningNode(t.database);
      try {
        const chat = await startChat(nodeA.app, {});
        const cookie = await loginAs(nodeB.app, 'mikko@example.test');
        // A visitor queued behind it on node A moves up when node B takes the first one.
        const behind = await startChat(nodeA.app, {});
        const read = await nodeA.app.inject({
          method: 'GET',
          url: `/api/v1/chat/conversations/${behind.conversationId}`,
          headers: { 'x-conversation-secret': behind.secret },
        });
        const place = read.json().conversation.queuePosition as number;
        const waiting = track(await connect(`${nodeA.base}/client`, { auth: behind }));
        const movedUp = new Promise<number>((resolve) =>
          waiting.on('state', (state: { queuePosition: number }) => {
            if (state.queuePosition < place) resolve(state.queuePosition);
          }),
        );
        const accept = await inboxAction(nodeB.app, cookie, chat.conversationId, 'accept');
        expect(accept.statusCode).toBe(200);
        expect(await movedUp).toBe(place - 1);
        const visitor = track(await connect(`${nodeA.base}/client`, { auth: chat }));
        const staff = track(await connect(`${nodeB.base}/staff`, { extraHeaders: { cookie } }));
        await emitAck(staff, 'watch', { conversationId: chat.conversationId, afterSeq: 0 });
        const atStaff = nextEvent<{ body: string }>(staff, 'message', 10_000);
        await emitAck(visitor, 'message', { clientMsgId: 'two-node-0001', body: 'Solmulta A' });
        expect((await atStaff).body).toBe('Solmulta A');
        const atVisitor = nextEvent<{ body: string }>(visitor, 'message', 10_000);
        await emitAck(staff, 'message', {
          conversationId: chat.conversationId,
          clientMsgId: 'two-node-0002',
          body: 'Solmulta B',
        });
        expect((await atVisitor).body).toBe('Solmulta B');
        const typing = nextEvent<{ conversationId: string; typing: boolean }>(staff, 'typing', 10_000);
        visitor.emit('typing', { typing: true });
        expect(await typing).toEqual({ conversationId: chat.conversationId, typing: true });
      } finally {
        await nodeA.app.close();
        await nodeB.app.close();
      }
    });

  function t_engine() {
    return process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
  }
});
