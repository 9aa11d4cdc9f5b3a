import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { binaryFileResponse, idParams, ok } from '../../http/schemas.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { attachmentForStaff } from './attachment.service.js';
import { mailLogAttachmentParams, mailLogSchema, mailRetrySchema } from './mail.schema.js';
import { mailLogAttachment, readMailLog, retryFailedMail } from './outgoing-mail.service.js';

/** RFC 6266 / 5987: an ASCII fallback and the exact UTF-8 name. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** A file sent as a download, never rendered by the browser and never kept by a cache. */
function sendAsDownload(reply: FastifyReply, contentType: string, filename: string, content: Buffer) {
  return reply
    .header('content-type', contentType)
    .header('content-disposition', contentDisposition(filename))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cache-control', 'private, no-store')
    .send(content);
}

/** Attachments, resending a failed mail, and the outgoing mail log. */
export const mailRoutes: FastifyPluginAsyncZod<ContactDeps> = async (app, { db, sender }) => {
  app.get('/api/v1/inbox/attachments/:id', {
    schema: {
      tags: ['inbox'],
      summary: 'Download an attachment (staff who may see its conversation)',
      params: idParams,
      response: ok(binaryFileResponse('application/octet-stream', 'The attachment as it was received')),
    },
    handler: async (request, reply) => {
      const file = await attachmentForStaff(db, request.context(), request.params.id);
      // Always a download, whatever the sender claimed it was.
      return sendAsDownload(reply, 'application/octet-stream', file.filename, file.content);
    },
  });

  app.post('/api/v1/inbox/mail/:id/retry', {
    schema: {
      tags: ['inbox'],
      summary: 'Send a failed mail again',
      params: idParams,
      response: ok(mailRetrySchema),
    },
    handler: async (request) => retryFailedMail(db, sender, request.context(), request.params.id),
  });

  app.get('/api/v1/dev-mailbox', {
    schema: {
      tags: ['inbox'],
      summary: 'The outgoing mail log, newest first (admins); without SMTP_URL the only place mail goes',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50).catch(50) }),
      response: ok(mailLogSchema),
    },
    handler: async (request, reply) => {
      const log = await readMailLog(db, sender, request.context(), request.query.limit);
      reply.header('cache-control', 'no-store');
      return log;
    },
  });

  app.get('/api/v1/dev-mailbox/:id/attachments/:index', {
    schema: {
      tags: ['inbox'],
      summary: "Download a file an outgoing mail carries, e.g. a booking's calendar (admins)",
      params: mailLogAttachmentParams,
      response: ok(binaryFileResponse('text/calendar', 'The file as the mail carries it')),
    },
    handler: async (request, reply) => {
      const file = await mailLogAttachment(db, request.context(), request.params.id, request.params.index);
      return sendAsDownload(reply, file.contentType, file.filename, Buffer.from(file.content, 'utf8'));
    },
  });
};
