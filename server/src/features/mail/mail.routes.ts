import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { binaryFileResponse, commonErrors } from '../../http/schemas.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { attachmentForStaff } from './attachment.service.js';
import { mailLogSchema, mailRetrySchema } from './mail.schema.js';
import { readMailLog, retryFailedMail } from './outgoing-mail.service.js';

const idParams = z.object({ id: z.string().max(100) });

/** RFC 6266 / 5987: an ASCII fallback and the exact UTF-8 name. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Attachments, resending a failed mail, and the outgoing mail log. */
export const mailRoutes: FastifyPluginAsyncZod<ContactDeps> = async (app, { db, sender }) => {
  app.get('/api/v1/inbox/attachments/:id', {
    schema: {
      tags: ['inbox'],
      summary: 'Download an attachment (staff who may see its conversation)',
      params: idParams,
      response: {
        200: binaryFileResponse('application/octet-stream', 'The attachment as it was received'),
        ...commonErrors,
      },
    },
    handler: async (request, reply) => {
      const file = await attachmentForStaff(db, request.context(), request.params.id);
      // Always a download, never rendered by the browser, whatever the sender claimed it was.
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', contentDisposition(file.filename))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('cache-control', 'private, no-store')
        .send(file.content);
    },
  });

  app.post('/api/v1/inbox/mail/:id/retry', {
    schema: {
      tags: ['inbox'],
      summary: 'Send a failed mail again',
      params: idParams,
      response: { 200: mailRetrySchema, ...commonErrors },
    },
    handler: async (request) => retryFailedMail(db, sender, request.context(), request.params.id),
  });

  app.get('/api/v1/dev-mailbox', {
    schema: {
      tags: ['inbox'],
      summary: 'The outgoing mail log, newest first (admins); without SMTP_URL the only place mail goes',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50).catch(50) }),
      response: { 200: mailLogSchema, ...commonErrors },
    },
    handler: async (request, reply) => {
      const log = await readMailLog(db, sender, request.context(), request.query.limit);
      reply.header('cache-control', 'no-store');
      return log;
    },
  });
};
