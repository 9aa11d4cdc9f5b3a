import http from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { openAllDay, setAvailable, startChat } from '../test/chat-helpers.js';
import { connect, nextEvent, trackSockets } from '../test/socket-helpers.js';
import { listenLocally, useSignedIn, useTestApp } from '../test/test-app.js';
import { startDraining } from './draining.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('draining a node before a restart', () => {
  const t = useTestApp();
  const admin = useSignedIn(t, { role: 'admin', email: 'admin@example.test' });
  const counsellor = useSignedIn(t, { email: 'mikko@example.test' });
  const { track } = trackSockets();
  let base: string;

  beforeAll(async () => {
    await openAllDay(t.app, admin.cookie);
    await setAvailable(t.app, counsellor.cookie, 10);
    base = await listenLocally(t.app);
  });

  it('says draining on /readyz, closes the port and the sockets (to reconnect elsewhere) and finishes the request under way', async () => {
    const chat = await startChat(t.app);
    const visitor = track(await connect(`${base}/client`, { auth: chat }));
    const disconnected = nextEvent<string>(visitor, 'disconnect');

    // A chat start whose body is still on its way when the drain begins.
    const body = JSON.stringify({ topic: 'applying', language: 'fi' });
    const { port } = new URL(base);
    const inFlight = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/chat/conversations',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
      inFlight.once('response', resolve);
      inFlight.once('error', reject);
    });
    inFlight.write(body.slice(0, 10));
    await sleep(100);

    let drained = false;
    const draining = startDraining(t.app).then(() => (drained = true));

    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'not_ready', reason: 'draining' });
    // Closed under the client, not a Socket.IO disconnect: the client reconnects by itself.
    expect(await disconnected).toBe('transport close');
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();

    await sleep(100);
    expect(drained).toBe(false);
    inFlight.end(body.slice(10));
    const response = await answered;
    response.resume();
    expect(response.statusCode).toBe(201);
    expect(response.headers.connection).toBe('close');
    await draining;
    expect(drained).toBe(true);
  });
});
