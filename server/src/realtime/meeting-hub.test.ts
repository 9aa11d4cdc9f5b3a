import { beforeAll, describe, expect, it } from 'vitest';
import { hoursEveryDay } from '../test/booking-helpers.js';
import { buildStaff } from '../test/factories.js';
import {
  connect,
  emitAck,
  joinMeetingAsClient,
  joinMeetingAsStaff,
  nextEvent,
  socketKey as key,
  trackSockets,
  type SocketAck,
} from '../test/socket-helpers.js';
import { listenLocally, loginAs, useTestApp, patchStaff, useRannikkoTeam } from '../test/test-app.js';
import { iceServersFor } from '../features/meetings/ice-servers.js';
import { sha256 } from '../shared/secrets.js';

interface State {
  role: string;
  admitted: boolean;
  peer: { status: string; instance: string | null };
}

/** All day, every day, for video, in 15-minute slots: the next slot always starts within 15 minutes. */
const allDay = hoursEveryDay(
  ['video'],
  { start: '00:00', end: '24:00' },
  { slotMinutes: 15, bufferMinutes: 0, minNoticeMinutes: 0, horizonDays: 2 },
);

describe('meeting sockets', () => {
  const t = useTestApp({
    BOOKING_LIMIT_PER_HOUR: '1000',
    BOOKING_LIMIT_PER_PERSON_PER_DAY: '1000',
    ICE_SERVERS: '[{"urls":"stun:stun.example.test:3478"}]',
    TURN_SECRET: 'coturn-static-auth-secret',
    TURN_URLS: 'turn:turn.example.test:3478?transport=udp',
  });
  let base: string;
  const { admin, mikko, anna } = useRannikkoTeam(t);
  const { track } = trackSockets();

  beforeAll(async () => {
    const hours = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/availability/me',
      headers: { cookie: mikko.cookie },
      payload: allDay,
    });
    expect(hours.statusCode).toBe(200);
    base = `${await listenLocally(t.app)}/meeting`;
  });

  let slotIndex = 0;
  /** A video booking with Mikko in the next free slot (a later one for each call). */
  async function bookMeeting() {
    const slots = await t.app.inject({
      method: 'GET',
      url: '/api/v1/booking/slots?channel=video&language=fi',
    });
    const start = slots.json().slots[slotIndex++].start as string;
    const booked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/booking/appointments',
      payload: { channel: 'video', start, name: 'Ville', email: 'ville@example.net', consent: true },
    });
    expect(booked.statusCode).toBe(201);
    const body = booked.json();
    // Later slots are moved into the open window (a short one each, apart from the others):
    // the test controls the clock through the row.
    const startsAt = new Date(Date.now() + 5 * 60_000 + slotIndex * 10_000);
    const endsAt = new Date(startsAt.getTime() + 5_000);
    await t.database.db
      .updateTable('appointments')
      .set({ starts_at: startsAt, ends_at: endsAt, busy_until: endsAt })
      .where('id', '=', body.appointmentId)
      .execute();
    return body as { appointmentId: string; conversationId: string; meetingToken: string };
  }

  const asClient = (token: string, seat?: string, extra?: Record<string, unknown>) =>
    joinMeetingAsClient(base, token, seat, extra).then(track);
  const asStaff = (appointmentId: string, cookie: string, extraHeaders?: Record<string, string>) =>
    joinMeetingAsStaff(base, appointmentId, cookie, extraHeaders).then(track);

  /** Counsellor in, client in, client admitted: both sides see each other. */
  async function admittedPair() {
    const meeting = await bookMeeting();
    const staff = await asStaff(meeting.appointmentId, mikko.cookie);
    const waiting = nextEvent<State>(staff, 'state');
    const client = await asClient(meeting.meetingToken);
    expect((await waiting).peer.status).toBe('waiting');
    const admittedState = nextEvent<State>(client, 'state');
    expect((await emitAck(staff, 'admit')).ok).toBe(true);
    expect(await admittedState).toMatchObject({ admitted: true, peer: { status: 'present' } });
    return { meeting, staff, client };
  }

  it('lets the client in with the link token and the counsellor or an admin with a session', async () => {
    const meeting = await bookMeeting();
    await expect(asClient('x'.repeat(43))).rejects.toMatchObject({ data: { code: 'meeting.not_found' } });
    await expect(connect(base, { auth: { token: meeting.meetingToken } })).rejects.toMatchObject({
      data: { code: 'request.invalid' },
    });
    await expect(
      connect(base, { auth: { appointmentId: meeting.appointmentId, seat: key(), instance: key() } }),
    ).rejects.toMatchObject({
      data: { code: 'auth.unauthenticated' },
    });
    // Another counsellor's appointment looks like a missing one.
    await expect(asStaff(meeting.appointmentId, anna.cookie)).rejects.toMatchObject({
      data: { code: 'meeting.not_found' },
    });
    await expect(
      asStaff(meeting.appointmentId, mikko.cookie, { origin: 'https://elsewhere.example' }),
    ).rejects.toMatchObject({ data: { code: 'meeting.origin_not_allowed' } });

    const staff = await asStaff(meeting.appointmentId, admin.cookie);
    const hello = await emitAck(staff, 'hello');
    expect(hello).toMatchObject({ ok: true, state: { role: 'staff', peer: { status: 'absent' } } });
    const client = await asClient(meeting.meetingToken);
    const clientHello = (await emitAck(client, 'hello')) as SocketAck & {
      iceServers: { urls: unknown; username?: string }[];
    };
    expect(clientHello.state).toMatchObject({ role: 'client', admitted: false });
    expect(clientHello.iceServers[0]).toEqual({ urls: 'stun:stun.example.test:3478' });
    expect(clientHello.iceServers[1]?.username).toMatch(new RegExp(`^\\d+:${meeting.appointmentId}$`));
    // The client cannot let themselves in.
    expect((await emitAck(client, 'admit')).error?.code).toBe('auth.forbidden');
    expect((await emitAck(client, 'signal', { candidate: { candidate: '' } })).error?.code).toBe(
      'meeting.peer_absent',
    );
  });

  it('refuses the meeting outside its window', async () => {
    const meeting = await bookMeeting();
    const move = (startsIn: number, endsIn: number) =>
      t.database.db
        .updateTable('appointments')
        .set({
          starts_at: new Date(Date.now() + startsIn),
          ends_at: new Date(Date.now() + endsIn),
          busy_until: new Date(Date.now() + endsIn),
        })
        .where('id', '=', meeting.appointmentId)
        .execute();
    await move(16 * 60_000, 60 * 60_000);
    await expect(asClient(meeting.meetingToken)).rejects.toMatchObject({
      data: { code: 'meeting.not_open' },
    });
    await expect(asStaff(meeting.appointmentId, mikko.cookie)).rejects.toMatchObject({
      data: { code: 'meeting.not_open' },
    });
    await move(-90 * 60_000, -31 * 60_000);
    await expect(asClient(meeting.meetingToken)).rejects.toMatchObject({
      data: { code: 'meeting.not_open' },
    });
    await move(-90 * 60_000, -29 * 60_000);
    await asClient(meeting.meetingToken);
  });

  it('relays signals only between the two members once the client is admitted', async () => {
    const { staff, client } = await admittedPair();
    const other = await admittedPair();
    let foreign = 0;
    other.client.on('signal', () => foreign++);
    other.staff.on('signal', () => foreign++);

    const atClient = nextEvent(client, 'signal');
    const offer = { description: { type: 'offer', sdp: 'v=0\r\n' } };
    expect((await emitAck(staff, 'signal', offer)).ok).toBe(true);
    expect(await atClient).toEqual(offer);
    const atStaff = nextEvent(staff, 'signal');
    const candidate = {
      candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
    };
    expect((await emitAck(client, 'signal', candidate)).ok).toBe(true);
    expect(await atStaff).toEqual(candidate);
    // Another room's members heard nothing; a room id in the payload is not even accepted.
    expect(
      (await emitAck(client, 'signal', { ...candidate, room: other.meeting.appointmentId })).error?.code,
    ).toBe('request.invalid');
    expect(foreign).toBe(0);
  });

  it('refuses malformed and oversized signals without ending the socket', async () => {
    const { staff } = await admittedPair();
    for (const bad of [
      undefined,
      'offer',
      {},
      { description: { type: 'offer' } },
      { description: { type: 'bogus', sdp: 'v=0' } },
      { candidate: { candidate: 42 } },
      { description: { type: 'offer', sdp: 'x'.repeat(33 * 1024) } },
    ]) {
      expect((await emitAck(staff, 'signal', bad)).error?.code).toBe('request.invalid');
    }
    expect(staff.connected).toBe(true);
    // Beyond the transport's limit the socket is dropped; the server keeps serving.
    const closed = nextEvent(staff, 'disconnect');
    staff.emit('signal', { description: { type: 'offer', sdp: 'x'.repeat(100 * 1024) } });
    await closed;
    expect((await admittedPair()).staff.connected).toBe(true);
  });

  it('stops a flood of signals with the rate bucket', async () => {
    const { staff } = await admittedPair();
    const acks = await Promise.all(
      Array.from({ length: 200 }, () => emitAck(staff, 'signal', { candidate: { candidate: '' } })),
    );
    const refused = acks.filter((a) => a.error?.code === 'request.rate_limited').length;
    expect(refused).toBeGreaterThan(50);
    expect(acks.filter((a) => a.ok).length).toBeGreaterThan(50);
  });

  it('refuses a second person with the same link while the first is in, but lets the same tab back', async () => {
    const meeting = await bookMeeting();
    const seat = key();
    const first = await asClient(meeting.meetingToken, seat);
    await expect(asClient(meeting.meetingToken)).rejects.toMatchObject({ data: { code: 'meeting.in_use' } });
    const replaced = nextEvent(first, 'disconnect');
    const again = await asClient(meeting.meetingToken, seat);
    await replaced;
    expect(again.connected).toBe(true);
    again.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Once the first has left, the link works again.
    await asClient(meeting.meetingToken);
  });

  it('stores the chat panel in the conversation and relays it', async () => {
    const { meeting, staff, client } = await admittedPair();
    const atStaff = nextEvent<{ body: string; author: string }>(staff, 'chat');
    const ack = await emitAck(client, 'chat', { clientMsgId: 'meet-00000001', body: 'Kuuluuko ääni?' });
    expect(ack).toMatchObject({ ok: true, line: { body: 'Kuuluuko ääni?' } });
    expect(await atStaff).toMatchObject({ body: 'Kuuluuko ääni?', author: 'client' });
    const again = await emitAck(client, 'chat', { clientMsgId: 'meet-00000001', body: 'Kuuluuko ääni?' });
    expect(again.line?.seq).toBe(ack.line?.seq);
    expect((await emitAck(client, 'chat', { clientMsgId: 'meet-00000002', body: '' })).error?.code).toBe(
      'request.invalid',
    );
    const stored = await t.database.db
      .selectFrom('messages')
      .select(['body', 'author_type'])
      .where('conversation_id', '=', meeting.conversationId)
      .where('body', '=', 'Kuuluuko ääni?')
      .execute();
    expect(stored).toEqual([{ body: 'Kuuluuko ääni?', author_type: 'client' }]);
  });

  it('closes a counsellor’s meeting socket at once when the account is deactivated', async () => {
    const leaving = await buildStaff(t.database.db, { role: 'admin', email: 'leaving@example.test' });
    const cookie = await loginAs(t.app, 'leaving@example.test');
    const meeting = await bookMeeting();
    const staff = await asStaff(meeting.appointmentId, cookie);
    const client = await asClient(meeting.meetingToken);
    const gone = nextEvent<string>(staff, 'disconnect');
    const deactivated = await patchStaff(t.app, admin.cookie, leaving.id, { isActive: false });
    expect(deactivated.statusCode).toBe(200);
    expect(await gone).toBe('io server disconnect');
    // Nobody is left to admit the waiting client, and the old session cannot come back.
    expect(await emitAck(client, 'chat', { clientMsgId: 'meeting-client-01', body: 'Hei?' })).toMatchObject({
      ok: false,
      error: { code: 'meeting.not_admitted' },
    });
    await expect(asStaff(meeting.appointmentId, cookie)).rejects.toMatchObject({
      data: { code: 'auth.unauthenticated' },
    });
  });

  it('closes the meeting socket of a session that signed out, and finds ended sessions on its periodic check', async () => {
    const meeting = await bookMeeting();
    const second = await loginAs(t.app, 'mikko@example.test');
    const staff = await asStaff(meeting.appointmentId, second);
    const gone = nextEvent<string>(staff, 'disconnect');
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: second },
    });
    expect(out.statusCode).toBeLessThan(300);
    expect(await gone).toBe('io server disconnect');

    // A session ended without an event (expired, or revoked while this node was away).
    const third = await loginAs(t.app, 'mikko@example.test');
    const later = await asStaff(meeting.appointmentId, third);
    const ended = nextEvent<string>(later, 'disconnect');
    await t.database.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', sha256(third.split('=')[1]!))
      .execute();
    expect(await t.app.meetingHub.checkStaffSockets()).toBe(1);
    expect(await ended).toBe('io server disconnect');
  });

  it('makes coturn REST API credentials', async () => {
    const [turn] = iceServersFor(
      { servers: [], turnSecret: 'secret', turnUrls: ['turn:t.example:3478'], turnTtlSeconds: 3600 },
      'id',
      1_700_000_000_000,
    );
    expect(turn).toEqual({
      urls: ['turn:t.example:3478'],
      username: '1700003600:id',
      // echo -n 1700003600:id | openssl dgst -sha1 -hmac secret -binary | base64
      credential: 'V2ml5j1XgZJ5oU3yjhaUoAy3SyY=',
    });
  });
});
