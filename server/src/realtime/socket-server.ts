import { createAdapter } from '@socket.io/postgres-adapter';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { Server } from 'socket.io';
import type { AllowedOrigins } from '../features/chat/allowed-origins.js';
import { workDone } from './socket-helpers.js';

export interface SocketServer {
  io: Server;
  /** True when an adapter relays events to other nodes (several nodes on PostgreSQL). */
  clustered: boolean;
  /** Closes every client's connection (not a Socket.IO disconnect: the client reconnects). */
  drain(): number;
  close(): Promise<void>;
}

/**
 * The one Socket.IO server of this process (chat and video meetings share its engine and its
 * upgrade handler), with the PostgreSQL adapter when a database URL for the fan-out is given.
 */
export function createSocketServer(
  app: FastifyInstance,
  options: { allowedOrigins: AllowedOrigins; adapterDatabaseUrl?: string | undefined },
): SocketServer {
  const pool = options.adapterDatabaseUrl
    ? // Each namespace's adapter keeps a connection for LISTEN ('/', /client, /staff, /meeting),
      // and publishing needs one more: a pool smaller than that never finishes starting.
      new pg.Pool({ connectionString: options.adapterDatabaseUrl, max: 8 })
    : undefined;
  // The adapter keeps one connection checked out for LISTEN and listens to neither its errors
  // nor the pool's: a dropped connection would end the process. It reconnects on 'end' itself.
  pool?.on('error', (error) => app.log.warn({ err: error }, 'socket fan-out connection lost'));
  pool?.on('connect', (client) =>
    client.on('error', (error) => app.log.warn({ err: error }, 'socket fan-out connection lost')),
  );
  let draining = false;
  const io = new Server(app.server, {
    serveClient: false,
    // A draining node takes no new connections, from a kept-alive HTTP connection either.
    allowRequest: (_request, callback) => callback(draining ? 'draining' : null, !draining),
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    // Long-polling from a member site is a cross-origin request; the namespace checks the
    // origin again for both transports.
    cors: {
      origin: (origin, callback) => {
        if (!origin) return callback(null, false);
        options.allowedOrigins
          .allows(origin, undefined)
          .then((allowed) => callback(null, allowed))
          .catch(() => callback(null, false));
      },
      credentials: true,
    },
    ...(pool
      ? {
          adapter: createAdapter(pool, {
            errorHandler: (error) => app.log.warn({ err: error }, 'socket fan-out error'),
          }),
        }
      : {}),
  });
  const drain = () => {
    draining = true;
    // Closing the transport is what a dropped line does: the client reports "transport close"
    // and reconnects by itself. A Socket.IO disconnect ("io server disconnect") would leave the
    // widget and the console waiting for a reload.
    // One connection may carry sockets of several namespaces.
    const connections = new Set(
      [...io._nsps.values()].flatMap((nsp) => [...nsp.sockets.values()].map((s) => s.conn)),
    );
    for (const connection of connections) connection.close();
    return connections.size;
  };
  return {
    io,
    clustered: !!pool,
    drain,
    async close() {
      drain();
      // Messages stored meanwhile still reach the other nodes before the fan-out closes.
      await workDone(io);
      // Every namespace on this server (the video meetings' too): an adapter left open keeps a
      // pool connection checked out, and pool.end() would wait for it for ever.
      const namespaces = [...io._nsps.values()];
      for (const nsp of namespaces) nsp.local.disconnectSockets(true);
      io.engine.close();
      for (const nsp of namespaces) {
        const adapter = nsp.adapter as unknown as { close?: () => Promise<void> | void };
        await adapter.close?.();
      }
      await pool?.end();
    },
  };
}
