import { beforeAll, describe, expect, it } from 'vitest';
import { findAuditRows } from '../../test/audit-helpers.js';
import { openAllDay, setAvailable, startChat } from '../../test/chat-helpers.js';
import { expectError, invalidFields } from '../../test/http-helpers.js';
import { useOrganisation, useSignedIn, useTestApp } from '../../test/test-app.js';
import { runRetentionPurge } from './retention.service.js';

const DAY = 86_400_000;

describe('retention per class of data', () => {
  const t = useTestApp({ RETENTION_MIN_DAYS: '7', RETENTION_MAX_DAYS: '1000' });
  const provider = useOrganisation(t, { slug: 'rannikko' });
  const admin = useSignedIn(t, { role: 'admin' });
  const mikko = useSignedIn(t, () => ({ organisation_id: provider.id, languages: ['fi'] }));
  const chats = { old: '', recent: '', held: '' };

  beforeAll(async () => {
    await openAllDay(t.app, admin.cookie);
    await setAvailable(t.app, mikko.cookie, 10);
    const closedDaysAgo = async (days: number) => {
      const chat = await startChat(t.app, {});
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/chat/conversations/${chat.conversationId}/close`,
        headers: { 'x-conversation-secret': chat.secret },
      });
      await t.database.db
        .updateTable('conversations')
        .set({ closed_at: new Date(Date.now() - days * DAY) })
        .where('id', '=', chat.conversationId)
        .execute();
      return chat.conversationId;
    };
    chats.old = await closedDaysAgo(40);
    chats.recent = await closedDaysAgo(20);
    chats.held = await closedDaysAgo(40);
    await t.database.db
      .updateTable('conversations')
      .set({ legal_hold_reason: 'Valitus', legal_hold_at: new Date() })
      .where('id', '=', chats.held)
      .execute();
    // A mail sent ten days ago.
    await t.database.db
      .insertInto('outgoing_mail')
      .values({
        conversation_id: null,
        to_address: 'vanha.posti@example.net',
        subject: 'Vanha viesti',
        text_body: 'Kuittaus',
        status: 'sent',
        created_at: new Date(Date.now() - 10 * DAY),
      })
      .execute();
  });

  const settings = (cookie = admin.cookie) => t.app.inject({ url: '/api/v1/retention', headers: { cookie } });
  const save = (days: Record<string, number>, cookie = admin.cookie) =>
    t.app.inject({ method: 'PUT', url: '/api/v1/retention', headers: { cookie }, payload: { days } });
  type View = {
    classes: { class: string; days: number; defaultDays: number }[];
    preview: Record<string, number>;
  };

  it('shows every class with its default and bounds, for admins only', async () => {
    const response = await settings();
    expect(response.statusCode, response.body).toBe(200);
    const view = response.json<View & { classes: { minDays: number; maxDays: number }[] }>();
    expect(view.classes.map((c) => c.class)).toEqual([
      'chat',
      'email',
      'phone',
      'booking',
      'web_form',
      'popup',
      'contact_request',
      'outgoing_mail',
      'audit_log',
      'search_log',
      'practice',
      'event_registration',
    ]);
    expect(view.classes.find((c) => c.class === 'chat')).toMatchObject({
      days: 365,
      defaultDays: 365,
      minDays: 7,
      maxDays: 1000,
    });
    expect(view.classes.find((c) => c.class === 'contact_request')?.days).toBe(180);
    expect(view.preview.chat).toBe(0);
    expectError(await settings(mikko.cookie), 403, 'auth.forbidden');
    expectError(await save({ chat: 30 }, mikko.cookie), 403, 'auth.forbidden');
  });

  it('refuses a value outside the installation’s bounds and saves nothing', async () => {
    const refused = expectError(
      await save({ chat: 30, email: 5, audit_log: 5000 }),
      400,
      'retention.out_of_limits',
    );
    expect(invalidFields(refused).sort()).toEqual(['days.audit_log', 'days.email']);
    const view = (await settings()).json<View>();
    expect(view.classes.find((c) => c.class === 'chat')?.days).toBe(365);
    expect(await findAuditRows(t.database.db, { action: 'retention.settings' })).toEqual([]);
  });

  it('a shorter setting changes what the next purge removes, as the page previews, never a held one', async () => {
    const saved = await save({ chat: 30, outgoing_mail: 7 });
    expect(saved.statusCode, saved.body).toBe(200);
    const view = saved.json<View>();
    expect(view.classes.find((c) => c.class === 'chat')?.days).toBe(30);
    expect(view.preview.chat).toBe(1);
    expect(view.preview.outgoing_mail).toBe(1);
    const audit = await findAuditRows(t.database.db, { action: 'retention.settings' });
    expect(audit.map((a) => a.details)).toEqual([
      { chat: { from: 365, to: 30 }, outgoing_mail: { from: 30, to: 7 } },
    ]);

    const removed = await runRetentionPurge(t.database.db);
    expect(removed).toMatchObject({ chat: view.preview.chat, outgoing_mail: 1 });
    const rows = await t.database.db
      .selectFrom('conversations')
      .select(['id', 'erased_at'])
      .where('id', 'in', [chats.old, chats.recent, chats.held])
      .execute();
    const erased = Object.fromEntries(rows.map((r) => [r.id, r.erased_at !== null]));
    expect(erased).toEqual({ [chats.old]: true, [chats.recent]: false, [chats.held]: false });
    expect(await t.database.db.selectFrom('outgoing_mail').select('id').execute()).toEqual([]);

    const purge = await findAuditRows(t.database.db, { action: 'retention.purge' });
    expect(purge).toHaveLength(1);
    expect(purge[0]!.actor_type).toBe('system');
    expect(purge[0]!.details).toMatchObject({ chat: 1, outgoing_mail: 1, email: 0 });
    // Nothing left to remove: the next run records nothing.
    expect(await runRetentionPurge(t.database.db)).toBeUndefined();
    expect((await settings()).json<View>().preview.chat).toBe(0);
  });

  it('tells the privacy notice how long each class is kept', async () => {
    const response = await t.app.inject({ url: '/api/v1/retention/public' });
    expect(response.statusCode).toBe(200);
    const classes = response.json<{ classes: { class: string; days: number }[] }>().classes;
    expect(classes).toHaveLength(12);
    expect(classes.find((c) => c.class === 'chat')?.days).toBe(30);
    expect(classes.find((c) => c.class === 'contact_request')?.days).toBe(180);
    expect(classes.find((c) => c.class === 'practice')?.days).toBe(90);
  });
});
