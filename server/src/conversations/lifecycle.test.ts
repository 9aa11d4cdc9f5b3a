import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildStaff } from '../test/factories.js';
import { createTestDatabase, type TestDatabase } from '../test/test-database.js';
import { sha256 } from '../shared/secrets.js';
import { conversationForClient, maySee, mayHandle, pairKey, staffProfile, visiblePairs } from './access.js';
import type { ConversationRow } from './conversation.table.js';
import {
  assignFromQueue,
  claimConversation,
  closeConversation,
  reopenConversation,
  transferConversation,
} from './lifecycle.js';
import { openConversation } from './open-conversation.js';

describe('the conversation lifecycle and who may see a conversation', () => {
  let t: TestDatabase;
  let providerA: string;
  let providerB: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    providerA = (await buildOrganisation(t.db)).id;
    providerB = (await buildOrganisation(t.db)).id;
  });
  afterAll(() => t.destroy());

  const counsellor = async (organisationId: string, expertise: string[] = []) => {
    const row = await buildStaff(t.db, { organisation_id: organisationId, expertise });
    return {
      ...row,
      actor: { type: 'staff' as const, staffId: row.id, role: row.role, organisationId, sessionId: 'x' },
    };
  };
  const chat = (extra: Partial<Parameters<typeof openConversation>[1]> = {}) =>
    openConversation(t.db, {
      channel: 'chat',
      status: 'queued',
      topic: 'applying',
      language: 'fi',
      ...extra,
    });
  const events = async (id: string) =>
    (
      await t.db
        .selectFrom('messages')
        .select('event_type')
        .where('conversation_id', '=', id)
        .where('kind', '=', 'event')
        .orderBy('seq')
        .execute()
    ).map((m) => m.event_type);
  const reload = (id: string): Promise<ConversationRow> =>
    t.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('gives a queued chat to exactly one of two counsellors taking it at once', async () => {
    const { conversation } = await chat();
    const [a, b] = [await counsellor(providerA), await counsellor(providerB)];
    const results = await Promise.all(
      [a, b].map((staff) =>
        t.db.transaction().execute((trx) => assignFromQueue(trx, conversation.id, staff)),
      ),
    );
    const winners = results.filter((r) => r !== undefined);
    expect(winners).toHaveLength(1);
    const row = await reload(conversation.id);
    expect(row.status).toBe('active');
    expect([a.id, b.id]).toContain(row.assigned_staff_id);
    expect(await events(conversation.id)).toEqual(['assigned']);
  });

  it('closes once: a second close changes nothing and writes no second event', async () => {
    const { conversation } = await chat();
    const first = await closeConversation(t.db, conversation.id, { outcome: 'answered', topic: 'financing' });
    const second = await closeConversation(t.db, conversation.id, { outcome: 'referred' });
    expect(typeof first).toBe('number');
    expect(second).toBeUndefined();
    const row = await reload(conversation.id);
    expect(row).toMatchObject({ status: 'closed', outcome: 'answered', topic: 'financing', queued_at: null });
    expect(row.retain_until).not.toBeNull();
    expect(await events(conversation.id)).toEqual(['closed']);
  });

  it('keeps a contact request’s own retention date when it is closed', async () => {
    const retainUntil = new Date(Date.now() + 180 * 86_400_000);
    const { conversation } = await openConversation(t.db, {
      channel: 'web_form',
      status: 'queued',
      topic: 'programme_choice',
      language: 'fi',
      retainUntil,
    });
    await closeConversation(t.db, conversation.id, { outcome: 'handled', event: null });
    expect(new Date((await reload(conversation.id)).retain_until!).getTime()).toBe(retainUntil.getTime());
  });

  it('claims only what is free or one’s own, transfers only what did not change meanwhile, reopens to the queue', async () => {
    const { conversation } = await openConversation(t.db, {
      channel: 'email',
      status: 'queued',
      topic: 'other',
      language: 'fi',
    });
    const [a, b] = [await counsellor(providerA), await counsellor(providerB)];
    expect(typeof (await claimConversation(t.db, conversation, a))).toBe('number');
    expect(await claimConversation(t.db, await reload(conversation.id), a)).toBeNull();
    expect(await claimConversation(t.db, conversation, b)).toBeUndefined();
    expect((await reload(conversation.id)).organisation_id).toBe(providerA);

    // A transfer by someone who saw it unassigned is refused: it is a's now.
    expect(
      await transferConversation(t.db, conversation, { staffId: b.id }, { staff: b }, ''),
    ).toBeUndefined();
    const seqs = await transferConversation(
      t.db,
      await reload(conversation.id),
      { staffId: a.id },
      { queue: { organisationId: providerB, expertise: null }, label: 'B' },
      'Kuuluu B:lle',
    );
    expect(seqs).toHaveLength(2);
    expect(await reload(conversation.id)).toMatchObject({ status: 'queued', assigned_staff_id: null });

    await closeConversation(t.db, conversation.id, { outcome: 'answered' });
    await reopenConversation(t.db, await reload(conversation.id), { by: 'email' });
    expect(await reload(conversation.id)).toMatchObject({
      status: 'queued',
      closed_at: null,
      retain_until: null,
    });
    expect(await events(conversation.id)).toEqual(['assigned', 'transferred', 'closed', 'reopened']);
  });

  it('lets staff see what the HTTP API shows them, and answers the same for many watchers at once', async () => {
    const [a, b] = [await counsellor(providerA), await counsellor(providerB, ['immigrants'])];
    const editor = await buildStaff(t.db, { role: 'editor' });
    const admin = await buildStaff(t.db, { role: 'admin' });
    const shared = (await chat()).conversation;
    const ownedByA = (await chat({ status: 'active', organisationId: providerA, assignedStaffId: a.id }))
      .conversation;
    const expertQueue = (await chat()).conversation;
    await t.db
      .updateTable('conversations')
      .set({ queue_expertise: 'immigrants' })
      .where('id', '=', expertQueue.id)
      .execute();
    const profile = (staff: { id: string }) =>
      staffProfile(t.db, {
        type: 'staff',
        staffId: staff.id,
        role: 'counsellor',
        organisationId: null,
        sessionId: 'x',
      });
    const [pa, pb, pe, pd] = await Promise.all([a, b, editor, admin].map(profile));
    const expert = await reload(expertQueue.id);

    expect(maySee(pa!, shared)).toBe(true);
    expect(maySee(pb!, ownedByA)).toBe(false);
    expect(maySee(pa!, ownedByA) && mayHandle(pa!, ownedByA)).toBe(true);
    expect(maySee(pa!, expert)).toBe(false);
    expect(maySee(pb!, expert)).toBe(true);
    expect(maySee(pe!, shared)).toBe(false);
    expect(maySee(pd!, ownedByA) && mayHandle(pd!, ownedByA)).toBe(true);

    const pairs = [a, b, editor].flatMap((s) =>
      [shared, ownedByA, expertQueue].map((c) => ({ staffId: s.id, conversationId: c.id })),
    );
    const visible = await visiblePairs(t.db, pairs);
    expect([...visible].sort()).toEqual(
      [
        pairKey(a.id, shared.id),
        pairKey(a.id, ownedByA.id),
        pairKey(b.id, shared.id),
        pairKey(b.id, expertQueue.id),
      ].sort(),
    );
  });

  it('lets a visitor in with the conversation’s secret only, and answers a wrong one like a missing one', async () => {
    const secret = 'a-visitor-secret-of-enough-length-0123456789';
    const { conversation } = await chat({ accessHash: sha256(secret) });
    expect((await conversationForClient(t.db, conversation.id, secret)).id).toBe(conversation.id);
    for (const [id, given] of [
      [conversation.id, `${secret}x`],
      [conversation.id, ''],
      ['00000000-0000-4000-8000-000000000000', secret],
      ['not-a-uuid', secret],
    ] as const) {
      await expect(conversationForClient(t.db, id, given)).rejects.toMatchObject({
        code: 'conversation.not_found',
      });
    }
  });
});
