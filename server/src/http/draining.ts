import net from 'node:net';
import type { FastifyInstance } from 'fastify';

/** This node's drain before a restart: whether it has begun, and the connections still open. */
export interface Drain {
  isDraining(): boolean;
  /** From now on /readyz says `draining` and every answer closes its connection. */
  begin(): void;
  /** Resolves once every HTTP connection has ended (WebSockets excepted: the hub closes those). */
  connectionsDone(): Promise<void>;
  /** Ends the WebSocket connections still open (a client that never answered the close). */
  cutWebSockets(): void;
}

interface Connection {
  busy: boolean;
  served: number;
}

/**
 * Follows the server's HTTP connections for the drain. While draining, every answer says
 * `Connection: close`, so a proxy's kept-alive connection ends after the request it carries;
 * a request that arrives meanwhile is served, never refused (no 503 from a node that can still
 * answer). An idle connection that already served a request is closed; a new one is left to
 * deliver its request first: closing it (as Node's own closeIdleConnections() does) would drop
 * a request that was on its way when the port closed.
 */
export function registerDraining(app: FastifyInstance): Drain {
  let draining = false;
  const connections = new Map<net.Socket, Connection>();
  const webSockets = new Set<net.Socket>();
  let waiting: (() => void)[] = [];

  const settle = () => {
    if (connections.size || !waiting.length) return;
    for (const resolve of waiting) resolve();
    waiting = [];
  };
  const closeIfIdle = (socket: net.Socket) => {
    const connection = connections.get(socket);
    if (draining && connection && !connection.busy && connection.served > 0) socket.destroy();
  };

  app.server.on('connection', (socket: net.Socket) => {
    connections.set(socket, { busy: false, served: 0 });
    socket.once('close', () => {
      connections.delete(socket);
      settle();
    });
  });
  app.server.on('upgrade', (_request, socket: net.Socket) => {
    connections.delete(socket);
    webSockets.add(socket);
    socket.once('close', () => webSockets.delete(socket));
    settle();
  });
  app.server.on('request', (request, response) => {
    const socket = request.socket;
    const connection = connections.get(socket);
    if (!connection) return;
    connection.busy = true;
    // On the raw response, so that it holds for the page handler's and the sockets' answers too.
    if (draining && !response.headersSent) response.setHeader('connection', 'close');
    response.once('close', () => {
      connection.busy = false;
      connection.served += 1;
      setImmediate(() => closeIfIdle(socket));
    });
  });
  // Answers to requests that were under way when the drain began.
  app.addHook('onSend', async (_request, reply) => {
    if (draining) reply.header('connection', 'close');
  });

  return {
    isDraining: () => draining,
    begin() {
      draining = true;
      for (const socket of connections.keys()) closeIfIdle(socket);
    },
    connectionsDone() {
      if (!connections.size) return Promise.resolve();
      return new Promise((resolve) => waiting.push(resolve));
    },
    cutWebSockets() {
      for (const socket of webSockets) socket.destroy();
    },
  };
}

/** How long a WebSocket client has to answer the close before its connection is cut. */
const WEBSOCKET_CLOSE_GRACE_MS = 2000;

/**
 * Starts a node's drain: /readyz answers 503 `draining`, the port stops taking connections,
 * the chat and video sockets are closed under their clients (which reconnect, through the
 * proxy, to another node and resync there) and new socket handshakes are refused. Resolves
 * when the HTTP requests under way have been answered and their connections have ended.
 */
export async function startDraining(app: FastifyInstance): Promise<void> {
  app.drain.begin();
  // One turn of the event loop first: connections the kernel has queued by now are accepted
  // (and served) rather than reset when the port closes.
  await new Promise((resolve) => setImmediate(resolve));
  // The port only: http.Server#close() would also close every connection it deems idle, a
  // request that has just been accepted but not yet read among them.
  net.Server.prototype.close.call(app.server);
  const sockets = app.chatHub.drain();
  setTimeout(() => app.drain.cutWebSockets(), WEBSOCKET_CLOSE_GRACE_MS).unref();
  app.log.info({ sockets }, 'draining: port closed, sockets sent to other nodes');
  await app.drain.connectionsDone();
}
