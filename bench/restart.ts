// Restarts without losing chats (npm run test:restart): two server nodes on one PostgreSQL
// database (`restart`, dropped and created at start) behind a small TCP balancer that, like a
// proxy, sends each new connection to the next node and skips a node whose port is closed.
// Visitors and counsellors chat through it with real Socket.IO clients that behave as the
// widget and the console do: Socket.IO's own reconnection, `sync { afterSeq }` / `watch` on
// every connect, one outbox message at a time by clientMsgId. Meanwhile HTTP requests go
// through the balancer without pause. Mid-chat one node gets SIGTERM. The run fails (exit 1)
// unless:
//   - the node exits 0 within SHUTDOWN_TIMEOUT_MS, and a request whose body was still on its
//     way when the signal came is answered (201) while the port already refuses connections;
//   - every client lost to the drain reconnects by itself ("transport close", never an
//     "io server disconnect", after which the widget would wait for a reload);
//   - every message written is stored exactly once, under the seq it was acknowledged with,
//     and each side's view holds every seq once, the same as the database;
//   - no HTTP request through the balancer got a 5xx or lost its connection.
// Then two more stops, each with a request held unfinished so that the drain cannot end: a
// second SIGTERM to the node that stayed exits 130 at once, and a third node with
// SHUTDOWN_TIMEOUT_MS=2000 exits 1 after its timeout, saying so in its log.
//
// Environment: RESTART_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; the test
// uses the database `restart` next to it), RESTART_CONVERSATIONS (20), RESTART_PORT (3540; the
// nodes use it and the next port, the balancer the one after, the third node the next). Logs: $TMPDIR/opintori-restart-*.log.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import {
  DEFAULT_PG,
  NodeProcess,
  acceptChat,
  ensureServerBuilt,
  freshPostgres,
  inBatches,
  killAllChildren,
  login,
  prepareDatabase,
  serverEnv,
  serverMain,
  setAvailable,
  sleep,
  startChat,
} from './chat-support.js';

const started = performance.now();
const basePg = process.env.RESTART_DATABASE_URL ?? DEFAULT_PG;
const CONVERSATIONS = Number(process.env.RESTART_CONVERSATIONS ?? 20);
const PORT = Number(process.env.RESTART_PORT ?? 3540);
const COUNSELLORS = Math.max(1, Math.ceil(CONVERSATIONS / 5));
const SHUTDOWN_TIMEOUT_MS = 15_000;
const SHORT_TIMEOUT_MS = 2_000;
const BEFORE_SIGNAL_MS = 6_000;
const AFTER_SIGNAL_MS = 10_000;
const ACK_TIMEOUT_MS = 5_000;
const WATCHDOG_MS = 170_000;

const problems: string[] = [];
const problem = (text: string) => {
  if (problems.length < 200) problems.push(`${elapsed()}: ${text}`);
};
const stats = {
  written: 0,
  acked: 0,
  ackTimeouts: 0,
  rateLimited: 0,
  connects: 0,
  disconnects: new Map<string, number>(),
  seenLive: 0,
  seenBySync: 0,
  repeatedLiveEvents: 0,
  http: 0,
  httpSlowestMs: 0,
  retriedAfterReset: 0,
};
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// The balancer: each new connection goes to the next node that takes it, as nginx does with a
// server whose port is closed (proxy_next_upstream error).

function startBalancer(ports: number[], listenPort: number): Promise<net.Server> {
  let next = 0;
  const server = net.createServer((client) => {
    const first = next++;
    // What the client sent before the node answered: nginx passes an idempotent request whose
    // connection failed before any answer to the next server (proxy_next_upstream error).
    const sent: Buffer[] = [];
    let upstream: net.Socket | undefined;
    let answered = false;
    client.on('data', (chunk: Buffer) => {
      if (!answered) sent.push(chunk);
      upstream?.write(chunk);
    });
    client.on('error', () => client.destroy());
    client.once('close', () => upstream?.destroy());
    const tryNode = (attempt: number) => {
      if (attempt >= ports.length) return client.destroy();
      const port = ports[(first + attempt) % ports.length]!;
      const socket = net.connect(port, '127.0.0.1');
      let connected = false;
      socket.once('connect', () => {
        connected = true;
        upstream = socket;
        for (const chunk of sent) socket.write(chunk);
      });
      socket.on('data', (chunk: Buffer) => {
        answered = true;
        client.write(chunk);
      });
      socket.once('end', () => client.end());
      socket.on('error', () => {
        const request = Buffer.concat(sent).toString('latin1');
        const idempotent = /^(GET|HEAD) /.test(request);
        if (!connected || (!answered && idempotent)) {
          if (connected) stats.retriedAfterReset++;
          upstream = undefined;
          tryNode(attempt + 1);
        } else client.destroy();
      });
    };
    tryNode(0);
  });
  return new Promise((resolve) => server.listen(listenPort, '127.0.0.1', () => resolve(server)));
}

