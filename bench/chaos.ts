// Chat delivery under chaos (npm run test:chaos): two server nodes on one PostgreSQL database
// (`chaos`, dropped and created at start; the Socket.IO PostgreSQL adapter fans out between
// them), 50 conversations whose visitors and counsellors connect to random nodes and send
// messages through outboxes exactly as docs/chat.md describes (clientMsgId, one message at a
// time, re-send on reconnect, sync { afterSeq } on every connect). Meanwhile sockets are
// dropped at random (engine closed under the socket, or disconnect and reconnect), clients
// "reload" (everything forgotten but conversationId, secret and outbox), and one node is
// killed with SIGKILL and started again; the nodes' database connections are cut (LISTEN
// ones twice, then all of them once), losing fan-out packets in flight. Then every outbox is drained, every client syncs
// once more, and the run fails (exit 1) unless:
//   - every acknowledged message is in the database under the seq it was acknowledged with,
//     and the other side has seen it (through an event or a sync);
//   - no clientMsgId is stored twice, no seq is repeated or skipped, no acknowledgement for a
//     clientMsgId ever named a different seq, and each side's view holds each seq once, with
//     the same message as the database;
//   - each sender's messages have increasing seqs in the order they were written.
//
// Environment: CHAOS_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; the test
// uses the database `chaos` next to it), CHAOS_SECONDS (default 60), CHAOS_CONVERSATIONS (50),
// CHAOS_KILLS (1), CHAOS_PG_CUTS (3), CHAOS_PORT (3510; the second node uses the next port), CHAOS_SEED.
// Server logs: $TMPDIR/opintori-chaos-node-<n>.log.
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
const basePg = process.env.CHAOS_DATABASE_URL ?? DEFAULT_PG;
const RUN_SECONDS = Number(process.env.CHAOS_SECONDS ?? 60);
const CONVERSATIONS = Number(process.env.CHAOS_CONVERSATIONS ?? 50);
const KILLS = Number(process.env.CHAOS_KILLS ?? 1);
const PG_CUTS = Number(process.env.CHAOS_PG_CUTS ?? 3);
const PORT = Number(process.env.CHAOS_PORT ?? 3510);
const COUNSELLORS = Math.max(1, Math.ceil(CONVERSATIONS / 5));
const DRAIN_MS = 60_000;
const WATCHDOG_MS = 230_000;
const ACK_TIMEOUT_MS = 5_000;

let seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
const initialSeed = seed;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (min: number, max: number) => min + random() * (max - min);

// ---------------------------------------------------------------------------------------------
// Bookkeeping shared by both sides

const problems: string[] = [];
const problem = (text: string) => {
  if (problems.length < 200) problems.push(text);
};
const stats = {
  sent: 0,
  acked: 0,
  duplicateAcks: 0,
  answeredFromStore: 0,
  rateLimited: 0,
  ackTimeouts: 0,
  errorAcks: new Map<string, number>(),
  drops: 0,
  engineCloses: 0,
  cutAfterSend: 0,
  reloads: 0,
  connects: 0,
  connectErrors: 0,
  syncs: 0,
  gapSyncs: 0,
  kills: 0,
  pgCuts: 0,
  seenByEvent: 0,
  seenBySync: 0,
};
let msgCounter = 0;
const newClientMsgId = (prefix: string) =>
  `${prefix}-${(++msgCounter).toString(36)}-${Math.floor(random() * 1e9).toString(36)}`;

interface Wire {
  seq: number;
  kind: string;
  author: string;
  body: string;
  clientMsgId: string | null;
}
interface OutboxItem {
  clientMsgId: string;
  body: string;
}

/** One side's copy of one conversation: view by seq, outbox, what it wrote and had acknowledged. */
class ConversationView {
  view = new Map<number, Wire>();
  outbox: OutboxItem[] = [];
  /** clientMsgIds this side wrote, in the order written. */
  written: string[] = [];
  acks = new Map<string, number>();
  /** How this side first saw each of the other side's messages, by seq. */
  seenFrom = new Map<number, 'event' | 'sync'>();

  constructor(
    readonly conversationId: string,
    readonly side: 'client' | 'staff',
  ) {}

