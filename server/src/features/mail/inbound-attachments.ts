/* Which attachments of a received mail are kept: allowed types (by name, declared type and first bytes), size and count. */
import { randomUUID } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import type { AttachmentInfo, RefusedAttachment } from '../inbox/inbox.types.js';
import { safeFilename } from './inbound-mail-content.js';

export const ATTACHMENT_MAX_COUNT = 5;
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

/** Allowed attachment types: declared type, file name extensions, and the file's first bytes. */
const allowedTypes: { types: string[]; extensions: string[]; magic?: number[][] }[] = [
  { types: ['application/pdf'], extensions: ['pdf'], magic: [[0x25, 0x50, 0x44, 0x46]] },
  {
    types: ['image/jpeg', 'image/jpg', 'image/pjpeg'],
    extensions: ['jpg', 'jpeg'],
    magic: [[0xff, 0xd8, 0xff]],
  },
  { types: ['image/png'], extensions: ['png'], magic: [[0x89, 0x50, 0x4e, 0x47]] },
  { types: ['text/plain'], extensions: ['txt'] },
  {
    types: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    extensions: ['docx'],
    magic: [[0x50, 0x4b, 0x03, 0x04]],
  },
  {
    types: ['application/vnd.oasis.opendocument.text'],
    extensions: ['odt'],
    magic: [[0x50, 0x4b, 0x03, 0x04]],
  },
  { types: ['application/rtf', 'text/rtf'], extensions: ['rtf'], magic: [[0x7b, 0x5c, 0x72, 0x74, 0x66]] },
];

function checkAttachment(att: ParsedMail['attachments'][number]): RefusedAttachment['reason'] | null {
  const filename = safeFilename(att.filename).toLowerCase();
  const extension = filename.includes('.') ? filename.slice(filename.lastIndexOf('.') + 1) : '';
  const type = (att.contentType ?? '').toLowerCase();
  const rule = allowedTypes.find((r) => r.extensions.includes(extension));
  if (!rule) return 'type_not_allowed';
  if (!rule.types.includes(type) && type !== 'application/octet-stream') return 'type_not_allowed';
  if (att.size > ATTACHMENT_MAX_BYTES || att.content.length > ATTACHMENT_MAX_BYTES) return 'too_large';
  if (rule.magic && !rule.magic.some((m) => m.every((byte, i) => att.content[i] === byte))) {
    return 'type_not_allowed';
  }
  return null;
}

/** An attachment to store, with its content. */
export type KeptAttachment = AttachmentInfo & { content: Buffer };

/**
 * Sorts a mail's attachments into those kept (at most ATTACHMENT_MAX_COUNT allowed files) and
 * those refused, with the reason.
 */
export function sortAttachments(attachments: ParsedMail['attachments']): {
  kept: KeptAttachment[];
  refused: RefusedAttachment[];
} {
  const kept: KeptAttachment[] = [];
  const refused: RefusedAttachment[] = [];
  for (const att of attachments) {
    // Pictures inside an HTML body are part of its layout, which is not shown.
    if (att.related) continue;
    const filename = safeFilename(att.filename);
    const reason = checkAttachment(att);
    if (reason) refused.push({ filename, reason });
    else if (kept.length >= ATTACHMENT_MAX_COUNT) refused.push({ filename, reason: 'too_many' });
    else {
      kept.push({
        id: randomUUID(),
        filename,
        contentType: (att.contentType ?? 'application/octet-stream').toLowerCase().slice(0, 100),
        size: att.content.length,
        content: att.content,
      });
    }
  }
  return { kept, refused };
}
