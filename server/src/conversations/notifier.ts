import type { MessageWithAuthor } from './message.repository.js';

/**
 * What the conversation services tell the live side after a change has been committed. The
 * realtime hub implements it with Socket.IO rooms; without sockets (API tests, CLI) nothing
 * listens. Delivery never depends on it: clients resync from the database on every connect.
 */
/** When (performance.now()) and from whom a message reached the server, to time its delivery. */
export interface MessageArrival {
  at: number;
  from: 'visitor' | 'staff';
}

export interface ChatNotifier {
  /**
   * A new message or note was stored (notes never reach the visitor). `arrival` is given for
   * messages that came over a socket just now; the hub times their delivery. `stored` is the
   * row as the sender has it at hand (with its author's name), so the hub need not read it
   * back before broadcasting.
   */
  message(conversationId: string, seq: number, arrival?: MessageArrival, stored?: MessageWithAuthor): void;
  /** Status, assignment or queue place changed. */
  conversationChanged(conversationId: string): void;
  /** Something entered or left the queue: staff re-read it, queued visitors get new positions. */
  queueChanged(reason: string): void;
  /** A conversation was handed to this staff member. */
  assigned(staffId: string, conversationId: string): void;
}

export const silentNotifier: ChatNotifier = {
  message: () => {},
  conversationChanged: () => {},
  queueChanged: () => {},
  assigned: () => {},
};

/** The notifier for one message that arrived now from `from`: its broadcast is timed. */
export function arrivalNotifier(notifier: ChatNotifier, from: MessageArrival['from']): ChatNotifier {
  const arrival: MessageArrival = { at: performance.now(), from };
  return {
    message: (conversationId, seq, _arrival, stored) =>
      notifier.message(conversationId, seq, arrival, stored),
    conversationChanged: (conversationId) => notifier.conversationChanged(conversationId),
    queueChanged: (reason) => notifier.queueChanged(reason),
    assigned: (staffId, conversationId) => notifier.assigned(staffId, conversationId),
  };
}
