import type { FastifyInstance } from 'fastify';
import type { Namespace, Server } from 'socket.io';
import type { AuthSettings } from '../access/sessions.js';
import { selectConversation } from '../conversations/conversation.repository.js';
import { messagesAfter, type MessageWithAuthor } from '../conversations/message.repository.js';
import type { ChatNotifier } from '../conversations/notifier.js';
import type { AppMetrics } from '../metrics/metrics.js';
import { inboxItemById, presentStaffMessage } from '../conversations/staff-view.js';
import type { Db } from '../db/database-types.js';
import type { AllowedOrigins } from '../features/chat/allowed-origins.js';
import { chatState, presentClientMessage } from '../features/chat/chat-visitor.service.js';
import { createFanout, type Envelope, type Fanout } from './fanout.js';
import { newBuckets, type HubContext } from './hub-context.js';
import { createQueueRefresh } from './queue-refresh.js';
import { accessEvents, conversationRoom, staffRoom } from './rooms.js';
import { SerialGates } from './serial-gates.js';
import { trackWork } from './socket-helpers.js';
import { createSocketServer } from './socket-server.js';
import { registerStaffNamespace } from './staff-namespace.js';
import { createTodaySignal } from './today-signal.js';
import { watchStaffAccess } from './staff-watch.js';
import { registerVisitorNamespace } from './visitor-namespace.js';

export interface ChatHubOptions {
  db: Db;
  allowedOrigins: AllowedOrigins;
  serviceOrigin: string | undefined;
  authSettings: AuthSettings;
  /** Times the delivery of chat messages that arrive over the sockets. */
  metrics?: AppMetrics;
  /** PostgreSQL URL for the fan-out between nodes; without it this node is on its own. */
  adapterDatabaseUrl?: string | undefined;
}

export interface ChatHub extends ChatNotifier {
  io: Server;
  /**
   * Closes every socket's connection under it (its client reconnects, to another node behind a
   * proxy, and resyncs) and refuses new handshakes. Returns how many connections were closed.
   */
  drain(): number;
  /** Runs the periodic check of this node's console sockets now (sessions, presence, access). */
  checkStaffSockets(): Promise<void>;
  /** Waits for the broadcasts under way, then closes the sockets and the fan-out. */
  close(): Promise<void>;
}

/**
 * Socket.IO for chat: `/client` for visitors (visitor-namespace.ts) and `/staff` for the
 * console (staff-namespace.ts), who may watch what (staff-watch.ts), the fan-out across nodes
 * (fanout.ts), the queue places (queue-refresh.ts) and the console homes' "today changed"
 * (today-signal.ts). The hub is the conversation core's notifier: what the services report
 * after a commit becomes room broadcasts here.
 */
