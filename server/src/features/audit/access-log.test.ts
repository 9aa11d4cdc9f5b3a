import { beforeAll, describe, expect, it } from 'vitest';
import { openAllDay, setAvailable, startChat, inboxAction } from '../../test/chat-helpers.js';
import { connect, emitAck, trackSockets } from '../../test/socket-helpers.js';
import { buildOrganisation } from '../../test/factories.js';
import { listenLocally, signedIn, useRannikkoTeam, useTestApp, type SignedIn } from '../../test/test-app.js';

/*
 * The access log: every time staff open a conversation's messages — the inbox's conversation
 * page, or a chat pane watching it over the console's socket — the audit log records who, when
 * and which conversation; admins read it per conversation.
 */
describe('who opened a conversation', () => {
  const t = useTestApp();
  const { admin, mikko, anna } = useRannikkoTeam(t);
  const { track } = trackSockets();
  let base: string;
  let outsider: SignedIn;
  beforeAll(async () => {
    const elsewhere = await buildOrganisation(t.database.db, { slug: 'muualla' });
    outsider = await signedIn(t, { organisation_id: elsewhere.id });
    await openAllDay(t.app, admin.cookie);
    await setAvailable(t.app, mikko.cookie, 10);
    base = await listenLocally(t.app);
  });

  interface Entry {
    action: string;
    actorStaffId: string | null;
    actorName: string | null;
    targetId: string | null;
    details: Record<string, unknown>;
  }
  const accessLog = async (conversationId: string, cookie = admin.cookie) =>
    t.app.inject({
      url: '/api/v1/audit',
      query: { targetType: 'conversation', targetId: conversationId, action: 'conversation.read' },
      headers: { cookie },
    });

  it('records the inbox page and a chat pane opening the messages, not a pane catching up', async () => {
    const chat = await startChat(t.app, {});
    expect((await inboxAction(t.app, mikko.cookie, chat.conversationId, 'accept')).statusCode).toBe(200);
    const socket = track(await connect(`${base}/staff`, { extraHeaders: { cookie: mikko.cookie } }));

    const opened = await emitAck<{ messages: { seq: number }[] }>(socket, 'watch', {
      conversationId: chat.conversationId,
    });
    const lastSeq = Math.max(...opened.messages.map((m) => m.seq));
    // After a reconnect the pane asks only for what came after what it has: no new entry.
    await emitAck(socket, 'watch', { conversationId: chat.conversationId, afterSeq: lastSeq });
    const page = await t.app.inject({
      url: `/api/v1/inbox/conversations/${chat.conversationId}`,
      headers: { cookie: mikko.cookie },
    });
    expect(page.statusCode).toBe(200);

    const response = await accessLog(chat.conversationId);
    expect(response.statusCode, response.body).toBe(200);
    const entries = response.json<{ items: Entry[] }>().items;
    expect(entries).toHaveLength(2);
    expect(entries.every((e) => e.actorStaffId === mikko.id && e.actorName === mikko.staff.name)).toBe(true);
    expect(entries.map((e) => e.details.via ?? 'inbox').sort()).toEqual(['chat', 'inbox']);
  });

  it('records nothing for someone the conversation is refused to, and is not a counsellor’s to read', async () => {
    const chat = await startChat(t.app, {});
    expect((await inboxAction(t.app, mikko.cookie, chat.conversationId, 'accept')).statusCode).toBe(200);
    const socket = track(await connect(`${base}/staff`, { extraHeaders: { cookie: outsider.cookie } }));
    // A counsellor of another provider: the watch is refused and leaves no entry.
    const refused = await emitAck<{ error?: { code: string } }>(socket, 'watch', {
      conversationId: chat.conversationId,
    });
    expect(refused.error?.code).toBe('conversation.not_found');
    expect((await accessLog(chat.conversationId)).json<{ items: Entry[] }>().items).toEqual([]);
    // The log is not a counsellor's to read.
    expect((await accessLog(chat.conversationId, anna.cookie)).statusCode).toBe(403);
  });
});