// ---------------------------------------------------------------------------------------------
// Chat clients that reconnect and resync as the widget (widget/src/session.ts) and the console
// (web/src/lib/chat/chat-console.svelte.ts) do.

interface Wire {
  seq: number;
  kind: string;
  author: string;
  body: string;
  clientMsgId: string | null;
}
type Ack = { ok: true; seq: number } | { ok: false; error: { code: string } };

/** One side's copy of one conversation. */
class ChatView {
  view = new Map<number, Wire>();
  outbox: { clientMsgId: string; body: string }[] = [];
  written: string[] = [];
  acks = new Map<string, number>();
  liveArrivals = new Map<number, number>();
  pumping = false;

  constructor(
    readonly conversationId: string,
    readonly side: 'client' | 'staff',
  ) {}

  contiguous(): number {
    let seq = 0;
    while (this.view.has(seq + 1)) seq++;
    return seq;
  }

  merge(messages: Wire[], live: boolean): void {
    for (const m of messages) {
      const fromOther = m.kind === 'message' && m.author !== this.side;
      if (live && fromOther) {
        const times = (this.liveArrivals.get(m.seq) ?? 0) + 1;
        this.liveArrivals.set(m.seq, times);
        if (times > 1) stats.repeatedLiveEvents++;
      }
      if (this.view.has(m.seq)) continue;
      if (fromOther) {
        if (live) stats.seenLive++;
        else stats.seenBySync++;
      }
      const { seq, kind, author, body, clientMsgId } = m;
      this.view.set(seq, { seq, kind, author, body, clientMsgId });
    }
  }

  write(tag: string): void {
    const clientMsgId = `${tag}-${this.conversationId.slice(0, 8)}-${this.written.length + 1}`;
    this.written.push(clientMsgId);
    this.outbox.push({ clientMsgId, body: `${tag} says ${this.written.length}` });
    stats.written++;
  }
}

/** A socket through the balancer with Socket.IO's own reconnection, as in the browser. */
abstract class Party {
  readonly socket: Socket;
  synced = false;
  syncedAt = 0;
  lastError = '';

  constructor(
    readonly name: string,
    url: string,
    options: Parameters<typeof io>[1],
  ) {
    // A connection of its own, as each browser has (a shared manager would multiplex them all).
    this.socket = io(url, { transports: ['websocket'], forceNew: true, ...options });
    this.socket.on('connect_error', (error) => (this.lastError = error.message));
    this.socket.on('connect', () => {
      stats.connects++;
      void this.resync();
    });
    this.socket.on('disconnect', (reason) => {
      this.synced = false;
      stats.disconnects.set(reason, (stats.disconnects.get(reason) ?? 0) + 1);
      if (reason === 'io server disconnect')
        problem(`${this.name}: disconnected by the server; the widget and the console would not reconnect`);
    });
  }

  abstract chats(): ChatView[];
  abstract syncOne(chat: ChatView): Promise<boolean>;
  abstract emitMessage(chat: ChatView, item: { clientMsgId: string; body: string }): Promise<Ack>;

  async resync(): Promise<void> {
    const results = await Promise.all(this.chats().map((chat) => this.syncOne(chat)));
    if (!this.socket.connected) return;
    if (!results.every(Boolean)) {
      // No answer in time: come back as after any other trouble.
      this.socket.disconnect().connect();
      return;
    }
    this.synced = true;
    this.syncedAt = performance.now();
    for (const chat of this.chats()) void this.pump(chat);
  }

