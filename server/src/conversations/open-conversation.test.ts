import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/test-database.js';
import { countRows } from '../test/factories.js';
import { openConversation } from './open-conversation.js';

describe('openConversation', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.destroy());

  const count = (table: 'clients' | 'conversations' | 'messages') => countRows(t.db, table);

  it('stores the client, the conversation and its first message in one go', async () => {
    const { conversation, created, first } = await openConversation(t.db, {
      channel: 'email',
      status: 'queued',
      client: { firstName: 'Aino', email: 'aino@example.net', language: 'fi', consent: true },
      topic: 'applying',
      language: 'fi',
      subject: 'Haku syksyllä',
      details: { origin: 'contact_form' },
      first: { kind: 'message', authorType: 'client', body: 'Milloin haku alkaa?' },
    });
    expect(created).toBe(true);
    expect(conversation).toMatchObject({
      channel: 'email',
      status: 'queued',
      last_seq: 1,
      topic: 'applying',
    });
    expect(conversation.queued_at).not.toBeNull();
    expect(first).toMatchObject({ seq: 1, kind: 'message', body: 'Milloin haku alkaa?' });
    const client = await t.db
      .selectFrom('clients')
      .selectAll()
      .where('id', '=', conversation.client_id!)
      .executeTakeFirstOrThrow();
    expect(client).toMatchObject({ first_name: 'Aino', email: 'aino@example.net', preferred_language: 'fi' });
    expect(client.consent_contact_at).not.toBeNull();
  });

  it('keeps no contact details without consent', async () => {
    const { conversation } = await openConversation(t.db, {
      channel: 'chat',
      status: 'queued',
      client: { firstName: 'Ville', email: 'ville@example.net', language: 'sv', consent: false },
      topic: 'other',
      language: 'sv',
    });
    const client = await t.db
      .selectFrom('clients')
      .selectAll()
      .where('id', '=', conversation.client_id!)
      .executeTakeFirstOrThrow();
    expect(client).toMatchObject({ first_name: null, email: null, phone: null, consent_contact_at: null });
    expect(client.preferred_language).toBe('sv');
  });

  it('opens one conversation for 20 parallel requests with the same key, and no stray client', async () => {
    const before = { clients: await count('clients'), conversations: await count('conversations') };
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        openConversation(t.db, {
          channel: 'in_person',
          status: 'closed',
          outcome: 'answered',
          requestKey: '6f1c2a9e-3b7d-4e8a-9c21-5d4e3f2a1b0c',
          client: { email: 'seuranta@example.net', consent: true },
          topic: 'apprenticeship',
          language: 'fi',
          first: { kind: 'event', authorType: 'system', eventType: 'logged' },
        }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.conversation.id)).size).toBe(1);
    expect(await count('conversations')).toBe(before.conversations + 1);
    expect(await count('clients')).toBe(before.clients + 1);
    const [row] = await t.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('conversation_id', '=', results[0]!.conversation.id)
      .execute();
    expect(Number(row!.n)).toBe(1);
  });

  it('records a contact that was over when it was logged: closed then, kept for the retention period', async () => {
    const at = new Date(Date.now() - 3 * 3_600_000);
    const { conversation } = await openConversation(t.db, {
      channel: 'in_person',
      status: 'closed',
      outcome: 'answered',
      topic: 'financing',
      language: 'fi',
      times: { createdAt: at, firstResponseAt: at, lastMessageAt: at },
    });
    expect(conversation.status).toBe('closed');
    expect(conversation.outcome).toBe('answered');
    expect(new Date(conversation.created_at).getTime()).toBe(at.getTime());
    expect(new Date(conversation.closed_at!).getTime()).toBe(at.getTime());
    expect(conversation.retain_until).not.toBeNull();
    expect(conversation.queued_at).toBeNull();
  });

  it('rolls back everything when the caller’s transaction fails', async () => {
    const before = { clients: await count('clients'), conversations: await count('conversations') };
    await expect(
      t.db.transaction().execute(async (trx) => {
        await openConversation(trx, {
          channel: 'video',
          status: 'active',
          client: { email: 'kesken@example.net', consent: true },
          topic: 'other',
          language: 'fi',
          first: { kind: 'message', authorType: 'client', body: '' },
        });
        throw new Error('the appointment could not be stored');
      }),
    ).rejects.toThrow('the appointment could not be stored');
    expect(await count('clients')).toBe(before.clients);
    expect(await count('conversations')).toBe(before.conversations);
  });
});
