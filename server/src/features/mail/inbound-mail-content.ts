/*
 * What a received mail says, read without the database: who wrote it (a person or a program),
 * its new text without quotes and control characters, the message ids it answers, its
 * language, and file names safe to store.
 */
import type { ParsedMail } from 'mailparser';
import { chatLanguages, type ChatLanguage } from '../../conversations/vocabulary.js';

const headerText = (mail: ParsedMail, name: string): string => {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return String(value as unknown);
};

/**
 * Mail written by a program, not a person: out-of-office notices, bounces, list traffic.
 * Nothing is ever sent in answer to these, so two auto-responders cannot loop through us.
 */
export function isAutoReply(mail: ParsedMail, envelopeFrom: string | null): boolean {
  if (!envelopeFrom) return true; // the null return path of bounces
  const autoSubmitted = headerText(mail, 'auto-submitted').trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  const precedence = headerText(mail, 'precedence').trim().toLowerCase();
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return true;
  return ['x-autoreply', 'x-autorespond', 'x-autoresponder'].some((name) => mail.headers.has(name));
}

/** Text without NUL and other control characters that no mail body needs (tab and newline stay). */
export const clean = (value: string) =>
  // eslint-disable-next-line no-control-regex
  value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');

/** A file name safe to store and to offer as a download: no paths, no control characters. */
export function safeFilename(name: string | undefined): string {
  const base = clean(name ?? '')
    .replace(/\n/g, ' ')
    .split(/[\\/]/)
    .pop()!
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 150);
  return base || 'liite';
}

/**
 * The new part of a reply: the quoted earlier mail (an "On … wrote:" line followed by ">"
 * lines, or a trailing block of ">" lines) is cut off. The full text is never needed; the
 * earlier messages are in the conversation already.
 */
export function stripQuotedReply(text: string): string {
  const lines = text.split('\n');
  const header =
    /^(On .{3,200}wrote:|.{3,200} kirjoitti:|.{3,200} skrev( .{1,200})?:|-{2,} ?(Original Message|Alkuperäinen viesti|Ursprungligt meddelande) ?-{2,})\s*$/i;
  for (let i = 1; i < lines.length; i++) {
    if (header.test(lines[i]!.trim())) {
      const rest = lines.slice(i + 1).filter((l) => l.trim() !== '');
      if (
        rest.length === 0 ||
        rest.every((l) => l.startsWith('>')) ||
        /Original|Alkuper|Ursprung/i.test(lines[i]!)
      ) {
        return lines.slice(0, i).join('\n').trimEnd();
      }
    }
  }
  let end = lines.length;
  while (end > 0 && (lines[end - 1]!.startsWith('>') || lines[end - 1]!.trim() === '')) end--;
  const cut = lines.slice(end).some((l) => l.startsWith('>'));
  return cut && end > 0 ? lines.slice(0, end).join('\n').trimEnd() : text.trim();
}

/** The `<id@host>` part of a Message-ID header value, or null. */
export function normaliseMessageId(value: string | undefined | null): string | null {
  if (!value) return null;
  const match = /<[^<>\s]{1,250}>/.exec(value);
  return match ? match[0] : null;
}

/** Message ids this mail answers (In-Reply-To and References), the last 50 at most. */
export function referencedIds(mail: ParsedMail): string[] {
  const refs = Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [];
  const all = [mail.inReplyTo, ...refs.flatMap((r) => r.split(/\s+/))]
    .map((r) => normaliseMessageId(r))
    .filter((r): r is string => !!r);
  return [...new Set(all)].slice(-50);
}

/** The mail's declared language when the service speaks it, else Finnish. */
export function languageOf(mail: ParsedMail): ChatLanguage {
  const declared = headerText(mail, 'content-language').trim().slice(0, 2).toLowerCase();
  return (chatLanguages as readonly string[]).includes(declared) ? (declared as ChatLanguage) : 'fi';
}