  async pump(chat: ChatView): Promise<void> {
    if (chat.pumping) return;
    chat.pumping = true;
    try {
      while (this.synced && this.socket.connected && chat.outbox.length) {
        const item = chat.outbox[0]!;
        let ack: Ack;
        try {
          ack = await this.emitMessage(chat, item);
        } catch {
          stats.ackTimeouts++;
          break; // re-sent on the next connect, or by the next write
        }
        if (!ack.ok && ack.error.code === 'request.rate_limited') {
          // A burst from the outbox after a reconnect: the widget and the console try again.
          stats.rateLimited++;
          await sleep(1000);
          continue;
        }
        if (!ack.ok) {
          problem(`${this.name}: ${item.clientMsgId} refused with ${ack.error.code}`);
          chat.outbox.shift();
          continue;
        }
        const earlier = chat.acks.get(item.clientMsgId);
        if (earlier !== undefined && earlier !== ack.seq)
          problem(`${item.clientMsgId} acknowledged as seq ${earlier} and later as ${ack.seq}`);
        if (earlier === undefined) stats.acked++;
        chat.acks.set(item.clientMsgId, ack.seq);
        chat.outbox.shift();
        chat.merge(
          [
            {
              seq: ack.seq,
              kind: 'message',
              author: chat.side,
              body: item.body,
              clientMsgId: item.clientMsgId,
            },
          ],
          false,
        );
      }
    } finally {
      chat.pumping = false;
    }
  }

  onLive(chat: ChatView, message: Wire): void {
    const gap = message.seq > chat.contiguous() + 1;
    chat.merge([message], true);
    if (gap && this.synced) void this.syncOne(chat);
  }
}

class Visitor extends Party {
  readonly chat: ChatView;

  constructor(base: string, conversationId: string, secret: string) {
    super(`visitor ${conversationId.slice(0, 8)}`, `${base}/client`, { auth: { conversationId, secret } });
    this.chat = new ChatView(conversationId, 'client');
    this.socket.on('message', (message: Wire) => this.onLive(this.chat, message));
  }

  chats() {
    return [this.chat];
  }

  async syncOne(chat: ChatView): Promise<boolean> {
    try {
      const answer = (await this.socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('sync', { afterSeq: chat.contiguous() })) as { ok: boolean; messages?: Wire[] };
      if (answer.ok) chat.merge(answer.messages ?? [], false);
      return answer.ok;
    } catch {
      return false;
    }
  }

  emitMessage(_chat: ChatView, item: { clientMsgId: string; body: string }) {
    return this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message', item) as Promise<Ack>;
  }
}

class Counsellor extends Party {
  readonly views = new Map<string, ChatView>();

  constructor(base: string, index: number, cookie: string, conversationIds: string[]) {
    super(`counsellor ${index}`, `${base}/staff`, { extraHeaders: { cookie } });
    for (const id of conversationIds) this.views.set(id, new ChatView(id, 'staff'));
    this.socket.on('message', (message: Wire & { conversationId: string }) => {
      const chat = this.views.get(message.conversationId);
      if (chat) this.onLive(chat, message);
    });
  }

  chats() {
    return [...this.views.values()];
  }

  async syncOne(chat: ChatView): Promise<boolean> {
    try {
      const answer = (await this.socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('watch', { conversationId: chat.conversationId, afterSeq: chat.contiguous() })) as {
        ok: boolean;
        messages?: Wire[];
      };
      if (answer.ok) chat.merge(answer.messages ?? [], false);
      return answer.ok;
    } catch {
      return false;
    }
  }

  emitMessage(chat: ChatView, item: { clientMsgId: string; body: string }) {
    return this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message', {
      conversationId: chat.conversationId,
      kind: 'message',
      ...item,
    }) as Promise<Ack>;
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP without pause through the balancer, each request on a connection of its own.

function request(
  port: number,
  method: string,
  requestPath: string,
  body?: unknown,
): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: requestPath,
        agent: false,
        headers: text
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }
          : {},
      },
      (response) => {
        response.resume();
        response.once('end', () =>
          resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }),
        );
      },
    );
    req.once('error', reject);
    req.end(text);
  });
}

function httpTraffic(port: number): { stop: () => Promise<void> } {
  let running = true;
  const loop = async (method: string, requestPath: string, body: unknown, pauseMs: number) => {
    while (running) {
      try {
        const sentAt = performance.now();
        const { status } = await request(port, method, requestPath, body);
        stats.http++;
        stats.httpSlowestMs = Math.max(stats.httpSlowestMs, performance.now() - sentAt);
        if (status >= 500) problem(`${method} ${requestPath} answered ${status}`);
      } catch (error) {
        problem(`${method} ${requestPath} failed: ${(error as Error).message}`);
      }
      await sleep(pauseMs);
    }
  };
  const loops = [
    loop('GET', '/healthz', undefined, 10),
    loop('GET', '/api/v1/chat/status', undefined, 10),
    loop('POST', '/api/v1/chat/conversations', { topic: 'applying', language: 'fi', consent: false }, 200),
  ];
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** A chat start sent straight to a node with only part of its body, finished by `finish()`. */
function slowChatStart(port: number) {
  const body = JSON.stringify({ topic: 'applying', language: 'fi', consent: false });
  const req = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/api/v1/chat/conversations',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const answer = new Promise<number>((resolve, reject) => {
    req.once('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.once('error', reject);
  });
  answer.catch(() => {});
  req.write(body.slice(0, 12));
  return { answer, finish: () => req.end(body.slice(12)), abort: () => req.destroy() };
}

