import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildStaff } from '../../test/factories.js';
import { openAllDay, setAvailable, startChat } from '../../test/chat-helpers.js';
import { createTestApp, loginAs, type TestApp } from '../../test/test-app.js';
import { purgeExpiredConversations } from '../../conversations/retention.js';

describe('routing, context and retention', () => {
  let t: TestApp;
  let admin: string;
  let sanna: string;
  let tomas: string;
  let sannaId: string;
  let tomasId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.database.db;
    const org = await buildOrganisation(db, { slug: 'tuulia' });
    await buildStaff(db, { role: 'admin', email: 'admin@example.test' });
    sannaId = (
      await buildStaff(db, {
        email: 'sanna@example.test',
        name: 'Sanna Rautio',
        organisation_id: org.id,
        languages: ['fi', 'en'],
        expertise: ['career_change'],
      })
    ).id;
    tomasId = (
      await buildStaff(db, {
        email: 'tomas@example.test',
        name: 'Tomas Lindqvist',
        organisation_id: org.id,
        languages: ['sv', 'fi'],
        expertise: ['special_support'],
      })
    ).id;
    admin = await loginAs(t.app, 'admin@example.test');
    sanna = await loginAs(t.app, 'sanna@example.test');
    tomas = await loginAs(t.app, 'tomas@example.test');
    await openAllDay(t.app, admin);
  });
  afterAll(() => t.close());

  const assignee = async (id: string) =>
    await t.database.db
      .selectFrom('conversations')
      .select(['assigned_staff_id', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('assigns automatically to the counsellor who speaks the language and knows the topic', async () => {
    const settings = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/chat/settings',
      headers: { cookie: admin },
      payload: { assignment: 'auto', maxWaitSeconds: 120 },
    });
    expect(settings.statusCode).toBe(200);
    const byCounsellor = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/chat/settings',
      headers: { cookie: sanna },
      payload: { assignment: 'manual', maxWaitSeconds: 120 },
    });
    expect(byCounsellor.statusCode).toBe(403);
    await setAvailable(t.app, sanna, 1);
    await setAvailable(t.app, tomas, 1);

    const swedish = await startChat(t.app, { language: 'sv', topic: 'special_support' });
    expect(await assignee(swedish.conversationId)).toEqual({ assigned_staff_id: tomasId, status: 'active' });
    const finnish = await startChat(t.app, { language: 'fi', topic: 'career_change' });
    expect(await assignee(finnish.conversationId)).toEqual({ assigned_staff_id: sannaId, status: 'active' });
    // Both are at their maximum: the next one waits in the queue …
    const third = await startChat(t.app, { language: 'fi', topic: 'other' });
    expect(await assignee(third.conversationId)).toEqual({ assigned_staff_id: null, status: 'queued' });
    const waiting = await t.app.inject({
      method: 'GET',
      url: `/api/v1/chat/conversations/${third.conversationId}`,
      headers: { 'x-conversation-secret': third.secret },
    });
    expect(waiting.json().conversation).toMatchObject({ queuePosition: 1 });
    expect(waiting.json().conversation.estimatedWaitSeconds).toBeGreaterThan(0);

    // … until Sanna closes hers; then it is hers.
    const close = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/conversations/${finnish.conversationId}/close`,
      headers: { cookie: sanna },
      payload: { topic: 'career_change', outcome: 'answered' },
    });
    expect(close.statusCode).toBe(200);
    expect(await assignee(third.conversationId)).toEqual({ assigned_staff_id: sannaId, status: 'active' });

    // A transfer to an expertise queue goes to whoever has that expertise (and a free place).
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/conversations/${swedish.conversationId}/close`,
      headers: { cookie: tomas },
      payload: { topic: 'special_support', outcome: 'answered' },
    });
    const transfer = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/conversations/${third.conversationId}/transfer`,
      headers: { cookie: sanna },
      payload: { expertise: 'special_support', note: 'Kysyy erityisen tuen opinnoista' },
    });
    expect(transfer.statusCode).toBe(200);
    expect(await assignee(third.conversationId)).toEqual({ assigned_staff_id: tomasId, status: 'active' });

    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/chat/settings',
      headers: { cookie: admin },
      payload: { assignment: 'manual', maxWaitSeconds: 300 },
    });
  });

  it('shows the shortlist and earlier chats of the same browser only with consent', async () => {
    await setAvailable(t.app, sanna, 10);
    const browserKey = randomBytes(32).toString('base64url');
    const first = await startChat(t.app, { consent: true, browserKey, firstName: 'Aino' });
    const second = await startChat(t.app, { consent: true, browserKey, topic: 'financing' });
    const anonymous = await startChat(t.app, { consent: false, browserKey });
    const context = async (id: string) => {
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/inbox/conversations/${id}/accept`,
        headers: { cookie: sanna },
      });
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/inbox/conversations/${id}`,
        headers: { cookie: sanna },
      });
      return response.json().context;
    };
    const withConsent = await context(second.conversationId);
    expect(withConsent.earlier.map((e: { id: string }) => e.id)).toEqual([first.conversationId]);

    // On the service's own pages the shortlist cookie goes along, with consent only.
    const organisation = await t.database.db
      .selectFrom('organisations')
      .select('id')
      .executeTakeFirstOrThrow();
    const programme = await t.database.db
      .insertInto('programmes')
      .values({
        organisation_id: organisation.id,
        source: 'csv',
        external_id: 'demo-1',
        name: JSON.stringify({ fi: 'Liiketoiminnan perustutkinto' }),
        qualification_type: 'vocational_upper_secondary',
        content_hash: 'demo-1',
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const cookie = `opintori_shortlist=${programme.id}.not-an-id`;
    const shortlisted = await startChat(t.app, { consent: true }, { cookie });
    expect((await context(shortlisted.conversationId)).shortlist).toEqual([
      { id: programme.id, name: 'Liiketoiminnan perustutkinto', provider: expect.any(String) },
    ]);
    const notShared = await startChat(t.app, { consent: false }, { cookie });
    expect((await context(notShared.conversationId)).shortlist).toEqual([]);
    expect(withConsent.client).toMatchObject({ firstName: 'Aino' });
    const without = await context(anonymous.conversationId);
    expect(without).toMatchObject({ consent: false, earlier: [], client: null, shortlist: [] });
    // Reading a conversation is recorded in the audit log.
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', second.conversationId)
      .execute();
    expect(audit.map((a) => a.action)).toContain('conversation.read');
  });

  it('deletes closed chats after their retention period, with clients left without conversations', async () => {
    const chat = await startChat(t.app, {});
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/chat/conversations/${chat.conversationId}/close`,
      headers: { 'x-conversation-secret': chat.secret },
    });
    const row = await t.database.db
      .selectFrom('conversations')
      .select(['retain_until', 'client_id', 'outcome'])
      .where('id', '=', chat.conversationId)
      .executeTakeFirstOrThrow();
    expect(row.outcome).toBe('client_left');
    expect(await purgeExpiredConversations(t.database.db, new Date())).toBe(0);
    const later = new Date(new Date(row.retain_until!).getTime() + 1000);
    expect(await purgeExpiredConversations(t.database.db, later)).toBeGreaterThanOrEqual(1);
    const gone = await t.database.db
      .selectFrom('conversations')
      .select('id')
      .where('id', '=', chat.conversationId)
      .execute();
    expect(gone).toEqual([]);
    const client = await t.database.db
      .selectFrom('clients')
      .select('id')
      .where('id', '=', row.client_id!)
      .execute();
    expect(client).toEqual([]);
  });
});
