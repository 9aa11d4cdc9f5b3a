import type { FastifyBaseLogger } from 'fastify';
import type { Namespace } from 'socket.io';
import { selectQueueStates } from '../conversations/conversation.repository.js';
import type { Db } from '../db/database-types.js';
import type { ChatState } from '../features/chat/chat-visitor.service.js';
import { queueSnapshot } from '../features/chat/routing.js';
import { conversationOf, conversationRoom } from './rooms.js';

/**
 * New queue places for the queued visitors connected to this node: three queries however long
 * the queue is (positions, wait history, counsellors), then one local emit per visitor. Calls
 * within 100 ms become one.
 */
export function createQueueRefresh(options: { db: Db; clients: Namespace; log: FastifyBaseLogger }) {
  const { db, clients } = options;
  let timer: NodeJS.Timeout | undefined;
  const refresh = async () => {
    const local = [...clients.adapter.rooms.keys()].map(conversationOf).filter((id) => id !== undefined);
    if (!local.length) return;
    const queue = await queueSnapshot(db);
    const waiting = local.filter((id) => queue.positions.has(id));
    if (!waiting.length) return;
    for (const row of await selectQueueStates(db, waiting)) {
      const place = queue.positions.get(row.id)!;
      const state: ChatState = {
        id: row.id,
        status: 'queued',
        topic: row.topic,
        language: row.language,
        counsellor: null,
        queuePosition: place,
        estimatedWaitSeconds: queue.waitFor(place),
        lastSeq: row.last_seq,
        rated: false,
      };
      clients.local.to(conversationRoom(row.id)).emit('state', state);
    }
  };
  return {
    schedule() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        refresh().catch((error: unknown) => options.log.warn({ err: error }, 'queue broadcast failed'));
      }, 100);
    },
    stop() {
      if (timer) clearTimeout(timer);
    },
  };
}
