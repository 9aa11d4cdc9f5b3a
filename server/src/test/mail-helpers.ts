import type { Db } from '../db/database-types.js';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
  header(name: string): string;
}

/**
 * A real SMTP server that keeps every mail it is given: the relay the service sends through in
 * the tests. `failNext(code)` answers the next delivery with that SMTP code (and text) instead.
 */
export interface CaptureServer {
  port: number;
  url: string;
  mails: CapturedMail[];
  failNext(code: number, times?: number, text?: string): void;
  /** Resolves with the first mail (from now on or already kept) that matches. */
  waitFor(match: (mail: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  close(): Promise<void>;
}

export async function startCaptureServer(listenPort = 0): Promise<CaptureServer> {
  const mails: CapturedMail[] = [];
  const waiters: { match: (m: CapturedMail) => boolean; resolve: (m: CapturedMail) => void }[] = [];
  let failures: { code: number; left: number; text: string } | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failures && failures.left > 0) {
          failures.left -= 1;
          const error = Object.assign(new Error(failures.text), {
            responseCode: failures.code,
          });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            const mail: CapturedMail = {
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              raw: raw.toString('utf8'),
              parsed,
              header: (name) => {
                const value = parsed.headers.get(name.toLowerCase());
                if (value === undefined) return '';
                if (typeof value === 'string') return value;
                if (typeof value === 'object' && value !== null && 'text' in value) {
                  return String((value as { text: unknown }).text);
                }
                return String(value as unknown);
              },
            };
            mails.push(mail);
            for (const waiter of [...waiters]) {
              if (waiter.match(mail)) {
                waiters.splice(waiters.indexOf(waiter), 1);
                waiter.resolve(mail);
              }
            }
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    failNext(code, times = 1, text = `test relay says ${code}`) {
      failures = { code, left: times, text };
    },
    waitFor(match, timeoutMs = 5000) {
      const found = mails.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve };
        waiters.push(waiter);
        setTimeout(() => {
          const index = waiters.indexOf(waiter);
          if (index >= 0) {
            waiters.splice(index, 1);
            reject(new Error(`no matching mail within ${timeoutMs} ms (kept ${mails.length})`));
          }
        }, timeoutMs);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A client that delivers to the service's SMTP server on loopback, as a sending MTA would. */
export function smtpClient(port: number) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
  } satisfies SMTPTransport.Options);
  return {
    send: (mail: SendMailOptions) => transport.sendMail(mail),
    /** A mail exactly as given, bytes and all (for malformed and 8-bit messages). */
    sendRaw: (from: string, to: string | string[], raw: string | Buffer) =>
      transport.sendMail({ envelope: { from, to }, raw }),
    close: () => transport.close(),
  };
}

/** The token of the newest invitation link mailed to a staff member (from the outgoing mail log). */
export async function invitationToken(db: Db, email: string): Promise<string> {
  const mail = await db
    .selectFrom('outgoing_mail')
    .select('text_body')
    .where('kind', '=', 'staff_invitation')
    .where('to_address', '=', email)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const token = /\/console\/invitation\/([A-Za-z0-9_-]+)/.exec(mail?.text_body ?? '')?.[1];
  if (!token) throw new Error(`no invitation mailed to ${email}`);
  return token;
}
