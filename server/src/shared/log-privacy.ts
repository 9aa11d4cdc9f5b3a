// What may be written to the service's log: never a person (email address, phone number,
// message text) and never a key (link token, conversation secret, session, cookie, password).
import { manageSegment } from './urls/booking-urls.js';
import { feedbackSegment } from './urls/feedback-urls.js';
import { meetingSegment } from './urls/meeting-urls.js';

const tokenChars = 'A-Za-z0-9_-';
const uuid = `(?<![${tokenChars}])[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}(?![${tokenChars}])`;
const email = `[\\p{L}\\p{N}._%+'-]+@(?:[\\p{L}\\p{N}-]+\\.)+\\p{L}{2,}`;
// Finnish and international numbers as people type them: +358 40 123 4567, 040-1234567, 00358….
const phone = `(?<![\\p{L}\\p{N}+])(?:\\+|0)\\d(?:[ ()-]{0,2}\\d){5,16}(?!\\p{N})`;
const run = `(?<![${tokenChars}])[${tokenChars}]{20,}(?![${tokenChars}])`;
// UUIDs come first: they are record ids, kept so that a log line can be traced to its record.
const sensitive = new RegExp(`(${uuid})|(${email})|(${phone})|(${run})`, 'gu');
const wholeUuid = new RegExp(`^${uuid}$`);

/** A piece of a run (between - and _) that reads as random: digits among letters, or mixed case unlike a name's. */
function looksRandom(part: string): boolean {
  const letters = part.replace(/[^A-Za-z]/g, '');
  if (!letters) return false;
  if (/\d/.test(part)) return true;
  if (!/[A-Z]/.test(part) || !/[a-z]/.test(part)) return false;
  // camelCase names have few capitals and words' share of vowels; chance mixes both otherwise.
  const capitals = letters.replace(/[^A-Z]/g, '').length / letters.length;
  const vowels = letters.replace(/[^aeiouyAEIOUY]/g, '').length / letters.length;
  return (capitals >= 0.25 && capitals <= 0.75) || vowels < 0.25;
}

/**
 * True for a run of URL-safe characters that looks random rather than like words: the
 * service's tokens are 24–43 characters of base64url or hex, while names, slugs, dates and
 * migration names (2026-11-29T10-00-core) are made of words and numbers. A real token escapes
 * this about once in 20,000.
 */
export function isTokenLike(value: string): boolean {
  if (value.length < 20 || !new RegExp(`^[${tokenChars}]+$`).test(value)) return false;
  const randomChars = value
    .split(/[-_]/)
    .filter(looksRandom)
    .reduce((sum, part) => sum + part.length, 0);
  return randomChars >= 12;
}

/** Replaces email addresses, phone numbers and token-like strings in a text meant for the log. */
export function scrubText(text: string): string {
  return text.replace(sensitive, (match, id?: string, address?: string, number?: string) => {
    if (id) return match;
    if (address) return '[email]';
    if (number) return '[phone]';
    return isTokenLike(match) ? '[token]' : match;
  });
}

const pageSegments = [manageSegment, feedbackSegment, meetingSegment].flatMap((segments) =>
  Object.values(segments),
);
/** Addresses whose next path segment is a link token (the API's and the pages'). */
const tokenPaths = [
  /^(\/api\/v1\/booking\/manage\/)[^/]+/,
  /^(\/api\/v1\/feedback\/)[^/]+/,
  /^(\/api\/v1\/auth\/invitations\/)[^/]+/,
  /^(\/console\/invitation\/)[^/]+/,
  new RegExp(`^(/(?:fi|sv|en)/(?:${pageSegments.join('|')})/)[^/]+`),
];

/**
 * The path of a request URL as the log may keep it: no query string (it may carry tokens or
 * search words), and the link token of a manage, feedback or meeting address replaced.
 */
export function loggablePath(url: string): string {
  let path = url.split('?')[0]!.split('#')[0]!;
  for (const pattern of tokenPaths) path = path.replace(pattern, '$1:token');
  return path
    .split('/')
    .map((segment) => (isTokenLike(segment) && !wholeUuid.test(segment) ? ':token' : scrubText(segment)))
    .join('/');
}

type LoggedError = {
  type: string;
  message: string;
  stack: string;
  code?: string | number;
  statusCode?: number;
  responseCode?: number;
  cause?: LoggedError;
};

/**
 * An error as the log may keep it: its type, code and scrubbed message and stack. Other fields
 * are left out: a database error's `detail` names the values of a row, a mail error's
 * `response` and `rejected` name the addresses.
 */
export function loggableError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: scrubText(String(error)), stack: '' };
  const fields = error as Error & { code?: unknown; statusCode?: unknown; responseCode?: unknown };
  const logged: LoggedError = {
    type: error.constructor?.name ?? error.name,
    message: scrubText(error.message),
    stack: scrubText(error.stack ?? ''),
  };
  if (typeof fields.code === 'string' || typeof fields.code === 'number') logged.code = fields.code;
  if (typeof fields.statusCode === 'number') logged.statusCode = fields.statusCode;
  if (typeof fields.responseCode === 'number') logged.responseCode = fields.responseCode;
  if (error.cause !== undefined && depth < 3) logged.cause = loggableError(error.cause, depth + 1);
  return logged;
}

/** A value handed to the logger with every string in it scrubbed; errors are left to their serializer. */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 4 || value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      // req, res and err have serializers of their own (below), which see the real objects.
      key === 'req' || key === 'res' || key === 'err' ? item : scrubValue(item, depth + 1),
    ]),
  );
}

/** Fields that never reach the log, in whatever record they are given (pino `redact`). */
export const redactedLogPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["set-cookie"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  ...['password', 'secret', 'token', 'cookie', 'email', 'phone', 'body', 'text', 'html'].flatMap((field) => [
    field,
    `*.${field}`,
  ]),
];

/** The serializers of the request, reply and error records Fastify and the service write. */
export const logSerializers = {
  req: (request: { id: string; method: string; url: string }) => ({
    id: request.id,
    method: request.method,
    path: loggablePath(request.url),
  }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
  err: (error: unknown) => loggableError(error),
};