export function createChatHub(app: FastifyInstance, options: ChatHubOptions): ChatHub {
  const { db } = options;
  const server = createSocketServer(app, options);
  const clients: Namespace = server.io.of('/client');
  const staff: Namespace = server.io.of('/staff');
  const gates = new SerialGates((error) => app.log.warn({ err: error }, 'conversation access check failed'));
  const logFailure = (what: string) => (error: unknown) =>
    app.log.warn({ err: error }, `${what} broadcast failed`);

  // The two refer to each other, each only when called: the fan-out hands re-checks to the
  // watch, the watch relays staff changes through the fan-out.
  const fanout: Fanout = createFanout({
    clients,
    staff,
    clustered: server.clustered,
    gates,
    recheck: (conversationId) => watch.recheckRoom(conversationId),
    refreshStaff: (staffId) => watch.refreshStaff(staffId),
  });
  const watch = watchStaffAccess({
    db,
    staff,
    gates,
    authSettings: options.authSettings,
    fanout: () => fanout,
    log: app.log,
  });
  const deliver = (...envelopes: Envelope[]) => fanout.deliver(...envelopes);
  const queueRefresh = createQueueRefresh({ db, clients, log: app.log });
  const today = createTodaySignal((envelope) => deliver(envelope));
  staff.on('queue_changed', () => queueRefresh.schedule());

  let queueTimer: NodeJS.Timeout | undefined;
  const queueReasons = new Set<string>();

  const hub: ChatHub = {
    io: server.io,
    message(conversationId, seq, arrival, stored) {
      const broadcast = (row: MessageWithAuthor | undefined) => {
        if (!row || row.seq !== seq) return;
        const room = [conversationRoom(conversationId)];
        const envelopes: Envelope[] = [
          // An event that changes who may see the conversation travels with its own re-check:
          // relays between nodes are not ordered, but one relay's envelopes are.
          ...(row.kind === 'event' && accessEvents.has(row.event_type ?? '')
            ? [{ recheck: conversationId }]
            : []),
          {
            ns: 'staff',
            rooms: room,
            event: 'message',
            payload: { conversationId, ...presentStaffMessage(row) },
          },
        ];
        if (row.kind !== 'note') {
          envelopes.push({
            ns: 'client',
            rooms: room,
            event: 'message',
            payload: presentClientMessage(row),
          });
        }
        deliver(...envelopes);
        if (arrival && row.kind === 'message') {
          options.metrics?.observeDelivery(arrival.from, (performance.now() - arrival.at) / 1000);
        }
      };
      // The sender's row goes out at once; otherwise it is read back first.
      if (stored?.seq === seq) return broadcast(stored);
      const work = messagesAfter(db, conversationId, seq - 1, { includeNotes: true, limit: 1 })
        .then(([row]) => broadcast(row))
        .catch(logFailure('message'));
      trackWork(server.io, work);
    },
    conversationChanged(conversationId) {
      // At once, before the new state is read: deliveries to staff from now on wait for it.
      deliver({ recheck: conversationId });
      today.schedule();
      const work = (async () => {
        const conversation = await selectConversation(db, conversationId);
        if (!conversation) return;
        const state = await chatState(db, conversation);
        const item = await inboxItemById(db, conversationId);
        const rooms = [conversationRoom(conversationId)];
        if (conversation.assigned_staff_id) rooms.push(staffRoom(conversation.assigned_staff_id));
        deliver(
          { ns: 'client', rooms: [conversationRoom(conversationId)], event: 'state', payload: state },
          { ns: 'staff', rooms, event: 'conversation', payload: item },
        );
      })().catch(logFailure('state'));
      trackWork(server.io, work);
    },
    queueChanged(reason) {
      // A change of someone's status or of the opening hours is no change to anyone's day.
      if (reason !== 'presence' && reason !== 'hours') today.schedule();
      queueReasons.add(reason);
      if (queueTimer) return;
      // Many changes in a burst become one update.
      queueTimer = setTimeout(() => {
        queueTimer = undefined;
        const reasons = [...queueReasons];
        queueReasons.clear();
        deliver({ ns: 'staff', rooms: ['queue'], event: 'queue', payload: { reason: reasons.join(',') } });
        queueRefresh.schedule();
        if (server.clustered) staff.serverSideEmit('queue_changed');
      }, 150);
    },
    assigned(staffId, conversationId) {
      today.schedule();
      deliver({ ns: 'staff', rooms: [staffRoom(staffId)], event: 'assigned', payload: { conversationId } });
    },
    drain: () => server.drain(),
    checkStaffSockets: () => watch.checkAll(),
    async close() {
      watch.stop();
      queueRefresh.stop();
      today.stop();
      if (queueTimer) clearTimeout(queueTimer);
      await server.close();
    },
  };

  const ctx: HubContext = {
    db,
    log: app.log,
    allowedOrigins: options.allowedOrigins,
    serviceOrigin: options.serviceOrigin,
    authSettings: options.authSettings,
    clients,
    staff,
    gates,
    fanout,
    notifier: hub,
    ...newBuckets(),
  };
  registerVisitorNamespace(ctx);
  registerStaffNamespace(ctx);
  return hub;
}
