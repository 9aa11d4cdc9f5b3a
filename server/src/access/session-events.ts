import { EventEmitter } from 'node:events';

/** Sessions that ended: every session of a staff member, or only the one named. */
export interface RevokedSessions {
  staffId: string;
  sessionId?: string;
}

/**
 * Tells the live parts of this process (the chat and meeting sockets) about changes to staff
 * access, after they were committed: `revoked` sessions close their connections at once (on
 * every node: the hubs disconnect through the Socket.IO adapter); `changed` (role, provider,
 * languages or expertise) makes the hubs check again what the person's sockets may watch.
 */
export const sessionEvents = new EventEmitter<{ revoked: [RevokedSessions]; changed: [staffId: string] }>();
sessionEvents.setMaxListeners(100);
