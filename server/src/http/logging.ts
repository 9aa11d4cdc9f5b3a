import type { FastifyLoggerOptions, FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';
import { logSerializers, redactedLogPaths, scrubValue } from '../shared/log-privacy.js';

export type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;
/** Where log lines are written: anything with write(line). */
export type LogStream = NonNullable<FastifyLoggerOptions['stream']>;

/**
 * Readable lines for a person at a terminal, JSON for everything else: LOG_FORMAT=auto is
 * pretty only when the lines go to stdout and stdout is a terminal.
 */
export function isPrettyLog(format: Config['LOG_FORMAT'], toStdout: boolean, isTerminal: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && toStdout && isTerminal);
}

/**
 * The service's logger: JSON lines (or readable ones at a terminal) that say what happened to
 * which route and never who: serializers keep paths without tokens or queries, errors without
 * the values they carried; every string given to the logger is scrubbed of email addresses,
 * phone numbers and tokens; header and credential fields are redacted. Lines go to stdout, or
 * to `stream` when given.
 */
export async function loggerOptions(
  config: Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT'>,
  stream?: LogStream,
): Promise<LoggerOptions> {
  const options: LoggerOptions = {
    level: config.LOG_LEVEL,
    serializers: logSerializers,
    redact: { paths: redactedLogPaths, censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => scrubValue(arg)) as Parameters<typeof method>);
      },
    },
  };
  if (!isPrettyLog(config.LOG_FORMAT, !stream, process.stdout.isTTY === true)) {
    return stream ? { ...options, stream } : options;
  }
  // Loaded only when used: a server writing JSON never needs it.
  const { default: pretty } = await import('pino-pretty');
  return {
    ...options,
    stream: pretty({
      destination: stream ?? 1,
      // At stdout, colours when the terminal has them (pino-pretty checks); never into a stream.
      ...(stream ? { colorize: false } : {}),
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      singleLine: true,
      sync: true,
    }),
  };
}
