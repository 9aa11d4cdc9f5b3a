import type { Socket } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { openAllDay, setAvailable, startChat } from '../test/chat-helpers.js';
import { connect, nextEvent, trackSockets } from '../test/socket-helpers.js';
import { listenLocally, useOrganisation, useSignedIn, useTestApp } from '../test/test-app.js';
import { TODAY_SIGNAL_DELAY_MS } from './today-signal.js';

/** Every `event` the socket hears within `ms`. */
function collect(socket: Socket, event: string, ms: number): Promise<unknown[]> {
  const heard: unknown[] = [];
  const listener = (payload: unknown) => heard.push(payload);
  socket.on(event, listener);
  return new Promise((resolve) =>
    setTimeout(() => {
      socket.off(event, listener);
      resolve(heard);
    }, ms),
  );
}

describe('the console home over the staff socket', () => {
  const t = useTestApp({ CHAT_START_LIMIT_PER_HOUR: '1000' });
  const provider = useOrganisation(t, { slug: 'rannikko' });
  const admin = useSignedIn(t, { role: 'admin', email: 'admin@example.test' });
  const editor = useSignedIn(t, { role: 'editor', email: 'editor@example.test' });
  const counsellor = useSignedIn(t, () => ({ email: 'mikko@example.test', organisation_id: provider.id }));
  const sanna = useSignedIn(t, () => ({ email: 'sanna@example.test', organisation_id: provider.id }));
  let base: string;
  const { track } = trackSockets();
  const open = async (cookie: string, auth?: object) =>
    track(await connect(`${base}/staff`, { extraHeaders: { cookie }, ...(auth ? { auth } : {}) }));
  const presenceOf = (staffId: string) =>
    t.database.db
      .selectFrom('staff_presence')
      .select('last_seen_at')
      .where('staff_id', '=', staffId)
      .executeTakeFirst();

  beforeAll(async () => {
    await openAllDay(t.app, admin.cookie);
    // Someone must be available for chats to start; not the counsellor whose presence is watched.
    await setAvailable(t.app, sanna.cookie);
    base = await listenLocally(t.app);
  });

  it('tells a home that the day changed, once for a burst of changes, and nothing more', async () => {
    const home = await open(counsellor.cookie, { view: 'home' });
    const heard = collect(home, 'today', TODAY_SIGNAL_DELAY_MS * 3);
    const queueEvents = collect(home, 'queue', TODAY_SIGNAL_DELAY_MS * 3);
    await Promise.all(Array.from({ length: 5 }, () => startChat(t.app, { topic: 'applying' })));
    // Signals without content (the page reads its day again through the HTTP API), far fewer than
    // the changes: one, or two should the burst straddle the end of a delay on a slow machine.
    const signals = await heard;
    expect(signals.length).toBeGreaterThanOrEqual(1);
    expect(signals.length).toBeLessThanOrEqual(2);
    for (const payload of signals) expect(payload).toEqual({});
    expect(await queueEvents).toEqual([]);

    const next = nextEvent(home, 'today', TODAY_SIGNAL_DELAY_MS * 3);
    await startChat(t.app, { topic: 'financing' });
    expect(await next).toEqual({});
  });

  it('does not count an open home as being present for chats, as the chat console does', async () => {
    await open(counsellor.cookie, { view: 'home' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await presenceOf(counsellor.id)).toBeUndefined();

    await open(counsellor.cookie);
    await expect.poll(() => presenceOf(counsellor.id)).toBeDefined();
  });

  it('refuses an editor, who handles no contacts and has no live home', async () => {
    await expect(open(editor.cookie, { view: 'home' })).rejects.toThrow('Not allowed');
  });
});
