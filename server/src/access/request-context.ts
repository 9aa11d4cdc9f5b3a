import type { Actor } from './actor.js';

/** What every service call knows about the request it serves. */
export interface RequestContext {
  actor: Actor;
  requestId?: string;
  /** Client IP: kept in the audit log for staff actions only. */
  ip?: string;
}
