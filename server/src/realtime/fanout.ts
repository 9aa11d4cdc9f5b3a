import type { Namespace } from 'socket.io';
import { conversationOf } from './rooms.js';
import type { SerialGates } from './serial-gates.js';

/** What one change sends: emits to rooms, or work every node does for its own sockets. */
export type Envelope =
  | { ns: 'client' | 'staff'; rooms: string[]; event: string; payload: unknown }
  /** Check again who may watch this conversation (its access may have changed). */
  | { recheck: string }
  /** Reload this staff member's actor on their sockets and check what they watch. */
  | { refreshStaff: string };

export interface Fanout {
  deliver(...envelopes: Envelope[]): void;
}

/**
 * Every broadcast is delivered to this node's sockets at once and relayed to the other nodes
 * as one server-side event (one NOTIFY on PostgreSQL), so local delivery never waits for the
 * database round trip and a change costs one NOTIFY, not one per namespace. Relays between
 * nodes are not ordered, but the envelopes of one relay are handled in order.
 */
export function createFanout(options: {
  clients: Namespace;
  staff: Namespace;
  clustered: boolean;
  gates: SerialGates;
  recheck(conversationId: string): Promise<void>;
  refreshStaff(staffId: string): void;
}): Fanout {
  const { clients, staff, gates } = options;
  const emitLocal = (envelopes: Envelope[]) => {
    for (const e of envelopes) {
      if ('recheck' in e) {
        const conversationId = e.recheck;
        gates.schedule(conversationId, () => options.recheck(conversationId));
      } else if ('refreshStaff' in e) {
        options.refreshStaff(e.refreshStaff);
      } else if (e.ns === 'client') {
        clients.local.to(e.rooms).emit(e.event, e.payload);
      } else {
        const emit = () => staff.local.to(e.rooms).emit(e.event, e.payload);
        // Behind any re-check under way for a conversation the envelope goes to.
        const busy = e.rooms.map(conversationOf).find((id) => id !== undefined && gates.isBusy(id));
        if (busy) gates.schedule(busy, emit);
        else emit();
      }
    }
  };
  clients.on('relay', (envelopes: Envelope[]) => {
    if (Array.isArray(envelopes)) emitLocal(envelopes);
  });
  return {
    deliver(...envelopes) {
      emitLocal(envelopes);
      if (options.clustered) clients.serverSideEmit('relay', envelopes);
    },
  };
}
