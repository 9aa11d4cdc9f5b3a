import type { FastifyBaseLogger } from 'fastify';
import type { Namespace } from 'socket.io';
import type { AuthSettings } from '../access/sessions.js';
import type { ChatNotifier } from '../conversations/notifier.js';
import type { Db } from '../db/database-types.js';
import { AppError } from '../errors.js';
import type { AllowedOrigins } from '../features/chat/allowed-origins.js';
import type { Fanout } from './fanout.js';
import { RateBucket } from './rate-bucket.js';
import type { SerialGates } from './serial-gates.js';

/** What the chat's namespaces share: the database, the fan-out, the notifier and the limits. */
export interface HubContext {
  db: Db;
  log: FastifyBaseLogger;
  allowedOrigins: AllowedOrigins;
  serviceOrigin: string | undefined;
  authSettings: AuthSettings;
  clients: Namespace;
  staff: Namespace;
  gates: SerialGates;
  fanout: Fanout;
  notifier: ChatNotifier;
  messageBuckets: RateBucket;
  typingBuckets: RateBucket;
}

/** Message and typing bursts per conversation or counsellor, per connection's node. */
export const newBuckets = () => ({
  messageBuckets: new RateBucket(5, 10),
  typingBuckets: new RateBucket(3, 5),
});

export const rateLimited = () =>
  new AppError('request.rate_limited', 429, 'Too many messages at once; wait a moment and send again');
