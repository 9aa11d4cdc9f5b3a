import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { commonErrors } from '../../http/schemas.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { conversationForStaff, mayHandle } from '../../conversations/access.js';
import { attachmentForStaff } from '../inbox/inbox.service.js';
import { presentOutgoingMail } from '../../conversations/mail-outbox.js';

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
      response: { 200: z.any(), ...commonErrors },
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
      response: { 200: z.any(), ...commonErrors },
    },
    handler: async (request) => {
      const notFound = new AppError('mail.not_found', 404, 'No such mail');
      if (!z.uuid().safeParse(request.params.id).success) throw notFound;
      const mail = await db
        .selectFrom('outgoing_mail')
        .select(['id', 'conversation_id', 'status'])
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!mail?.conversation_id) throw notFound;
      const { staff, conversation } = await conversationForStaff(db, request.context(), mail.conversation_id);
      if (!mayHandle(staff, conversation)) throw new AppError('auth.forbidden', 403);
      if (mail.status !== 'failed') {
        throw new AppError('mail.not_failed', 409, 'Only a failed mail can be sent again');
      }
      await db
        .updateTable('outgoing_mail')
        .set({ status: 'queued', attempts: 0, next_attempt_at: sql<Date>`now()` })
        .where('id', '=', mail.id)
        .execute();
      await recordAudit(db, request.context(), {
        action: 'mail.retry',
        targetType: 'conversation',
        targetId: mail.conversation_id,
        organisationId: conversation.organisation_id,
      });
      sender.kick(mail.id);
      return { id: mail.id, status: 'queued' };
    },
  });

  app.get('/api/v1/dev-mailbox', {
    schema: {
      tags: ['inbox'],
      summary: 'The outgoing mail log, newest first (admins); without SMTP_URL the only place mail goes',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50).catch(50) }),
      response: { 200: z.any(), ...commonErrors },
    },
    handler: async (request, reply) => {
      authorize(request.actor, 'mail.log');
      const rows = await db
        .selectFrom('outgoing_mail')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(request.query.limit)
        .execute();
      await recordAudit(db, request.context(), { action: 'mail.log_read', details: { count: rows.length } });
      reply.header('cache-control', 'no-store');
      return { relay: sender.relay, items: rows.map(presentOutgoingMail) };
    },
  });
};
