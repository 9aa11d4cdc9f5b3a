import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openAllDay, setAvailable, startChat, inboxAction } from '../../test/chat-helpers.js';
import { useTestApp, useOrganisation, useSignedIn } from '../../test/test-app.js';
import { purgeExpiredConversations } from '../../conversations/retention.js';

describe('routing, context and retention', () => {
  const t = useTestApp();
  const org = useOrganisation(t, { slug: 'tuulia' });
  const admin = useSignedIn(t, { role: 'admin' });
  const sanna = useSignedIn(t, () => ({
    name: 'Sanna Rautio',
    organisation_id: org.id,
    languages: ['fi', 'en'],
    expertise: ['career_change'],
  }));
  const tomas = useSignedIn(t, () => ({
    name: 'Tomas Lindqvist',
    organisation_id: org.id,
    languages: ['sv', 'fi'],
    expertise: ['special_support'],
  }));

  beforeAll(() => openAllDay(t.app, admin.cookie));

  const putSettings = (cookie: string, assignment: 'auto' | 'manual', maxWaitSeconds: number) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/v1/chat/settings',
      headers: { cookie },
      payload: { assignment, maxWaitSeconds },
    });

  const assignee = async (id: string) =>
    await t.database.db
      .selectFrom('conversations')
      .select(['assigned_staff_id', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('assigns automatically to the counsellor who speaks the language and knows the topic', async () => {
    const settings = await putSettings(admin.cookie, 'auto', 120);
    expect(settings.statusCode).toBe(200);
    const byCounsellor = await putSettings(sanna.cookie, 'manual', 120);
    expect(byCounsellor.statusCode).toBe(403);
    await setAvailable(t.app, sanna.cookie, 1);
    await setAvailable(t.app, tomas.cookie, 1);

    const swedish = await startChat(t.app, { language: 'sv', topic: 'special_support' });
    expect(await assignee(swedish.conversationId)).toEqual({ assigned_staff_id: tomas.id, status: 'active' });
    const finnish = await startChat(t.app, { language: 'fi', topic: 'career_change' });
    expect(await assignee(finnish.conversationId)).toEqual({ assigned_staff_id: sanna.id, status: 'active' });
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
    const close = await inboxAction(t.app, sanna.cookie, finnish.conversationId, 'close', {
      topic: 'career_change',
      outcome: 'answered',
    });
    expect(close.statusCode).toBe(200);
    expect(await assignee(third.conversationId)).toEqual({ assigned_staff_id: sanna.id, status: 'active' });

    // A transfer to an expertise queue goes to whoever has that expertise (and a free place).
    await inboxAction(t.app, tomas.cookie, swedish.conversationId, 'close', {
      topic: 'special_support',
      outcome: 'answered',
    });
    const transfer = await inboxAction(t.app, sanna.cookie, third.conversationId, 'transfer', {
      expertise: 'special_support',
      note: 'Kysyy erityisen tuen opinnoista',
    });
    expect(transfer.statusCode).toBe(200);
    expect(await assignee(third.conversationId)).toEqual({ assigned_staff_id: tomas.id, status: 'active' });

    await putSettings(admin.cookie, 'manual', 300);
  });

  it('shows the shortlist and earlier chats of the same browser only with consent', async () => {
    await setAvailable(t.app, sanna.cookie, 10);
    const browserKey = randomBytes(32).toString('base64url');
    const first = await startChat(t.app, { consent: true, browserKey, firstName: 'Aino' });
    const second = await startChat(t.app, { consent: true, browserKey, topic: 'financing' });
    const anonymous = await startChat(t.app, { consent: false, browserKey });
    const context = async (id: string) => {
      await inboxAction(t.app, sanna.cookie, id, 'accept');
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/inbox/conversations/${id}`,
        headers: { cookie: sanna.cookie },
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

  it('erases closed chats after their retention period to anonymous counts, with their clients', async () => {
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
    // The row stays for the reports, with nothing left to reach the person by.
    const erased = await t.database.db
      .selectFrom('conversations')
      .select(['client_id', 'access_hash', 'erased_at', 'channel'])
      .where('id', '=', chat.conversationId)
      .executeTakeFirstOrThrow();
    expect(erased).toMatchObject({ client_id: null, access_hash: null, channel: 'chat' });
    expect(erased.erased_at).not.toBeNull();
    // Erased once: the next purge does not count it again.
    expect(await purgeExpiredConversations(t.database.db, later)).toBe(0);
    const client = await t.database.db
      .selectFrom('clients')
      .select('id')
      .where('id', '=', row.client_id!)
      .execute();
    expect(client).toEqual([]);
  });
});
