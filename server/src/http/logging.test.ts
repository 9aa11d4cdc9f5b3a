import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { isPrettyLog, loggerOptions } from './logging.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

async function loggerWriting(format: 'json' | 'pretty' | 'auto') {
  const { lines, stream } = capture();
  const app = Fastify({ logger: await loggerOptions({ LOG_LEVEL: 'trace', LOG_FORMAT: format }, stream) });
  await app.ready();
  return { log: app.log, lines, close: () => app.close() };
}

describe('the logger', () => {
  it('scrubs messages and fields, redacts headers and credentials, and keeps errors without their values', async () => {
    const { log, lines, close } = await loggerWriting('json');
    log.info('mail from aino@example.fi about %s', 'call 040 123 4567');
    log.warn(
      {
        headers: { authorization: 'Bearer abc', cookie: 'opintori_session=xyz', 'user-agent': 'curl' },
        email: 'ville@example.net',
        nested: { password: 'hunter2-hunter2', note: 'reach me at ville@example.net' },
        attempts: 2,
      },
      'something about a client',
    );
    log.error(
      { err: Object.assign(new Error('insert failed'), { detail: 'Key (phone)=(+358401234567) exists' }) },
      'request failed',
    );
    await close();
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records[0]!.msg).toBe('mail from [email] about call [phone]');
    expect(records[1]).toMatchObject({
      headers: { authorization: '[redacted]', cookie: '[redacted]', 'user-agent': 'curl' },
      email: '[redacted]',
      nested: { password: '[redacted]', note: 'reach me at [email]' },
      attempts: 2,
    });
    expect(records[2]!.err).toMatchObject({ type: 'Error', message: 'insert failed' });
    expect(lines.join('')).not.toMatch(/aino|ville|4567|hunter2|abc|xyz|358401234567/);
  });

  it('writes readable lines when asked, scrubbed all the same', async () => {
    const { log, lines, close } = await loggerWriting('pretty');
    log.info({ port: 3000 }, 'ready for aino@example.fi');
    await close();
    expect(lines.join('')).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: ready for \[email\] \{"port":3000\}/);
  });

  it('is pretty on its own only at a terminal, and JSON into a stream or a pipe', async () => {
    expect(isPrettyLog('auto', true, true)).toBe(true);
    expect(isPrettyLog('auto', true, false)).toBe(false);
    expect(isPrettyLog('auto', false, true)).toBe(false);
    expect(isPrettyLog('json', true, true)).toBe(false);
    expect(isPrettyLog('pretty', false, false)).toBe(true);
    const { log, lines, close } = await loggerWriting('auto');
    log.info('plain');
    await close();
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, msg: 'plain' });
  });
});