  /** Highest seq up to which the view has no gap (no notes are written in this test). */
  contiguous(): number {
    let seq = 0;
    while (this.view.has(seq + 1)) seq++;
    return seq;
  }

  merge(messages: Wire[], via: 'event' | 'sync' | 'ack'): void {
    for (const m of messages) {
      const known = this.view.get(m.seq);
      if (known) {
        if (known.clientMsgId !== m.clientMsgId || known.body !== m.body || known.author !== m.author)
          problem(
            `${this.side} view of ${this.conversationId}: seq ${m.seq} arrived as ${m.clientMsgId ?? m.kind} ` +
              `but was ${known.clientMsgId ?? known.kind} (${via})`,
          );
        continue;
      }
      this.view.set(m.seq, {
        seq: m.seq,
        kind: m.kind,
        author: m.author,
        body: m.body,
        clientMsgId: m.clientMsgId,
      });
      const fromOther = m.kind === 'message' && m.author !== this.side && m.author !== 'system';
      if (fromOther && via !== 'ack' && !this.seenFrom.has(m.seq)) {
        this.seenFrom.set(m.seq, via);
        if (via === 'event') stats.seenByEvent++;
        else stats.seenBySync++;
      }
    }
  }

  write(prefix: string): void {
    const item = {
      clientMsgId: newClientMsgId(prefix),
      body: `${prefix} ${this.written.length + 1} ${'x'.repeat(1 + Math.floor(random() * 60))}`,
    };
    this.written.push(item.clientMsgId);
    this.outbox.push(item);
    stats.sent++;
  }

  /** Records an acknowledgement; false when it contradicts an earlier one. */
  acknowledged(item: OutboxItem, seq: number): void {
    const earlier = this.acks.get(item.clientMsgId);
    if (earlier !== undefined) {
      stats.duplicateAcks++;
      if (earlier !== seq)
        problem(`${item.clientMsgId} acknowledged as seq ${earlier} and later as seq ${seq}`);
    } else {
      this.acks.set(item.clientMsgId, seq);
      stats.acked++;
    }
    this.outbox = this.outbox.filter((o) => o.clientMsgId !== item.clientMsgId);
    this.merge(
      [{ seq, kind: 'message', author: this.side, body: item.body, clientMsgId: item.clientMsgId }],
      'ack',
    );
  }

  /** Forget everything but the outbox (and what the test itself keeps for the checks). */
  reload(): void {
    this.view = new Map();
  }
}

type Ack = { ok: true; seq: number; createdAt: string } | { ok: false; error: { code: string } };

const nodes: NodeProcess[] = [];
const liveNodes = () =>
  nodes.filter((n) => n.child && n.child.exitCode === null && n.child.signalCode === null);
let stopping = false;

/** A socket to a random live node, re-made (to another random node) whenever it goes. */
abstract class Party {
  socket: Socket | undefined;
  generation = 0;
  synced = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;

  abstract namespace: string;
  abstract options(): Parameters<typeof io>[1];
  abstract onSocket(socket: Socket, generation: number): void;
  abstract sync(generation: number): Promise<boolean>;
  abstract pump(generation: number): Promise<void>;
  abstract forget(): void;
  abstract pending(): number;

