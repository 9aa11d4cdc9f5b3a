/**
 * What the conversation services tell the live side after a change has been committed. The
 * realtime hub implements it with Socket.IO rooms; without sockets (API tests, CLI) nothing
 * listens. Delivery never depends on it: clients resync from the database on every connect.
 */
export interface ChatNotifier {
  /** A new message or note was stored (notes never reach the visitor). */
  message(conversationId: string, seq: number): void;
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