async function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

// ---------------------------------------------------------------------------------------------
// Checks against the database

interface Row {
  conversation_id: string;
  seq: number;
  kind: string;
  author_type: string;
  body: string;
  client_msg_id: string | null;
}

async function check(url: string, visitors: Visitor[], counsellors: Counsellor[]): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const ids = visitors.map((v) => v.chat.conversationId);
    const { rows } = await client.query<Row>(
      `select conversation_id, seq::int, kind, author_type, body, client_msg_id from messages
       where conversation_id = any($1) order by conversation_id, seq`,
      [ids],
    );
    const staffViews = new Map(counsellors.flatMap((c) => [...c.views]));
    for (const visitor of visitors) {
      const id = visitor.chat.conversationId;
      const stored = rows.filter((r) => r.conversation_id === id);
      stored.forEach((row, i) => {
        if (row.seq !== i + 1) problem(`${id}: seq ${row.seq} at position ${i + 1}`);
      });
      const staff = staffViews.get(id)!;
      for (const [mine, other] of [
        [visitor.chat, staff],
        [staff, visitor.chat],
      ] as const) {
        if (mine.outbox.length) problem(`${id}: ${mine.side} outbox still holds ${mine.outbox.length}`);
        for (const clientMsgId of mine.written) {
          const copies = stored.filter((r) => r.client_msg_id === clientMsgId);
          if (copies.length !== 1) {
            problem(`${id}: ${clientMsgId} is stored ${copies.length} times`);
            continue;
          }
          const row = copies[0]!;
          if (mine.acks.get(clientMsgId) !== row.seq)
            problem(
              `${id}: ${clientMsgId} acknowledged as ${mine.acks.get(clientMsgId)}, stored as ${row.seq}`,
            );
          const seen = other.view.get(row.seq);
          if (!seen || seen.body !== row.body || seen.author !== mine.side)
            problem(`${id}: the ${other.side} side never got ${clientMsgId} (seq ${row.seq})`);
        }
        // The view is the database, seq by seq, each seq once (a map keyed by seq).
        if (mine.view.size !== stored.length || stored.some((r) => mine.view.get(r.seq)?.body !== r.body))
          problem(
            `${id}: the ${mine.side} view (${mine.view.size} seqs) differs from the database (${stored.length})`,
          );
      }
    }
    return rows.length;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Main

