import { beforeAll, describe, expect, it } from 'vitest';
import { openAllDay, setAvailable, startChat } from '../../test/chat-helpers.js';
import {
  connect,
  joinMeetingAsClient,
  joinMeetingAsStaff,
  nextEvent,
  socketKey as key,
  trackSockets,
} from '../../test/socket-helpers.js';
import { listenLocally, useTestApp, useRannikkoTeam } from '../../test/test-app.js';
import { videoCallToken } from '../../conversations/link-tokens.js';

type Ack = { ok: boolean; error?: { code: string } } & Record<string, unknown>;

describe('a video call offered in a chat', () => {
  const t = useTestApp();
  let base: string;
  const { admin, mikko, anna } = useRannikkoTeam(t);
  const { track } = trackSockets();

  beforeAll(async () => {
    await openAllDay(t.app, admin.cookie);
    await setAvailable(t.app, mikko.cookie, 10);
    base = `${await listenLocally(t.app)}/meeting`;
  });

  const post = (url: string, headers: Record<string, string>, payload: object = {}) =>
    t.app.inject({ method: 'POST', url, headers, payload });

  /** A chat Mikko has accepted, with a line from each side and an internal note. */
  async function activeChat() {
    const chat = await startChat(t.app, { firstName: 'Aino' });
    expect(
      (await post(`/api/v1/inbox/conversations/${chat.conversationId}/accept`, { cookie: mikko.cookie }))
        .statusCode,
    ).toBe(200);
    const say = (headers: Record<string, string>, url: string, payload: object) =>
      post(url, headers, payload).then((r) => expect(r.statusCode).toBe(200));
    await say({ cookie: mikko.cookie }, `/api/v1/inbox/conversations/${chat.conversationId}/messages`, {
      clientMsgId: `staff-${key()}`,
      body: 'Hei Aino, miten voin auttaa?',
      kind: 'message',
    });
    await say({ cookie: mikko.cookie }, `/api/v1/inbox/conversations/${chat.conversationId}/messages`, {
      clientMsgId: `staff-${key()}`,
      body: 'Muistiinpano: kysyy rahoituksesta',
      kind: 'note',
    });
    return chat;
  }
  const offer = (conversationId: string, cookie: string) =>
    post(`/api/v1/inbox/conversations/${conversationId}/video-call`, { cookie });
  const answer = (
    chat: { conversationId: string; secret: string },
    callId: string,
    body: { answer: 'accept' | 'decline'; lang?: string },
  ) =>
    post(
      `/api/v1/chat/conversations/${chat.conversationId}/video-calls/${callId}`,
      { 'x-conversation-secret': chat.secret },
      body,
    );
  const tokenOf = (url: string) => {
    const path = new URL(url).pathname.split('/');
    expect(path.slice(1, 3)).toEqual(['fi', 'tapaaminen']);
    return path[3]!;
  };
  const asClient = (token: string) => joinMeetingAsClient(base, token).then(track);
  const asStaff = (id: string, cookie: string) => joinMeetingAsStaff(base, id, cookie).then(track);
  const events = async (conversationId: string) =>
    (
      await t.database.db
        .selectFrom('messages')
        .select(['event_type', 'details'])
        .where('conversation_id', '=', conversationId)
        .where('kind', '=', 'event')
        .orderBy('seq')
        .execute()
    ).map((row) => row.event_type);

  it('is offered only by the chat’s own counsellor, in an open chat', async () => {
    const chat = await activeChat();
    // Anna (same provider) and an admin see the chat but are not its counsellor.
    expect((await offer(chat.conversationId, anna.cookie)).json().error.code).toBe('video_call.not_assigned');
    expect((await offer(chat.conversationId, admin.cookie)).json().error.code).toBe(
      'video_call.not_assigned',
    );
    expect((await offer('not-a-uuid', mikko.cookie)).statusCode).toBe(404);
    // Nobody's chat yet (queued): not offered.
    const queued = await startChat(t.app);
    expect((await offer(queued.conversationId, mikko.cookie)).statusCode).toBe(403);

    const first = await offer(chat.conversationId, mikko.cookie);
    expect(first.statusCode).toBe(200);
    const call = first.json();
    expect(call).toMatchObject({ status: 'offered', joinPath: `/console/chat/video/${call.id}` });
    const hours = (Date.parse(call.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(1.99);
    expect(hours).toBeLessThanOrEqual(2);
    // Clicking again gives the same offer, not a second one.
    expect((await offer(chat.conversationId, mikko.cookie)).json().id).toBe(call.id);
    expect(await events(chat.conversationId)).toEqual(['queued', 'assigned', 'video_offered']);

    // The visitor sees the offer in the chat stream with the call's id.
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/v1/chat/conversations/${chat.conversationId}?after=0`,
      headers: { 'x-conversation-secret': chat.secret },
    });
    const offered = read.json().messages.find((m: { eventType: string }) => m.eventType === 'video_offered');
    expect(offered.videoCall).toEqual({ id: call.id, expiresAt: call.expiresAt });

    // Closed: no more offers.
    expect(
      (
        await post(
          `/api/v1/inbox/conversations/${chat.conversationId}/close`,
          { cookie: mikko.cookie },
          { topic: 'applying', outcome: 'answered' },
        )
      ).statusCode,
    ).toBe(200);
    expect((await offer(chat.conversationId, mikko.cookie)).json().error.code).toBe('conversation.closed');
  });

  it('gives the visitor a meeting link for this chat on accepting, and records a decline', async () => {
    const chat = await activeChat();
    const other = await activeChat();
    const declined = (await offer(chat.conversationId, mikko.cookie)).json();
    expect((await answer(chat, declined.id, { answer: 'decline' })).json()).toMatchObject({
      status: 'declined',
      url: null,
    });
    expect((await answer(chat, declined.id, { answer: 'accept' })).json().error.code).toBe(
      'video_call.declined',
    );
    expect(await events(chat.conversationId)).toEqual([
      'queued',
      'assigned',
      'video_offered',
      'video_declined',
    ]);

    // A new offer after the decline; the other chat's secret cannot answer it.
    const call = (await offer(chat.conversationId, mikko.cookie)).json();
    expect(call.id).not.toBe(declined.id);
    expect((await answer(other, call.id, { answer: 'accept' })).statusCode).toBe(404);
    expect(
      (
        await post(
          `/api/v1/chat/conversations/${chat.conversationId}/video-calls/${call.id}`,
          { 'x-conversation-secret': other.secret },
          { answer: 'accept' },
        )
      ).statusCode,
    ).toBe(404);
    const accepted = await answer(chat, call.id, { answer: 'accept', lang: 'fi' });
    expect(accepted.statusCode).toBe(200);
    const token = tokenOf(accepted.json().url);
    // Accepting again (a closed tab) gives the same link and no second event.
    expect(tokenOf((await answer(chat, call.id, { answer: 'accept' })).json().url)).toBe(token);
    expect((await events(chat.conversationId)).slice(-2)).toEqual(['video_offered', 'video_accepted']);

    // Both get into the same room; the chat panel starts with the chat's lines, no notes.
    const staff = await asStaff(call.id, mikko.cookie);
    const waiting = nextEvent<{ peer: { status: string } }>(staff, 'state');
    const client = await asClient(token);
    expect((await waiting).peer.status).toBe('waiting');
    const hello = (await client.timeout(5000).emitWithAck('hello')) as Ack & {
      history: { author: string; body: string }[];
    };
    expect(hello.history.map((line) => [line.author, line.body])).toEqual([
      ['staff', 'Hei Aino, miten voin auttaa?'],
    ]);
    expect((await staff.timeout(5000).emitWithAck('admit')) as Ack).toMatchObject({ ok: true });
    // The chat's own views hear the meeting's lines too.
    const chatSocket = await connect(base.replace(/\/meeting$/, '/client'), {
      auth: { conversationId: chat.conversationId, secret: chat.secret },
    });
    track(chatSocket);
    const inChat = nextEvent<{ body: string; author: string }>(chatSocket, 'message');
    const line = (await client
      .timeout(5000)
      .emitWithAck('chat', { clientMsgId: `c-${key()}`, body: 'Näkyykö kuva?' })) as Ack;
    expect(line.ok).toBe(true);
    expect(await inChat).toMatchObject({ body: 'Näkyykö kuva?', author: 'client' });
    const stored = await t.database.db
      .selectFrom('messages')
      .select('conversation_id')
      .where('body', '=', 'Näkyykö kuva?')
      .execute();
    expect(stored).toEqual([{ conversation_id: chat.conversationId }]);

    // Anna cannot take the counsellor's seat; a call not yet accepted has no working link.
    await expect(asStaff(call.id, anna.cookie)).rejects.toMatchObject({
      data: { code: 'meeting.not_found' },
    });
    const pending = (await offer(other.conversationId, mikko.cookie)).json();
    // Its link (derived the same way) is refused until the visitor accepts.
    const pendingToken = await videoCallToken(t.database.db, pending.id);
    await expect(asClient(pendingToken)).rejects.toMatchObject({ data: { code: 'meeting.not_found' } });
    expect(tokenOf((await answer(other, pending.id, { answer: 'accept' })).json().url)).toBe(pendingToken);
    (await asClient(pendingToken)).close();
    await expect(asClient('x'.repeat(43))).rejects.toMatchObject({ data: { code: 'meeting.not_found' } });
  });

  it('stops working when the link expires or the chat closes', async () => {
    const chat = await activeChat();
    const call = (await offer(chat.conversationId, mikko.cookie)).json();
    const token = tokenOf((await answer(chat, call.id, { answer: 'accept' })).json().url);
    (await asClient(token)).close();

    await t.database.db
      .updateTable('video_calls')
      .set({ expires_at: new Date(Date.now() - 1000), offered_at: new Date(Date.now() - 7_201_000) })
      .where('id', '=', call.id)
      .execute();
    await expect(asClient(token)).rejects.toMatchObject({ data: { code: 'meeting.expired' } });
    await expect(asStaff(call.id, mikko.cookie)).rejects.toMatchObject({ data: { code: 'meeting.expired' } });
    expect((await answer(chat, call.id, { answer: 'accept' })).json().error.code).toBe('video_call.expired');

    // A fresh offer works until the chat is closed.
    const next = (await offer(chat.conversationId, mikko.cookie)).json();
    expect(next.id).not.toBe(call.id);
    const nextToken = tokenOf((await answer(chat, next.id, { answer: 'accept' })).json().url);
    const inCall = await asStaff(next.id, mikko.cookie);
    await post(`/api/v1/chat/conversations/${chat.conversationId}/close`, {
      'x-conversation-secret': chat.secret,
    });
    await expect(asClient(nextToken)).rejects.toMatchObject({ data: { code: 'meeting.chat_closed' } });
    // Someone still in the room writes no more lines into the closed chat.
    const late = (await inCall
      .timeout(5000)
      .emitWithAck('chat', { clientMsgId: `s-${key()}`, body: 'Vielä yksi asia' })) as Ack;
    expect(late.error?.code).toBe('conversation.closed');
    expect((await answer(chat, next.id, { answer: 'accept' })).json().error.code).toBe('conversation.closed');
  });

  it('ends a running call for both sides when its chat is closed', async () => {
    const chat = await activeChat();
    const call = (await offer(chat.conversationId, mikko.cookie)).json();
    const token = tokenOf((await answer(chat, call.id, { answer: 'accept' })).json().url);
    const staff = await asStaff(call.id, mikko.cookie);
    const client = await asClient(token);
    expect(((await staff.timeout(5000).emitWithAck('admit', {})) as Ack).ok).toBe(true);
    const staffEnded = nextEvent<{ code: string }>(staff, 'ended', 15_000);
    const clientEnded = nextEvent<{ code: string }>(client, 'ended', 15_000);
    const clientGone = nextEvent<string>(client, 'disconnect', 15_000);
    // The counsellor closes the chat in the inbox; the call is let go within the check interval.
    const closed = await post(
      `/api/v1/inbox/conversations/${chat.conversationId}/close`,
      { cookie: mikko.cookie },
      {
        topic: 'applying',
        outcome: 'answered',
      },
    );
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await staffEnded).toEqual({ code: 'meeting.chat_closed' });
    expect(await clientEnded).toEqual({ code: 'meeting.chat_closed' });
    expect(await clientGone).toBe('io server disconnect');
    // Nobody gets back in.
    await expect(asClient(token)).rejects.toMatchObject({ data: { code: 'meeting.chat_closed' } });
  }, 30_000);

  it('tells the counsellor the chat ended when the session check finds the closed chat first', async () => {
    const chat = await activeChat();
    const call = (await offer(chat.conversationId, mikko.cookie)).json();
    await answer(chat, call.id, { answer: 'accept' });
    const staff = await asStaff(call.id, mikko.cookie);
    const staffEnded = nextEvent<{ code: string }>(staff, 'ended', 15_000);
    const closed = await post(
      `/api/v1/inbox/conversations/${chat.conversationId}/close`,
      { cookie: mikko.cookie },
      { topic: 'applying', outcome: 'answered' },
    );
    expect(closed.statusCode, closed.body).toBe(200);
    // The periodic session check runs before the chat check has seen the closed chat.
    expect(await t.app.meetingHub.checkStaffSockets()).toBe(1);
    expect(await staffEnded).toEqual({ code: 'meeting.chat_closed' });
  }, 30_000);
});
