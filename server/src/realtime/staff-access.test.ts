import type { FastifyInstance } from 'fastify';
import type { Socket } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildStaff } from '../test/factories.js';
import { openAllDay, setAvailable, startChat, inboxAction } from '../test/chat-helpers.js';
import { connect, emitAck, nextEvent, trackSockets } from '../test/socket-helpers.js';
import { listenLocally, listeningNode, loginAs, useTestApp, patchStaff } from '../test/test-app.js';

/*
 * A staff socket sees a conversation only while the HTTP API would show it to the same person:
 * access taken away by an accept, a transfer or a change to the person's provider or role takes
 * the socket out of the conversation's room at once, on every node.
 */

/** Every event of these kinds the socket receives, for asserting what did not arrive. */
function recorder(socket: Socket, events: string[]) {
  const seen: { event: string; payload: unknown }[] = [];
  for (const event of events) socket.on(event, (payload: unknown) => seen.push({ event, payload }));
  return seen;
}

/** Long enough for a broadcast that was going to arrive to have arrived. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('staff sockets lose a conversation when they lose access to it', () => {
  const t = useTestApp();
  let base: string;
  let admin: string;
  let jussi: string; // provider J
  let pia: string; // provider P
  let paavo: string; // provider P too
  let kaisa: string; // provider K
  let paavoId: string;
  let kaisaId: string;
  let organisationJ: string;
  let organisationP: string;
  const { track } = trackSockets();
  const staffSocket = async (cookie: string, at = base) =>
    track(await connect(`${at}/staff`, { extraHeaders: { cookie } }));

  beforeAll(async () => {
    const db = t.database.db;
    const j = await buildOrganisation(db, { slug: 'joki' });
    const p = await buildOrganisation(db, { slug: 'rannikko' });
    const k = await buildOrganisation(db, { slug: 'kaupunki' });
    organisationJ = j.id;
    organisationP = p.id;
    await buildStaff(db, { role: 'admin', email: 'admin@example.test' });
    await buildStaff(db, { email: 'jussi@example.test', name: 'Jussi Joki', organisation_id: j.id });
    await buildStaff(db, { email: 'pia@example.test', name: 'Pia Ranta', organisation_id: p.id });
    paavoId = (
      await buildStaff(db, { email: 'paavo@example.test', name: 'Paavo Ranta', organisation_id: p.id })
    ).id;
    kaisaId = (
      await buildStaff(db, { email: 'kaisa@example.test', name: 'Kaisa Kaupunki', organisation_id: k.id })
    ).id;
    admin = await loginAs(t.app, 'admin@example.test');
    jussi = await loginAs(t.app, 'jussi@example.test');
    pia = await loginAs(t.app, 'pia@example.test');
    paavo = await loginAs(t.app, 'paavo@example.test');
    kaisa = await loginAs(t.app, 'kaisa@example.test');
    await openAllDay(t.app, admin);
    await setAvailable(t.app, kaisa, 10);
    await setAvailable(t.app, pia, 10);
    base = await listenLocally(t.app);
  });

  const post = (app: FastifyInstance, url: string, cookie: string, payload?: object) =>
    app.inject({ method: 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const read = (app: FastifyInstance, id: string, cookie: string) =>
    app.inject({ method: 'GET', url: `/api/v1/inbox/conversations/${id}`, headers: { cookie } });

  it('takes a watcher of the shared queue out when another provider accepts the chat', async () => {
    const chat = await startChat(t.app, {});
    const watcher = await staffSocket(jussi);
    expect(await emitAck(watcher, 'watch', { conversationId: chat.conversationId })).toMatchObject({
      ok: true,
    });
    const seenByJussi = recorder(watcher, ['message', 'typing', 'conversation']);
    const unwatched = nextEvent<{ conversationId: string }>(watcher, 'unwatched');

    expect((await inboxAction(t.app, pia, chat.conversationId, 'accept')).statusCode).toBe(200);
    expect(await unwatched).toEqual({ conversationId: chat.conversationId });
    expect((await read(t.app, chat.conversationId, jussi)).statusCode).toBe(404);

    // Pia hears the visitor and writes a note; Jussi hears neither, and his typing goes nowhere.
    const owner = await staffSocket(pia);
    await emitAck(owner, 'watch', { conversationId: chat.conversationId });
    const visitor = track(await connect(`${base}/client`, { auth: chat }));
    const seenByVisitor = recorder(visitor, ['typing']);
    const atPia = nextEvent<{ body: string }>(owner, 'message');
    await emitAck(visitor, 'message', { clientMsgId: 'visitor-secret-01', body: 'Henkilötunnukseni on …' });
    expect((await atPia).body).toBe('Henkilötunnukseni on …');
    const note = nextEvent<{ kind: string }>(owner, 'message');
    await emitAck(owner, 'message', {
      conversationId: chat.conversationId,
      clientMsgId: 'pia-note-0001',
      body: 'Sisäinen muistiinpano',
      kind: 'note',
    });
    expect((await note).kind).toBe('note');
    watcher.emit('typing', { conversationId: chat.conversationId, typing: true });
    visitor.emit('typing', { typing: true });
    await settle();
    expect(seenByJussi).toEqual([]);
    expect(seenByVisitor).toEqual([]);

    // Watching again is refused like the HTTP read.
    expect(await emitAck(watcher, 'watch', { conversationId: chat.conversationId })).toMatchObject({
      ok: false,
      error: { code: 'conversation.not_found' },
    });
  });

  it('takes the counsellor a chat was transferred away from out of it', async () => {
    const chat = await startChat(t.app, {});
    expect((await inboxAction(t.app, pia, chat.conversationId, 'accept')).statusCode).toBe(200);
    const from = await staffSocket(pia);
    await emitAck(from, 'watch', { conversationId: chat.conversationId });
    // A colleague of the same provider still sees it (the provider's chats); Kaisa of K gets it.
    const colleague = await staffSocket(paavo);
    await emitAck(colleague, 'watch', { conversationId: chat.conversationId });
    const unwatched = nextEvent<{ conversationId: string }>(from, 'unwatched');
    const transfer = await inboxAction(t.app, pia, chat.conversationId, 'transfer', {
      staffId: kaisaId,
      note: 'Kaisa tuntee kaupungin koulutukset',
    });
    expect(transfer.statusCode).toBe(200);
    expect(await unwatched).toEqual({ conversationId: chat.conversationId });
    const seenByPia = recorder(from, ['message']);

    const to = await staffSocket(kaisa);
    await emitAck(to, 'watch', { conversationId: chat.conversationId });
    const visitor = track(await connect(`${base}/client`, { auth: chat }));
    const atKaisa = nextEvent<{ body: string }>(to, 'message');
    await emitAck(visitor, 'message', { clientMsgId: 'after-transfer-1', body: 'Kiitos!' });
    expect((await atKaisa).body).toBe('Kiitos!');
    await settle();
    expect(seenByPia).toEqual([]);
    // The colleague of the provider the chat left lost it too: it now belongs to provider K.
    expect((await read(t.app, chat.conversationId, paavo)).statusCode).toBe(404);
  });

  it('finds on its periodic check a change no event reported, and leaves the watchers who may still see', async () => {
    const chat = await startChat(t.app, {});
    expect((await inboxAction(t.app, pia, chat.conversationId, 'accept')).statusCode).toBe(200);
    const owner = await staffSocket(pia);
    await emitAck(owner, 'watch', { conversationId: chat.conversationId });
    const other = await startChat(t.app, {});
    expect((await inboxAction(t.app, pia, other.conversationId, 'accept')).statusCode).toBe(200);
    await emitAck(owner, 'watch', { conversationId: other.conversationId });
    const seenByPia = recorder(owner, ['unwatched']);
    // Moved to provider K in the database alone: no event tells the sockets.
    await t.database.db
      .updateTable('conversations')
      .set({ assigned_staff_id: kaisaId, organisation_id: (await buildOrganisation(t.database.db)).id })
      .where('id', '=', chat.conversationId)
      .execute();
    await t.app.chatHub.checkStaffSockets();
    await settle();
    expect(seenByPia).toEqual([{ event: 'unwatched', payload: { conversationId: chat.conversationId } }]);
    // Still in the other conversation's room: its messages arrive.
    const visitor = track(await connect(`${base}/client`, { auth: other }));
    const atPia = nextEvent<{ body: string }>(owner, 'message');
    await emitAck(visitor, 'message', { clientMsgId: 'still-watched-1', body: 'Oletko siellä?' });
    expect((await atPia).body).toBe('Oletko siellä?');
  });

  it('checks again when an admin moves a watcher to another provider, and disconnects one made an editor', async () => {
    const chat = await startChat(t.app, { provider: 'rannikko' });
    expect((await inboxAction(t.app, pia, chat.conversationId, 'accept')).statusCode).toBe(200);
    const watcher = await staffSocket(paavo);
    await emitAck(watcher, 'watch', { conversationId: chat.conversationId });
    const unwatched = nextEvent<{ conversationId: string }>(watcher, 'unwatched');
    const moved = await patchStaff(t.app, admin, paavoId, { organisationId: organisationJ });
    expect(moved.statusCode).toBe(200);
    expect(await unwatched).toEqual({ conversationId: chat.conversationId });

    const gone = nextEvent<string>(watcher, 'disconnect');
    const editor = await patchStaff(t.app, admin, paavoId, { role: 'editor', organisationId: null });
    expect(editor.statusCode).toBe(200);
    expect(await gone).toBe('io server disconnect');
  });

  it('ends only the signed-out session’s sockets at sign-out', async () => {
    const other = await loginAs(t.app, 'jussi@example.test');
    const staying = await staffSocket(jussi);
    const leaving = await staffSocket(other);
    const gone = nextEvent<string>(leaving, 'disconnect');
    expect((await post(t.app, '/api/v1/auth/logout', other)).statusCode).toBeLessThan(300);
    expect(await gone).toBe('io server disconnect');
    await settle();
    expect(staying.connected).toBe(true);
  });

  // On PGlite there is one node by design; two nodes need PostgreSQL.
  if (process.env.TEST_DATABASE_URL)
    it('takes a watcher on one node out when a counsellor on another node accepts', async () => {
      const nodeA = await listeningNode(t.database);
      const nodeB = await listeningNode(t.database);
      try {
        const chat = await startChat(nodeA.app, {});
        const watcher = await staffSocket(jussi, nodeA.base);
        await emitAck(watcher, 'watch', { conversationId: chat.conversationId });
        const seenByJussi = recorder(watcher, ['message', 'typing']);
        const unwatched = nextEvent<{ conversationId: string }>(watcher, 'unwatched', 10_000);
        const accept = await inboxAction(nodeB.app, pia, chat.conversationId, 'accept');
        expect(accept.statusCode).toBe(200);
        expect(await unwatched).toEqual({ conversationId: chat.conversationId });

        const owner = await staffSocket(pia, nodeB.base);
        await emitAck(owner, 'watch', { conversationId: chat.conversationId });
        const visitor = track(await connect(`${nodeA.base}/client`, { auth: chat }));
        const atPia = nextEvent<{ body: string }>(owner, 'message', 10_000);
        await emitAck(visitor, 'message', { clientMsgId: 'two-node-secret', body: 'Vain Pialle' });
        expect((await atPia).body).toBe('Vain Pialle');
        const note = nextEvent<{ kind: string }>(owner, 'message', 10_000);
        await emitAck(owner, 'message', {
          conversationId: chat.conversationId,
          clientMsgId: 'two-node-note1',
          body: 'Muistiinpano',
          kind: 'note',
        });
        await note;
        visitor.emit('typing', { typing: true });
        await settle();
        expect(seenByJussi).toEqual([]);

        // A change of provider made on node B reaches a watcher's socket on node A.
        const restored = await patchStaff(nodeB.app, admin, paavoId, {
          role: 'counsellor',
          organisationId: organisationP,
        });
        expect(restored.statusCode).toBe(200);
        const other = await startChat(nodeA.app, { provider: 'rannikko' });
        const taken = await inboxAction(nodeA.app, pia, other.conversationId, 'accept');
        expect(taken.statusCode).toBe(200);
        const colleague = await staffSocket(paavo, nodeA.base);
        await emitAck(colleague, 'watch', { conversationId: other.conversationId });
        const lost = nextEvent<{ conversationId: string }>(colleague, 'unwatched', 10_000);
        const moved = await patchStaff(nodeB.app, admin, paavoId, { organisationId: organisationJ });
        expect(moved.statusCode).toBe(200);
        expect(await lost).toEqual({ conversationId: other.conversationId });
      } finally {
        await nodeA.app.close();
        await nodeB.app.close();
      }
    });
});
