import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { RateBucket } from '../../realtime/rate-bucket.js';
import { receiveMail, resolveRecipient, type InboundDeps, type Recipient } from './inbound-mail.service.js';

export interface InboundSmtp {
  /** Starts listening; returns the port (0 picks a free one, as the tests do). */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

type SmtpError = Error & { responseCode?: number };
const smtpError = (code: number, message: string): SmtpError =>
  Object.assign(new Error(message), { responseCode: code });

/**
 * Most MIME containers (multipart parts and attached messages) one mail may have. Real mail has
 * a handful; mailparser walks the tree and refuses past 1,000 nodes only after building them.
 */
export const MAX_MIME_CONTAINERS = 64;
const mimeContainer = /^content-type:\s*(multipart\/|message\/rfc822)/gim;

/** True when the raw mail declares more MIME containers than MAX_MIME_CONTAINERS (one linear scan). */
export function mimeTooDeep(raw: Buffer): boolean {
  const text = raw.toString('latin1');
  mimeContainer.lastIndex = 0;
  let count = 0;
  while (mimeContainer.exec(text)) if (++count > MAX_MIME_CONTAINERS) return true;
  return false;
}

/** Connections one sending address (IP) may open per minute, in bursts of as many. */
const CONNECTIONS_PER_MINUTE = 60;

/**
 * The service's own SMTP server: accepts mail for its addresses only, refuses anything over
 * the size limit with 552 during the dialogue, parses with mailparser and hands the result to
 * receiveMail. Authentication is not offered (this is a receiving MX, not a relay); TLS is
 * expected to be terminated by the relay in front of it (docs/email-and-phone.md).
 */
export function createInboundSmtp(
  deps: InboundDeps,
  options: { maxBytes: number },
  log: { info: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void },
): InboundSmtp {
  const perAddress = new RateBucket(CONNECTIONS_PER_MINUTE / 60, CONNECTIONS_PER_MINUTE);
  const recipients = new WeakMap<SMTPServerSession, Recipient[]>();

  const server = new SMTPServer({
    name: deps.settings.domain,
    banner: 'OpinTori',
    size: options.maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    maxClients: 50,
    socketTimeout: 60_000,
    closeTimeout: 5_000,
    onConnect(session, callback) {
      if (!perAddress.take(session.remoteAddress)) {
        callback(smtpError(421, 'Too many connections from your address, try again later'));
        return;
      }
      callback();
    },
    onMailFrom(address: SMTPServerAddress, _session, callback) {
      const args = address.args === false ? {} : address.args;
      const declared = Number(args.SIZE ?? 0);
      if (declared > options.maxBytes) {
        callback(smtpError(552, `Message exceeds fixed maximum message size of ${options.maxBytes} bytes`));
        return;
      }
      callback();
    },
    onRcptTo(address: SMTPServerAddress, session, callback) {
      resolveRecipient(deps.db, deps.settings, address.address)
        .then((recipient) => {
          if (!recipient) {
            callback(smtpError(550, `5.1.1 No such recipient here: ${address.address.slice(0, 100)}`));
            return;
          }
          const list = recipients.get(session) ?? [];
          if (list.length >= 20) {
            callback(smtpError(452, '4.5.3 Too many recipients'));
            return;
          }
          list.push(recipient);
          recipients.set(session, list);
          callback();
        })
        .catch(() => callback(smtpError(451, '4.3.0 Temporary failure, try again later')));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // Past the limit nothing more is kept; smtp-server marks the stream sizeExceeded.
        if (size <= options.maxBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded || size > options.maxBytes) {
          callback(smtpError(552, `Message exceeds fixed maximum message size of ${options.maxBytes} bytes`));
          return;
        }
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        const list = recipients.get(session) ?? [];
        // One session may carry several messages: recipients are per message.
        recipients.delete(session);
        const raw = Buffer.concat(chunks);
        if (mimeTooDeep(raw)) {
          // Permanent: sending it again cannot help.
          callback(
            smtpError(554, `5.6.0 Message structure too complex (over ${MAX_MIME_CONTAINERS} MIME parts)`),
          );
          return;
        }
        simpleParser(raw, { skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 })
          .then((parsed) => receiveMail(deps, parsed, { mailFrom: envelopeFrom || null, recipients: list }))
          .then((result) => {
            log.info({ outcome: result.outcome, size }, 'mail received');
            callback(null, result.outcome === 'duplicate' ? 'Already received' : 'Received');
          })
          .catch((error: unknown) => {
            log.warn({ err: error }, 'mail could not be taken in');
            callback(smtpError(451, '4.3.0 Could not take the message in now, try again later'));
          });
      });
      stream.on('error', () => callback(smtpError(451, '4.3.0 Transfer failed')));
    },
  });
  server.on('error', (error) => log.warn({ err: error }, 'smtp connection error'));

  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        server.server.once('error', onError);
        server.listen(port, host, () => {
          server.server.off('error', onError);
          resolve((server.server.address() as AddressInfo).port);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server.server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
      });
    },
  };
}
