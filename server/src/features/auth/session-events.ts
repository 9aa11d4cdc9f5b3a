import { EventEmitter } from 'node:events';

/**
 * Tells the live parts of this process (the staff sockets) that a staff member's sessions
 * were revoked, so that their open connections close at once rather than at the next check.
 */
export const sessionEvents = new EventEmitter<{ revoked: [staffId: string] }>();
sessionEvents.setMaxListeners(100);
