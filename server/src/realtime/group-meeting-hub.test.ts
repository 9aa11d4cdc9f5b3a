import { beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { connect, emitAck, nextEvent, socketKey as key, trackSockets } from '../test/socket-helpers.js';
import { expectError, invalidFields } from '../test/http-helpers.js';
import { listenLocally, useOrganisation, useSignedIn, useTestApp } from '../test/test-app.js';

interface State {
  me: { id: string; role: string; admitted: boolean };
  members: { id: string; role: string; name: string | null; number: number; admitted: boolean }[];
}

describe('group meeting room sockets', () => {
  const t = useTestApp({ PUBLIC_URL: 'https://opintori.test' });
  const mine = useOrganisation(t, { slug: 'rannikko', name_fi: 'Rannikon opisto' });
  const theirs = useOrganisation(t, { slug: 'jokivarsi', name_fi: 'Jokivarren opisto' });
  const mikko = useSignedIn(t, () => ({ name: 'Mikko Haapala (demo)', organisation_id: mine.id }));
  const leila = useSignedIn(t, () => ({ name: 'Leila Haddad', organisation_id: theirs.id }));
  const admin = useSignedIn(t, { role: 'admin', name: 'Aino Ylläpitäjä' });
  const { track } = trackSockets();
  let base: string;
  beforeAll(async () => {
    base = `${await listenLocally(t.app)}/group-meeting`;
  });

  const inject = (method: 'GET' | 'POST', url: string, payload?: object, cookie?: string) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
  const session = (overrides: Record<string, unknown> = {}) => ({
    title: 'Verkkoinfo pienryhmälle',
    format: 'online',
    startsAt: new Date(Date.now() + 5 * 60_000).toISOString(),
    endsAt: new Date(Date.now() + 65 * 60_000).toISOString(),
    languages: ['fi'],
    staffIds: [mikko.id],
    capacity: 7,
    meetingRoom: true,
    ...overrides,
  });
  let address = 0;
  /** Registers an address and gives the token of its own link, read from the mail. */
  async function registered(eventId: string, email: string): Promise<string> {
    const answer = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${eventId}/registrations`,
      remoteAddress: `10.1.0.${++address}`,
      payload: { email, language: 'fi', lang: 'fi', consent: true },
    });
    expect(answer.statusCode, answer.body).toBe(201);
    const mail = await t.database.db
      .selectFrom('outgoing_mail')
      .select('text_body')
      .where('to_address', '=', email)
      .executeTakeFirstOrThrow();
    const match = /ilmoittautuminen\/([A-Za-z0-9_-]{43})(\/liity)?/.exec(mail.text_body);
    expect(match, mail.text_body).not.toBeNull();
    return match![1]!;
  }
  const asRegistrant = (token: string, extra: Record<string, unknown> = {}) =>
    connect(base, { auth: { token, seat: key(), instance: key(), ...extra } }).then(track);
  const asStaff = (eventId: string, cookie: string, extra: Record<string, unknown> = {}) =>
    connect(base, {
      auth: { eventId, seat: key(), instance: key(), ...extra },
      extraHeaders: { cookie },
    }).then(track);
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'connected',
      (error: { data?: { code: string; details?: unknown } }) => error.data?.code,
    );

  it('refuses a meeting room for more than 7 registrants, with a link, or face to face', async () => {
    const big = await inject('POST', '/api/v1/events/manage', session({ capacity: 8 }), mikko.cookie);
    expect(invalidFields(expectError(big, 400, 'event.room_too_small'))).toEqual(['capacity']);
    const open = await inject('POST', '/api/v1/events/manage', session({ capacity: null }), mikko.cookie);
    expectError(open, 400, 'event.room_too_small');
    const both = await inject(
      'POST',
      '/api/v1/events/manage',
      session({ joinUrl: 'https://teams.example/x' }),
      mikko.cookie,
    );
    expect(invalidFields(expectError(both, 400, 'event.join_choice'))).toEqual(['joinUrl']);
    const inPerson = await inject(
      'POST',
      '/api/v1/events/manage',
      session({ format: 'in_person', place: 'Kirjasto', municipality: '564' }),
      mikko.cookie,
    );
    expectError(inPerson, 400, 'event.join_url_not_online');
  });

  it('lets the session’s counsellor admit registrants with a place, relays signals between admitted members, and holds 8 at most', async () => {
    const created = await inject('POST', '/api/v1/events/manage', session(), mikko.cookie);
    expect(created.statusCode, created.body).toBe(201);
    const { id, meetingRoom } = created.json();
    expect(meetingRoom).toBe(true);
    const tokens: string[] = [];
    for (let i = 0; i < 7; i++) tokens.push(await registered(id, `osallistuja-${i}@example.net`));
    const waitingToken = await registered(id, 'jonossa@example.net');
    // The confirmation's join link is the room, under the own link.
    const mail = await t.database.db
      .selectFrom('outgoing_mail')
      .select('text_body')
      .where('to_address', '=', 'osallistuja-0@example.net')
      .executeTakeFirstOrThrow();
    expect(mail.text_body).toContain(
      `https://opintori.test/fi/tapahtumat/ilmoittautuminen/${tokens[0]}/liity`,
    );
    const own = (await inject('GET', `/api/v1/events/registrations/${tokens[0]}`)).json();
    expect(own.joinUrl).toBe(`/fi/tapahtumat/ilmoittautuminen/${tokens[0]}/liity`);

    // Who is refused.
    expect(await refusal(asRegistrant('x'.repeat(43)))).toBe('meeting.not_found');
    expect(await refusal(asRegistrant(waitingToken))).toBe('meeting.not_found');
    expect(await refusal(asStaff(id, leila.cookie))).toBe('meeting.not_found');
    expect(await refusal(asStaff(id, ''))).toBe('auth.unauthenticated');
    const later = await inject(
      'POST',
      '/api/v1/events/manage',
      session({
        startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 2 * 86_400_000 + 3_600_000).toISOString(),
      }),
      mikko.cookie,
    );
    const notOpen = await asStaff(later.json().id, mikko.cookie).catch(
      (e: { data: { code: string } }) => e.data,
    );
    expect(notOpen).toMatchObject({ code: 'meeting.not_open', details: { opensAt: expect.any(String) } });

    // The counsellor is in at once; Aino waits and sees nobody.
    const staff = await asStaff(id, mikko.cookie);
    const staffHello = await emitAck<{ ok: boolean; state: State; meeting: { title: string } }>(
      staff,
      'hello',
    );
    expect(staffHello).toMatchObject({
      ok: true,
      state: { me: { role: 'staff', admitted: true }, members: [] },
    });
    expect(staffHello.meeting.title).toBe('Verkkoinfo pienryhmälle');
    const ainoSeat = key();
    const staffSeesAino = nextEvent<State>(staff, 'state');
    const aino = await asRegistrant(tokens[0]!, { name: 'Aino', seat: ainoSeat });
    const ainoHello = await emitAck<{ ok: boolean; state: State }>(aino, 'hello');
    expect(ainoHello.state).toMatchObject({ me: { role: 'participant', admitted: false }, members: [] });
    const ainoId = ainoHello.state.me.id;
    expect((await staffSeesAino).members).toEqual([
      { id: ainoId, role: 'participant', name: 'Aino', number: 1, admitted: false },
    ]);
    expect(
      await emitAck(aino, 'signal', { to: staffHello.state.me.id, candidate: { candidate: 'x' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'meeting.not_admitted' },
    });
    expect(await emitAck(aino, 'admitAll')).toMatchObject({ ok: false, error: { code: 'auth.forbidden' } });

    // Admitted: Aino sees the counsellor (by first name), and signals flow both ways.
    const ainoAdmitted = nextEvent<State>(aino, 'state');
    expect(await emitAck(staff, 'admit', { id: ainoId })).toMatchObject({ ok: true });
    expect(await ainoAdmitted).toEqual({
      me: { id: ainoId, role: 'participant', admitted: true },
      members: [{ id: staffHello.state.me.id, role: 'staff', name: 'Mikko', number: 0, admitted: true }],
    });
    const offer = nextEvent<{ from: string; description: { type: string } }>(aino, 'signal');
    expect(
      await emitAck(staff, 'signal', { to: ainoId, description: { type: 'offer', sdp: 'v=0' } }),
    ).toMatchObject({ ok: true });
    expect(await offer).toEqual({ from: staffHello.state.me.id, description: { type: 'offer', sdp: 'v=0' } });

    // Bertta comes in: Aino does not see her until she is admitted.
    const bertta = await asRegistrant(tokens[1]!);
    const berttaId = (await emitAck<{ state: State }>(bertta, 'hello')).state.me.id;
    const ainoSees = await emitAck<{ state: State }>(aino, 'hello');
    expect(ainoSees.state.members.map((m) => m.id)).toEqual([staffHello.state.me.id]);
    expect(await emitAck(aino, 'signal', { to: berttaId, candidate: { candidate: 'x' } })).toMatchObject({
      error: { code: 'meeting.peer_absent' },
    });
    expect(await emitAck(staff, 'admitAll')).toMatchObject({ ok: true });
    const withBertta = await emitAck<{ state: State }>(aino, 'hello');
    // Bertta gave no name: the pages call her by her number, the second registrant to come.
    expect(withBertta.state.members.map((m) => [m.name, m.number, m.admitted])).toEqual([
      ['Mikko', 0, true],
      [null, 2, true],
    ]);

    // The same link in another tab is refused; the same tab after a reload takes its place, still admitted.
    expect(await refusal(asRegistrant(tokens[0]!))).toBe('meeting.in_use');
    const ainoAgain = await asRegistrant(tokens[0]!, { name: 'Aino', seat: ainoSeat });
    expect((await emitAck<{ state: State }>(ainoAgain, 'hello')).state.me.admitted).toBe(true);
    expect(aino.connected).toBe(false);

    // Eight at most: the counsellor and seven registrants; an admin coming too is one too many.
    const others: Socket[] = [];
    for (const token of tokens.slice(2)) others.push(await asRegistrant(token));
    expect(others).toHaveLength(5);
    expect(await refusal(asStaff(id, admin.cookie))).toBe('meeting.full');
    // Someone leaves: there is room again.
    const left = nextEvent<State>(staff, 'state');
    others[0]!.close();
    expect((await left).members).toHaveLength(6);
    const adminIn = await asStaff(id, admin.cookie);
    expect((await emitAck<{ state: State }>(adminIn, 'hello')).state.members).toHaveLength(7);
  });
});
