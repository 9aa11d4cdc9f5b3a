import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff } from '../test/factories.js';
import { createTestDatabase, type TestDatabase } from '../test/test-database.js';
import { appendMessage } from './message.repository.js';
import { openConversation } from './open-conversation.js';

describe('appendMessage', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.destroy());

  async function chat(status: 'active' | 'waiting' = 'active') {
    const { conversation } = await openConversation(t.db, {
      channel: 'chat',
      status,
      client: { firstName: 'Testi', language: 'fi', consent: false },
      topic: 'applying',
      language: 'fi',
      first: { kind: 'message', authorType: 'client', body: 'Hei' },
    });
    return conversation.id;
  }

  const seqs = async (conversationId: string) =>
    (
      await t.db
        .selectFrom('messages')
        .select('seq')
        .where('conversation_id', '=', conversationId)
        .orderBy('seq')
        .execute()
    ).map((row) => row.seq);

  /** A visitor's open-only message, as the chat socket sends it. */
  const clientMessage = (conversationId: string, clientMsgId: string, body: string) =>
    appendMessage(t.db, {
      conversationId,
      kind: 'message',
      authorType: 'client',
      body,
      clientMsgId,
      openOnly: true,
    });

  it('numbers 40 parallel messages 2…41 with no gap, each stored once, and the conversation knows the last', async () => {
    const id = await chat();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => clientMessage(id, `m-${i}`, `viesti ${i}`)),
    );
    expect(results.every((r) => !r.duplicate)).toBe(true);
    expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 2),
    );
    expect(await seqs(id)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    const conversation = await t.db
      .selectFrom('conversations')
      .select(['last_seq', 'last_message_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(conversation.last_seq).toBe(41);
    const newest = results.find((r) => r.message.seq === 41)!.message;
    expect(new Date(conversation.last_message_at!).getTime()).toBe(new Date(newest.created_at).getTime());
  });

  it('stores a re-sent client message id once, also when 20 copies race, and leaves no gap', async () => {
    const id = await chat();
    const copies = await Promise.all(
      Array.from({ length: 20 }, () => clientMessage(id, 'same-1', 'sama viesti')),
    );
    expect(copies.filter((c) => !c.duplicate)).toHaveLength(1);
    expect(new Set(copies.map((c) => c.message.seq))).toEqual(new Set([2]));
    const next = await appendMessage(t.db, {
      conversationId: id,
      kind: 'message',
      authorType: 'client',
      body: 'seuraava',
      clientMsgId: 'next-1',
    });
    expect(next.message.seq).toBe(3);
    expect(await seqs(id)).toEqual([1, 2, 3]);
  });

  it('refuses a message for a closed conversation, but gives a re-send its first acknowledgement', async () => {
    const id = await chat();
    const first = await clientMessage(id, 'before-close', 'ennen loppua');
    await t.db.updateTable('conversations').set({ status: 'closed' }).where('id', '=', id).execute();
    await expect(clientMessage(id, 'after-close', 'liian myöhään')).rejects.toMatchObject({
      code: 'conversation.closed',
      status: 409,
    });
    const again = await clientMessage(id, 'before-close', 'ennen loppua');
    expect(again).toMatchObject({ duplicate: true, message: { seq: first.message.seq } });
    // An event on the closed conversation (not open-only) is still written.
    const event = await appendMessage(t.db, {
      conversationId: id,
      kind: 'event',
      authorType: 'system',
      eventType: 'closed',
    });
    expect(event.message.seq).toBe(first.message.seq + 1);
    expect(await seqs(id)).toEqual([1, 2, 3]);
  });

  it('moves the status between waiting and active and sets the first response time once', async () => {
    const id = await chat('active');
    const staff = await buildStaff(t.db);
    const reply = await appendMessage(t.db, {
      conversationId: id,
      kind: 'message',
      authorType: 'staff',
      authorStaffId: staff.id,
      body: 'Hei, miten voin auttaa?',
      details: {
        card: { type: 'article', title: 'Oppisopimus', summary: '', url: '/fi/ohjeet/oppisopimus' },
      },
    });
    expect(reply.message.details).toEqual({
      card: { type: 'article', title: 'Oppisopimus', summary: '', url: '/fi/ohjeet/oppisopimus' },
    });
    const row = () =>
      t.db
        .selectFrom('conversations')
        .select(['status', 'first_response_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const afterReply = await row();
    expect(afterReply.status).toBe('waiting');
    expect(new Date(afterReply.first_response_at!).getTime()).toBe(
      new Date(reply.message.created_at).getTime(),
    );
    await appendMessage(t.db, { conversationId: id, kind: 'message', authorType: 'client', body: 'Kiitos' });
    expect((await row()).status).toBe('active');
    await appendMessage(t.db, {
      conversationId: id,
      kind: 'message',
      authorType: 'staff',
      authorStaffId: staff.id,
      body: 'Ole hyvä',
    });
    const later = await row();
    expect(later.status).toBe('waiting');
    expect(later.first_response_at).toEqual(afterReply.first_response_at);
  });

  it('is part of a caller’s transaction: a rollback stores nothing and hands out no number', async () => {
    const id = await chat();
    await expect(
      t.db.transaction().execute(async (trx) => {
        await appendMessage(trx, {
          conversationId: id,
          kind: 'message',
          authorType: 'client',
          body: 'peruttu',
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await seqs(id)).toEqual([1]);
    const written = await appendMessage(t.db, {
      conversationId: id,
      kind: 'message',
      authorType: 'client',
      body: 'tallessa',
      createdAt: new Date('2026-03-02T10:00:00Z'),
    });
    expect(written.message.seq).toBe(2);
    expect(new Date(written.message.created_at).toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });
});