  connect(): void {
    clearTimeout(this.reconnectTimer);
    if (stopping) return;
    const generation = ++this.generation;
    this.synced = false;
    const candidates = liveNodes();
    const node = candidates.length ? pick(candidates) : pick(nodes);
    const socket = io(`${node.url}${this.namespace}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 5000,
      ...this.options(),
    });
    this.socket = socket;
    socket.on('connect', () => {
      if (generation !== this.generation) return;
      stats.connects++;
      void (async () => {
        if (await this.sync(generation)) {
          if (generation !== this.generation) return;
          this.synced = true;
          void this.pump(generation);
        } else if (generation === this.generation && socket.connected) {
          // The sync timed out: drop and come back, as after any other trouble.
          socket.disconnect();
          this.reconnectSoon(generation);
        }
      })();
    });
    socket.on('connect_error', () => {
      stats.connectErrors++;
      this.reconnectSoon(generation);
    });
    socket.on('disconnect', () => this.reconnectSoon(generation));
    this.onSocket(socket, generation);
  }

  reconnectSoon(generation: number): void {
    if (generation !== this.generation || stopping) return;
    this.synced = false;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(
      () => {
        if (generation !== this.generation) return;
        this.socket?.removeAllListeners();
        this.socket?.disconnect();
        this.connect();
      },
      between(100, 600),
    );
  }

  retrySoon(generation: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (generation === this.generation && this.synced) void this.pump(generation);
    }, 1000);
  }

  /**
   * A dropped connection: the engine closed under the socket, a disconnect, or the line cut
   * just after a message went out (stored, but the acknowledgement never comes back).
   */
  drop(): void {
    const socket = this.socket;
    if (!socket?.connected) return;
    stats.drops++;
    const roll = random();
    if (roll < 0.35) {
      stats.engineCloses++;
      socket.io.engine.close();
    } else if (roll < 0.65) {
      socket.disconnect();
    } else {
      stats.cutAfterSend++;
      this.sendUnacknowledged(socket);
      setTimeout(() => socket.io.engine.close(), between(0, 15));
    }
  }

  /** Emits the head of an outbox without waiting for (or asking for) the acknowledgement. */
  abstract sendUnacknowledged(socket: Socket): void;

  /** A page reload: a new socket and no memory but the credentials and the outbox. */
  reload(): void {
    stats.reloads++;
    this.generation++;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.forget();
    this.connect();
  }

  close(): void {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.retryTimer);
    this.generation++;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
  }

  get ready(): boolean {
    return !!this.socket?.connected && this.synced;
  }
}

/** Sends the head of an outbox and waits for its acknowledgement; false to stop pumping. */
async function sendHead(
  party: Party,
  generation: number,
  view: ConversationView,
  emit: (item: OutboxItem) => Promise<Ack>,
): Promise<boolean> {
  const item = view.outbox[0];
  if (!item) return false;
  let ack: Ack;
  const emittedAt = Date.now();
  try {
    ack = await emit(item);
  } catch {
    stats.ackTimeouts++;
    party.retrySoon(generation);
    return false;
  }
  if (ack.ok) {
    // Stored before this emission: a re-send answered with the first acknowledgement.
    if (Date.parse(ack.createdAt) < emittedAt - 1) stats.answeredFromStore++;
    view.acknowledged(item, ack.seq);
    return generation === party.generation;
  }
  if (ack.error.code === 'request.rate_limited') stats.rateLimited++;
  else stats.errorAcks.set(ack.error.code, (stats.errorAcks.get(ack.error.code) ?? 0) + 1);
  party.retrySoon(generation);
  return false;
}

class Visitor extends Party {
  namespace = '/client';
  pumping = false;
  readonly c: ConversationView;

  constructor(
    readonly conversationId: string,
    readonly secret: string,
  ) {
    super();
    this.c = new ConversationView(conversationId, 'client');
  }

  options() {
    return { auth: { conversationId: this.conversationId, secret: this.secret } };
  }

  onSocket(socket: Socket, generation: number) {
    socket.on('message', (message: Wire) => {
      if (generation !== this.generation) return;
      const gap = message.seq > this.c.contiguous() + 1;
      this.c.merge([message], 'event');
      if (gap && this.synced) {
        stats.gapSyncs++;
        void this.sync(generation);
      }
    });
  }

  async sync(generation: number): Promise<boolean> {
    const socket = this.socket!;
    try {
      const answer = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('sync', {
        afterSeq: this.c.contiguous(),
      })) as { ok: boolean; messages?: Wire[] };
      if (!answer.ok || generation !== this.generation) return false;
      stats.syncs++;
      this.c.merge(answer.messages ?? [], 'sync');
      return true;
    } catch {
      return false;
    }
  }

  async pump(generation: number) {
    if (this.pumping) return;
    this.pumping = true;
    try {
      const socket = this.socket!;
      while (generation === this.generation && this.synced && socket.connected) {
        const more = await sendHead(
          this,
          generation,
          this.c,
          (item) => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message', item) as Promise<Ack>,
        );
        if (!more) break;
      }
    } finally {
      this.pumping = false;
    }
    if (generation !== this.generation && this.synced) void this.pump(this.generation);
  }

  sendUnacknowledged(socket: Socket) {
    if (!this.c.outbox.length) this.c.write('v');
    socket.emit('message', this.c.outbox[0]);
  }

  write() {
    this.c.write('v');
    if (this.ready) void this.pump(this.generation);
  }

  forget() {
    this.c.reload();
  }

  pending() {
    return this.c.outbox.length;
  }
}

class Counsellor extends Party {
  namespace = '/staff';
  readonly chats = new Map<string, ConversationView>();
  private readonly pumping = new Set<string>();

  constructor(
    readonly index: number,
    readonly cookie: string,
  ) {
    super();
  }

  options() {
    return { extraHeaders: { cookie: this.cookie } };
  }

  onSocket(socket: Socket, generation: number) {
    socket.on('message', (message: Wire & { conversationId: string }) => {
      if (generation !== this.generation) return;
      const c = this.chats.get(message.conversationId);
      if (!c) return;
      const gap = message.seq > c.contiguous() + 1;
      c.merge([message], 'event');
      if (gap && this.synced) {
        stats.gapSyncs++;
        void this.watch(c, generation);
      }
    });
  }

  async watch(c: ConversationView, generation: number): Promise<boolean> {
    const socket = this.socket!;
    try {
      const answer = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('watch', {
        conversationId: c.conversationId,
        afterSeq: c.contiguous(),
      })) as { ok: boolean; messages?: Wire[] };
      if (!answer.ok || generation !== this.generation) return false;
      stats.syncs++;
      c.merge(answer.messages ?? [], 'sync');
      return true;
    } catch {
      return false;
    }
  }

  async sync(generation: number): Promise<boolean> {
    const results = await Promise.all([...this.chats.values()].map((c) => this.watch(c, generation)));
    return results.every(Boolean);
  }

  async pump(generation: number) {
    await Promise.all([...this.chats.values()].map((c) => this.pumpOne(c, generation)));
  }

  async pumpOne(c: ConversationView, generation: number) {
    if (this.pumping.has(c.conversationId)) return;
    this.pumping.add(c.conversationId);
    try {
      const socket = this.socket!;
      while (generation === this.generation && this.synced && socket.connected) {
        const more = await sendHead(
          this,
          generation,
          c,
          (item) =>
            socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message', {
              conversationId: c.conversationId,
              kind: 'message',
              ...item,
            }) as Promise<Ack>,
        );
        if (!more) break;
      }
    } finally {
      this.pumping.delete(c.conversationId);
    }
    if (generation !== this.generation && this.synced) void this.pumpOne(c, this.generation);
  }

  sendUnacknowledged(socket: Socket) {
    const c = pick([...this.chats.values()]);
    if (!c.outbox.length) c.write(`s${this.index}`);
    socket.emit('message', { conversationId: c.conversationId, kind: 'message', ...c.outbox[0] });
  }

  write(conversationId: string) {
    const c = this.chats.get(conversationId)!;
    c.write(`s${this.index}`);
    if (this.ready) void this.pumpOne(c, this.generation);
  }

  forget() {
    for (const c of this.chats.values()) c.reload();
  }

  pending() {
    return [...this.chats.values()].reduce((n, c) => n + c.outbox.length, 0);
  }
}

// ---------------------------------------------------------------------------------------------
// Checks against the database

interface DbRow {
  conversation_id: string;
  seq: number;
  kind: string;
  author_type: string;
  body: string;
  client_msg_id: string | null;
}

async function check(url: string, visitors: Visitor[], counsellors: Counsellor[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const ids = visitors.map((v) => v.conversationId);
    const rows = (
      await client.query<DbRow>(
        `select conversation_id, seq, kind, author_type, body, client_msg_id from messages
         where conversation_id = any($1) order by conversation_id, seq`,
        [ids],
      )
    ).rows;
    const lastSeqs = new Map(
      (
        await client.query<{ id: string; last_seq: number }>(
          'select id, last_seq::int from conversations where id = any($1)',
          [ids],
        )
      ).rows.map((r) => [r.id, Number(r.last_seq)]),
    );
    const dupes = (
      await client.query(
        `select conversation_id, client_msg_id, count(*) from messages where client_msg_id is not null
         group by 1, 2 having count(*) > 1`,
      )
    ).rows;
    for (const d of dupes)
      problem(`clientMsgId ${d.client_msg_id} stored ${d.count} times in ${d.conversation_id}`);

    const byConversation = new Map<string, DbRow[]>();
    for (const row of rows) {
      const list = byConversation.get(row.conversation_id) ?? [];
      list.push(row);
      byConversation.set(row.conversation_id, list);
    }
    const staffViews = new Map<string, ConversationView>();
    for (const counsellor of counsellors) for (const [id, c] of counsellor.chats) staffViews.set(id, c);

    for (const visitor of visitors) {
      const id = visitor.conversationId;
      const list = byConversation.get(id) ?? [];
      const seqs = list.map((r) => Number(r.seq));
      seqs.forEach((seq, i) => {
        if (seq !== i + 1) problem(`${id}: seq ${seq} at position ${i + 1} (repeated or skipped)`);
      });
      if (lastSeqs.get(id) !== seqs.length)
        problem(`${id}: conversations.last_seq ${lastSeqs.get(id)} but ${seqs.length} messages`);
      const bySeq = new Map(list.map((r) => [Number(r.seq), r]));
      const byClientMsgId = new Map(list.filter((r) => r.client_msg_id).map((r) => [r.client_msg_id!, r]));
      const staff = staffViews.get(id)!;

      for (const [side, mine, other] of [
        ['visitor', visitor.c, staff],
        ['counsellor', staff, visitor.c],
      ] as const) {
        if (mine.outbox.length)
          problem(`${id}: the ${side}'s outbox still holds ${mine.outbox.length} message(s)`);
        // Every acknowledged message is stored under its seq and seen by the other side.
        for (const [clientMsgId, seq] of mine.acks) {
          const row = byClientMsgId.get(clientMsgId);
          if (!row)
            problem(`${id}: ${side}'s acknowledged ${clientMsgId} (seq ${seq}) is not in the database`);
          else if (Number(row.seq) !== seq)
            problem(`${id}: ${side}'s ${clientMsgId} acknowledged as seq ${seq}, stored as ${row.seq}`);
          else if (row.author_type !== mine.side)
            problem(`${id}: ${clientMsgId} stored with author ${row.author_type}`);
          // The visitor is not shown the counsellor's clientMsgIds: compare author and text.
          const seen = other.view.get(seq);
          if (!seen || seen.author !== mine.side || seen.body !== row?.body)
            problem(
              `${id}: the ${side === 'visitor' ? 'counsellor' : 'visitor'} never saw ${clientMsgId} (seq ${seq})`,
            );
        }
        // Each sender's messages in the order they were written.
        let previous = 0;
        for (const clientMsgId of mine.written) {
          const row = byClientMsgId.get(clientMsgId);
          if (!row) {
            problem(`${id}: ${side}'s ${clientMsgId} was never stored`);
            continue;
          }
          if (Number(row.seq) <= previous)
            problem(
              `${id}: ${side}'s ${clientMsgId} stored as seq ${row.seq}, after a later-written one (${previous})`,
            );
          previous = Number(row.seq);
        }
        // The view is the database, seq by seq (no notes are written here).
        const viewSeqs = [...mine.view.keys()].sort((a, b) => a - b);
        if (viewSeqs.length !== list.length || viewSeqs.some((seq, i) => seq !== i + 1))
          problem(
            `${id}: the ${side}'s view has seqs [${compact(viewSeqs)}], the database 1..${list.length}`,
          );
        for (const [seq, wire] of mine.view) {
          const row = bySeq.get(seq);
          const shownId = mine.side === 'client' && row?.author_type !== 'client' ? null : row?.client_msg_id;
          if (
            row &&
            (shownId !== wire.clientMsgId || row.body !== wire.body || row.author_type !== wire.author)
          )
            problem(
              `${id}: the ${side}'s seq ${seq} is ${wire.clientMsgId}, the database has ${row.client_msg_id}`,
            );
        }
      }
    }
    return { rows: rows.length, clientMessages: rows.filter((r) => r.kind === 'message').length };
  } finally {
    await client.end();
  }
}