const watchdog = setTimeout(() => {
  console.error(`restart: no result within ${WATCHDOG_MS / 1000} s; stopping`);
  killAllChildren();
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

const logFile = (name: string) => path.join(os.tmpdir(), `opintori-restart-${name}.log`);

function node(index: number, url: string, timeoutMs: number, log = `node-${index + 1}`) {
  return new NodeProcess(
    `node ${index + 1}`,
    PORT + index,
    [serverMain],
    serverEnv({ DATABASE_URL: url, SHUTDOWN_TIMEOUT_MS: String(timeoutMs) }),
    logFile(log),
  );
}

async function main(): Promise<boolean> {
  ensureServerBuilt();
  const url = await freshPostgres(basePg, 'restart');
  for (const name of ['node-1', 'node-2', 'timeout']) fs.rmSync(logFile(name), { force: true });
  console.log(
    `restart: 2 nodes on ${new URL(url).host}/restart behind a balancer, ${CONVERSATIONS} conversations, ` +
      `${COUNSELLORS} counsellors`,
  );
  const staffAccounts = await prepareDatabase({ databaseUrl: url, counsellors: COUNSELLORS });
  const nodes = [node(0, url, SHUTDOWN_TIMEOUT_MS), node(1, url, SHUTDOWN_TIMEOUT_MS)];
  await Promise.all(nodes.map((n) => n.start()));
  const balancer = await startBalancer(
    nodes.map((n) => n.port),
    PORT + 2,
  );
  const base = `http://127.0.0.1:${PORT + 2}`;

  const cookies = await inBatches(staffAccounts.counsellorEmails, 4, async (email) => {
    const cookie = await login(base, email);
    await setAvailable(base, cookie, 10);
    return cookie;
  });
  const chats = await inBatches(Array.from({ length: CONVERSATIONS }), 8, () => startChat(base));
  const assigned = cookies.map(() => [] as string[]);
  await inBatches(chats, 8, async ({ conversationId }, i) => {
    await acceptChat(base, cookies[i % cookies.length]!, conversationId);
    assigned[i % cookies.length]!.push(conversationId);
  });
  const visitors = chats.map((c) => new Visitor(base, c.conversationId, c.secret));
  const counsellors = cookies.map((cookie, i) => new Counsellor(base, i + 1, cookie, assigned[i]!));
  const parties: Party[] = [...visitors, ...counsellors];
  const deadline = performance.now() + 20_000;
  while (!parties.every((p) => p.synced) && performance.now() < deadline) await sleep(100);
  const behind = parties.filter((p) => !p.synced);
  if (behind.length)
    throw new Error(
      `${behind.length} client(s) not connected and synced: ` +
        behind
          .slice(0, 5)
          .map((p) => `${p.name} (${p.socket.connected ? 'connected' : p.lastError || 'not connected'})`)
          .join(', '),
    );
  console.log(`${elapsed()}: ${parties.length} clients connected and synced; chatting`);

  // Chatting without pause: each visitor every 250–500 ms, each counsellor in each chat every 1–2 s.
  let chatting = true;
  const writers = [
    ...visitors.map((v) => ({ party: v as Party, chat: v.chat, tag: 'v', min: 250, max: 500 })),
    ...counsellors.flatMap((c, i) =>
      c.chats().map((chat) => ({ party: c as Party, chat, tag: `s${i + 1}`, min: 1000, max: 2000 })),
    ),
  ].map(async ({ party, chat, tag, min, max }) => {
    while (chatting) {
      await sleep(min + Math.random() * (max - min));
      chat.write(tag);
      void party.pump(chat);
    }
  });
  const traffic = httpTraffic(PORT + 2);

  await sleep(BEFORE_SIGNAL_MS);
  const victim = nodes[0]!;
  const inFlight = slowChatStart(victim.port);
  await sleep(200);
  const writtenAtSignal = stats.written;
  console.log(`${elapsed()}: SIGTERM to ${victim.name} (${stats.written} messages written so far)`);
  const signalledAt = performance.now();
  const exit = victim.expectExit('SIGTERM');
  await sleep(300);
  if (!(await refusesConnections(victim.port)))
    problem(`${victim.name} still takes connections 300 ms after SIGTERM`);
  inFlight.finish();
  const inFlightStatus = await inFlight.answer.catch((error: Error) => `failed: ${error.message}`);
  if (inFlightStatus !== 201) problem(`the request under way at SIGTERM was answered ${inFlightStatus}`);
  const ended = await exit;
  console.log(
    `${elapsed()}: ${victim.name} exited with code ${ended.code} ${(ended.ms / 1000).toFixed(2)} s after SIGTERM`,
  );
  if (ended.code !== 0) problem(`${victim.name} exited with code ${ended.code} (signal ${ended.signal})`);
  if (ended.ms > SHUTDOWN_TIMEOUT_MS) problem(`${victim.name} took ${ended.ms} ms, over SHUTDOWN_TIMEOUT_MS`);
  // The node for the timeout case starts meanwhile, on a port the balancer does not use.
  const stuck = node(3, url, SHORT_TIMEOUT_MS, 'timeout');
  const stuckStarted = stuck.start();
  stuckStarted.catch(() => {});

  await sleep(AFTER_SIGNAL_MS);
  // The clients of the node that stopped: connected to the other node and synced again.
  const moved = parties.filter((p) => p.syncedAt > signalledAt);
  const recoveredMs = Math.max(0, ...moved.map((p) => p.syncedAt - signalledAt));
  console.log(
    `${elapsed()}: ${moved.length} clients moved; the last was synced on the other node ${(recoveredMs / 1000).toFixed(2)} s after SIGTERM`,
  );
  if (!parties.every((p) => p.synced))
    problem('not every client was connected and synced again after the restart');
  chatting = false;
  await Promise.all(writers);
  await traffic.stop();

  // Every outbox empty, every client synced once more.
  const drainDeadline = performance.now() + 20_000;
  while (performance.now() < drainDeadline) {
    if (parties.every((p) => p.synced && p.chats().every((c) => !c.outbox.length))) break;
    for (const p of parties) if (p.synced) for (const c of p.chats()) void p.pump(c);
    await sleep(200);
  }
  await sleep(500);
  await Promise.all(parties.map((p) => Promise.all(p.chats().map((c) => p.syncOne(c)))));
  for (const p of parties) p.socket.close();
  const rows = await check(url, visitors, counsellors);
  const movedClients = stats.disconnects.get('transport close') ?? 0;
  if (movedClients === 0) problem('no client was moved by the drain');

  // A second SIGTERM during a drain that waits for a request (on the node that stayed): exit
  // 130 at once.
  const again = nodes[1]!;
  const held = slowChatStart(again.port);
  await sleep(200);
  const secondExit = again.expectExit('SIGTERM');
  await sleep(500);
  if (again.child?.exitCode !== null)
    problem('the node left its drain before the request under way was answered');
  const secondAt = performance.now();
  again.child?.kill('SIGTERM');
  const second = await secondExit;
  const afterSecondMs = performance.now() - secondAt;
  held.abort();
  console.log(
    `${elapsed()}: second SIGTERM: exit code ${second.code} ${afterSecondMs.toFixed(0)} ms after it`,
  );
  if (second.code !== 130) problem(`after a second SIGTERM the node exited with ${second.code}, not 130`);
  if (afterSecondMs > 1000)
    problem(`the node took ${afterSecondMs.toFixed(0)} ms to exit after a second SIGTERM`);

  // A drain that cannot finish: exit 1 after SHUTDOWN_TIMEOUT_MS, with a log line.
  await stuckStarted;
  const unfinished = slowChatStart(stuck.port);
  await sleep(200);
  const timedOut = await stuck.expectExit('SIGTERM');
  unfinished.abort();
  console.log(
    `${elapsed()}: drain held up: exit code ${timedOut.code} after ${(timedOut.ms / 1000).toFixed(2)} s`,
  );
  if (timedOut.code !== 1) problem(`a drain past its timeout exited with ${timedOut.code}, not 1`);
  if (timedOut.ms < SHORT_TIMEOUT_MS || timedOut.ms > SHORT_TIMEOUT_MS + 2000)
    problem(`a drain with SHUTDOWN_TIMEOUT_MS=${SHORT_TIMEOUT_MS} ended after ${timedOut.ms.toFixed(0)} ms`);
  if (!fs.readFileSync(logFile('timeout'), 'utf8').includes('shutdown timed out'))
    problem('no "shutdown timed out" line in the log of the node that timed out');

  for (const n of nodes) if (n.unexpectedExit) problem(n.unexpectedExit);
  await Promise.all(nodes.map((n) => n.stop()));
  balancer.close();

  console.log('\nrestart summary');
  console.log(
    `  messages written ${stats.written} (${writtenAtSignal} before SIGTERM), acknowledged ${stats.acked}, ` +
      `${rows} rows in ${visitors.length} conversations`,
  );
  console.log(
    `  other side first saw a message live ${stats.seenLive} times, through a sync ${stats.seenBySync} times; ` +
      `repeated live events ${stats.repeatedLiveEvents}; ack timeouts ${stats.ackTimeouts}, rate limited ${stats.rateLimited}`,
  );
  console.log(
    `  ${stats.connects} connects; disconnects ${JSON.stringify(Object.fromEntries(stats.disconnects))}; ` +
      `${stats.http} HTTP requests through the balancer (slowest ${stats.httpSlowestMs.toFixed(0)} ms, ` +
      `${stats.retriedAfterReset} passed to the other node after a reset)`,
  );
  console.log(`  ${((performance.now() - started) / 1000).toFixed(0)} s in all`);
  if (problems.length) {
    console.log(`\nFAILED: ${problems.length} problem(s)`);
    for (const p of problems.slice(0, 50)) console.log(`  - ${p}`);
    console.log(`server logs: ${logFile('*')}`);
    return false;
  }
  console.log('\nOK: the restart lost and doubled nothing; second signal and timeout exit as documented');
  return true;
}

main()
  .then((ok) => {
    killAllChildren();
    process.exit(ok ? 0 : 1);
  })
  .catch((error: unknown) => {
    console.error('restart: failed to run:', error);
    killAllChildren();
    process.exit(1);
  });
