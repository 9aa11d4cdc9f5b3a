import { beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired, readRetentionDays } from '../../conversations/retention.js';
import { answeredChat, inboxAction, openAllDay, setAvailable, startChat } from '../../test/chat-helpers.js';
import { countRows } from '../../test/factories.js';
import { expectError } from '../../test/http-helpers.js';
import { signedIn, useOrganisation, useTestApp, type SignedIn } from '../../test/test-app.js';

describe('following a colleague’s live chat', () => {
  const t = useTestApp();
  const provider = useOrganisation(t, { slug: 'rannikko' });
  const other = useOrganisation(t, { slug: 'sisamaa' });
  let admin: SignedIn;
  let anna: SignedIn;
  let mikko: SignedIn;
  let outsider: SignedIn;
  let chatId: string;
  let secret: string;

  beforeAll(async () => {
    admin = await signedIn(t, { role: 'admin' });
    anna = await signedIn(t, { organisation_id: provider.id, languages: ['fi', 'sv'], name: 'Anna Ohjaaja' });
    mikko = await signedIn(t, { organisation_id: provider.id, languages: ['fi'], name: 'Mikko Uusi' });
    outsider = await signedIn(t, { organisation_id: other.id, languages: ['fi', 'sv'] });
    await openAllDay(t.app, admin.cookie);
    await setAvailable(t.app, anna.cookie);
    const started = await startChat(t.app, { language: 'sv', organisationSlug: undefined });
    chatId = started.conversationId;
    secret = started.secret;
    await t.database.db
      .updateTable('conversations')
      .set({ organisation_id: provider.id })
      .where('id', '=', chatId)
      .execute();
    expect((await inboxAction(t.app, anna.cookie, chatId, 'accept')).statusCode).toBe(200);
  });

  const call = (method: 'GET' | 'POST', url: string, cookie?: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      ...(cookie ? { headers: { cookie } } : {}),
      ...(payload ? { payload } : {}),
    });
  const visitorEvents = async () =>
    (
      (
        await t.app.inject({
          url: `/api/v1/chat/conversations/${chatId}`,
          headers: { 'x-conversation-secret': secret },
        })
      ).json().messages as { kind: string; eventType: string | null }[]
    )
      .filter((m) => m.kind === 'event')
      .map((m) => m.eventType);

  it('is asked for, accepted by the colleague, told to the visitor, and read-only for the observer', async () => {
    const chats = (await call('GET', '/api/v1/training/shadowing/chats', mikko.cookie)).json().items;
    expect(chats).toEqual([
      expect.objectContaining({ conversationId: chatId, counsellorName: 'Anna Ohjaaja', request: null }),
    ]);
    // Another provider's counsellor does not see it, nor may ask.
    expect((await call('GET', '/api/v1/training/shadowing/chats', outsider.cookie)).json().items).toEqual([]);
    expectError(
      await call('POST', '/api/v1/training/shadowing', outsider.cookie, { conversationId: chatId }),
      404,
      'conversation.not_found',
    );
    expectError(
      await call('POST', '/api/v1/training/shadowing', anna.cookie, { conversationId: chatId }),
      400,
      'shadow.own_chat',
    );

    const asked = await call('POST', '/api/v1/training/shadowing', mikko.cookie, { conversationId: chatId });
    expect(asked.statusCode, asked.body).toBe(201);
    const { id } = asked.json();
    // Asking again returns the same request.
    expect(
      (await call('POST', '/api/v1/training/shadowing', mikko.cookie, { conversationId: chatId })).json(),
    ).toEqual({ id, status: 'pending' });
    // Nothing of the chat before the acceptance.
    expect((await call('GET', `/api/v1/training/shadowing/${id}`, mikko.cookie)).json()).toMatchObject({
      status: 'pending',
      messages: [],
    });

    const requests = (await call('GET', '/api/v1/training/shadowing/requests', anna.cookie)).json().items;
    expect(requests).toEqual([
      expect.objectContaining({ id, conversationId: chatId, observerName: 'Mikko Uusi' }),
    ]);
    expectError(
      await call('POST', `/api/v1/training/shadowing/${id}/accept`, mikko.cookie),
      403,
      'shadow.not_yours',
    );
    expect((await call('POST', `/api/v1/training/shadowing/${id}/accept`, anna.cookie)).json()).toEqual({
      id,
      status: 'accepted',
    });
    expectError(
      await call('POST', `/api/v1/training/shadowing/${id}/decline`, anna.cookie),
      409,
      'shadow.answered',
    );
    expect(await visitorEvents()).toContain('observer_joined');

    await call('POST', `/api/v1/inbox/conversations/${chatId}/messages`, anna.cookie, {
      clientMsgId: 'shadow-msg-1',
      body: 'Hej! Vad kan jag hjälpa dig med?',
      kind: 'message',
    });
    await call('POST', `/api/v1/inbox/conversations/${chatId}/messages`, anna.cookie, {
      clientMsgId: 'shadow-note-1',
      body: 'intern anteckning',
      kind: 'note',
    });
    const view = (await call('GET', `/api/v1/training/shadowing/${id}`, mikko.cookie)).json();
    expect(view.status).toBe('accepted');
    expect(view.messages.map((m: { body: string }) => m.body)).toContain('Hej! Vad kan jag hjälpa dig med?');
    // Staff notes are not part of what the observer follows.
    expect(view.messages.some((m: { kind: string }) => m.kind === 'note')).toBe(false);
    // Read-only: the inbox refuses the observer's message.
    const refused = await call('POST', `/api/v1/inbox/conversations/${chatId}/messages`, mikko.cookie, {
      clientMsgId: 'shadow-msg-2',
      body: 'Hej',
      kind: 'message',
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);

    const noted = await call('POST', `/api/v1/training/shadowing/${id}/notes`, mikko.cookie, {
      body: 'Kysy Annalta avauksesta.',
    });
    expect(noted.statusCode, noted.body).toBe(201);
    expect(noted.json().notes).toEqual([expect.objectContaining({ body: 'Kysy Annalta avauksesta.' })]);
    expectError(await call('GET', `/api/v1/training/shadowing/${id}`, anna.cookie), 404, 'shadow.not_found');

    expect((await call('POST', `/api/v1/training/shadowing/${id}/end`, mikko.cookie)).json()).toEqual({
      id,
      status: 'ended',
    });
    expect(await visitorEvents()).toContain('observer_left');
    const after = (await call('GET', `/api/v1/training/shadowing/${id}`, mikko.cookie)).json();
    expect(after).toMatchObject({ status: 'ended', messages: [] });
    expect(after.notes).toHaveLength(1);
  });

  it('ends when the chat closes, and goes with the chat’s erasure or after the practice retention', async () => {
    const { id } = (
      await call('POST', '/api/v1/training/shadowing', mikko.cookie, { conversationId: chatId })
    ).json();
    await call('POST', `/api/v1/training/shadowing/${id}/accept`, anna.cookie);
    expect(
      (await inboxAction(t.app, anna.cookie, chatId, 'close', { topic: 'applying', outcome: 'answered' }))
        .statusCode,
    ).toBe(200);
    expect((await call('GET', `/api/v1/training/shadowing/${id}`, mikko.cookie)).json()).toMatchObject({
      status: 'ended',
      messages: [],
    });
    expectError(
      await call('POST', '/api/v1/training/shadowing', mikko.cookie, { conversationId: chatId }),
      409,
      'shadow.not_live',
    );

    const days = await readRetentionDays(t.database.db);
    expect(await countRows(t.database.db, 'shadow_sessions')).toBe(2);
    await purgeExpired(t.database.db, days, new Date(Date.now() + 91 * 86_400_000));
    expect(await countRows(t.database.db, 'shadow_sessions')).toBe(0);
    expect(await countRows(t.database.db, 'shadow_notes')).toBe(0);

    // A chat erased at the person's request takes its followings along.
    const next = await answeredChat(t.app, anna.cookie, ['Hei!']);
    await t.database.db
      .updateTable('conversations')
      .set({ organisation_id: provider.id })
      .where('id', '=', next)
      .execute();
    const { id: again } = (
      await call('POST', '/api/v1/training/shadowing', mikko.cookie, { conversationId: next })
    ).json();
    expect(again).toBeTruthy();
    const { eraseConversations } = await import('../../conversations/erasure.js');
    await t.database.db.transaction().execute((trx) => eraseConversations(trx, [next]));
    expect(await countRows(t.database.db, 'shadow_sessions')).toBe(0);
  });
});