function compact(seqs: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seqs.length;) {
    let j = i;
    while (j + 1 < seqs.length && seqs[j + 1] === seqs[j]! + 1) j++;
    parts.push(i === j ? `${seqs[i]}` : `${seqs[i]}..${seqs[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

// ---------------------------------------------------------------------------------------------
// Main

const watchdog = setTimeout(() => {
  console.error(`chaos: no result within ${WATCHDOG_MS / 1000} s; stopping`);
  killAllChildren();
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

async function main(): Promise<boolean> {
  ensureServerBuilt();
  const url = await freshPostgres(basePg, 'chaos');
  console.log(
    `chaos: 2 nodes on ${new URL(url).host}/chaos, ${CONVERSATIONS} conversations, ${COUNSELLORS} counsellors, ` +
      `${RUN_SECONDS} s of traffic, ${KILLS} SIGKILL(s), seed ${initialSeed}`,
  );
  const staffAccounts = await prepareDatabase({ databaseUrl: url, counsellors: COUNSELLORS });
  for (let i = 0; i < 2; i++) {
    nodes.push(
      new NodeProcess(
        `node ${i + 1}`,
        PORT + i,
        [serverMain],
        serverEnv({ DATABASE_URL: url }),
        path.join(os.tmpdir(), `opintori-chaos-node-${i + 1}.log`),
      ),
    );
  }
  await Promise.all(nodes.map((n) => n.start()));

  // Counsellors sign in and take five chats each; all on random nodes.
  const cookies = await inBatches(staffAccounts.counsellorEmails, 4, async (email) => {
    const cookie = await login(pick(nodes).url, email);
    await setAvailable(pick(nodes).url, cookie, 10);
    return cookie;
  });
  const counsellors = cookies.map((cookie, i) => new Counsellor(i + 1, cookie));
  const chats = await inBatches(Array.from({ length: CONVERSATIONS }), 8, () => startChat(pick(nodes).url));
  await inBatches(chats, 8, async ({ conversationId }, i) => {
    const counsellor = counsellors[i % counsellors.length]!;
    await acceptChat(pick(nodes).url, counsellor.cookie, conversationId);
    counsellor.chats.set(conversationId, new ConversationView(conversationId, 'staff'));
  });
  const visitors = chats.map((chat) => new Visitor(chat.conversationId, chat.secret));
  for (const party of [...visitors, ...counsellors]) party.connect();
  console.log(`setup ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // Traffic and chaos.
  const runStart = performance.now();
  const runEnd = runStart + RUN_SECONDS * 1000;
  const timers: NodeJS.Timeout[] = [];
  const every = (minMs: number, maxMs: number, action: () => void) => {
    const tick = () => {
      if (performance.now() >= runEnd) return;
      action();
      timers.push(setTimeout(tick, between(minMs, maxMs)));
    };
    timers.push(setTimeout(tick, between(0, maxMs)));
  };
  for (const visitor of visitors) every(800, 2000, () => visitor.write());
  for (const counsellor of counsellors)
    for (const id of counsellor.chats.keys()) every(1500, 4000, () => counsellor.write(id));
  const parties: Party[] = [...visitors, ...counsellors];
  every(300, 900, () => pick<Party>(random() < 0.8 ? visitors : counsellors).drop());
  every(1500, 3500, () => pick<Party>(random() < 0.8 ? visitors : counsellors).reload());

  const chaos = (async () => {
    for (let k = 0; k < KILLS; k++) {
      await sleep(Math.max(0, runStart + ((k + 1) / (KILLS + 1)) * RUN_SECONDS * 1000 - performance.now()));
      const victim = pick(nodes);
      stats.kills++;
      console.log(`${((performance.now() - runStart) / 1000).toFixed(1)} s: SIGKILL ${victim.name}`);
      await victim.kill();
      await sleep(3000);
      await victim.start();
      console.log(`${((performance.now() - runStart) / 1000).toFixed(1)} s: ${victim.name} is back`);
    }
  })();

  // Fan-out loss: the nodes' LISTEN connections are cut (events in flight are lost; the
  // adapter reconnects), and once every database connection of the test database is cut.
  const cuts = (async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      for (let k = 0; k < PG_CUTS; k++) {
        await sleep(Math.max(0, runStart + ((k + 0.5) / PG_CUTS) * RUN_SECONDS * 1000 - performance.now()));
        const all = k === PG_CUTS - 1;
        const { rowCount } = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid() ${all ? '' : "and query like 'LISTEN%'"}`,
        );
        stats.pgCuts++;
        console.log(
          `${((performance.now() - runStart) / 1000).toFixed(1)} s: cut ${rowCount} ${all ? 'database' : 'LISTEN'} connection(s)`,
        );
      }
    } finally {
      await admin.end();
    }
  })();

  let lastReport = 0;
  while (performance.now() < runEnd) {
    await sleep(500);
    for (const node of nodes) if (node.unexpectedExit) throw new Error(node.unexpectedExit);
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      const connected = parties.filter((p) => p.ready).length;
      console.log(
        `${((performance.now() - runStart) / 1000).toFixed(0)} s: ${stats.sent} written, ${stats.acked} acknowledged, ` +
          `${connected}/${parties.length} connected, ${stats.drops} drops, ${stats.reloads} reloads`,
      );
    }
  }
  for (const timer of timers) clearTimeout(timer);
  await chaos;
  await cuts;

  // Drain: everyone connected and synced, every outbox empty.
  const drainStart = performance.now();
  while (performance.now() - drainStart < DRAIN_MS) {
    for (const node of nodes) if (node.unexpectedExit) throw new Error(node.unexpectedExit);
    const pending = parties.reduce((n, p) => n + p.pending(), 0);
    if (pending === 0 && parties.every((p) => p.ready)) break;
    for (const p of parties) if (p.ready && p.pending()) void p.pump(p.generation);
    await sleep(250);
  }
  const drained = parties.every((p) => p.pending() === 0);
  if (!drained) problem(`outboxes not empty ${DRAIN_MS / 1000} s after the traffic stopped`);
  // A last sync from the database (as after a reconnect), then a moment for stray events.
  await Promise.all(parties.map((p) => (p.ready ? p.sync(p.generation) : Promise.resolve(false))));
  await sleep(1000);
  await Promise.all(parties.map((p) => (p.ready ? p.sync(p.generation) : Promise.resolve(false))));
  stopping = true;
  for (const p of parties) p.close();

  const db = await check(url, visitors, counsellors);
  for (const node of nodes) if (node.unexpectedExit) problem(node.unexpectedExit);
  await Promise.all(nodes.map((n) => n.stop()));

  const seconds = (performance.now() - started) / 1000;
  console.log('\nchaos summary');
  console.log(
    `  messages written ${stats.sent}, acknowledged ${stats.acked}; re-sends of stored messages answered ` +
      `from the store ${stats.answeredFromStore}, acknowledged twice ${stats.duplicateAcks}`,
  );
  console.log(
    `  database: ${db.rows} rows in ${visitors.length} conversations (${db.clientMessages} messages)`,
  );
  console.log(
    `  other side first saw a message through an event ${stats.seenByEvent} times, through a sync ${stats.seenBySync} times`,
  );
  console.log(
    `  ${stats.drops} drops (${stats.engineCloses} engine closes, ${stats.cutAfterSend} cut just after a send), ${stats.reloads} reloads, ${stats.kills} SIGKILL, ${stats.pgCuts} database connection cuts, ` +
      `${stats.connects} connects, ${stats.connectErrors} connect errors, ${stats.syncs} syncs (${stats.gapSyncs} for gaps)`,
  );
  console.log(
    `  ack timeouts ${stats.ackTimeouts}, rate limited ${stats.rateLimited}` +
      (stats.errorAcks.size ? `, error acks ${JSON.stringify(Object.fromEntries(stats.errorAcks))}` : ''),
  );
  console.log(
    `  ${seconds.toFixed(0)} s in all; seed ${initialSeed} (CHAOS_SEED to repeat the random choices)`,
  );
  if (problems.length) {
    console.log(`\nFAILED: ${problems.length} problem(s)${problems.length >= 200 ? ' (first 200)' : ''}`);
    for (const p of problems.slice(0, 50)) console.log(`  - ${p}`);
    console.log(`server logs: ${nodes.map((n) => n.logFile).join(', ')}`);
    return false;
  }
  console.log('\nOK: nothing lost, nothing duplicated, order kept');
  return true;
}

main()
  .then((ok) => {
    killAllChildren();
    process.exit(ok ? 0 : 1);
  })
  .catch((error: unknown) => {
    console.error('chaos: failed to run:', error);
    killAllChildren();
    process.exit(1);
  });
