import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isAppError } from '../errors.js';
import { recordAudit } from '../access/audit.js';
import type { Db } from '../db/database-types.js';
import { setSecurityHeaders } from './security-headers.js';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

function send(reply: FastifyReply, status: number, body: ErrorBody) {
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

// Fastify's own client errors, given stable codes of ours.
const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request.empty_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'request.malformed_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.invalid_content_length',
};

const internalError = { code: 'internal', message: 'Something went wrong on our side. Please try again.' };

// Errors the router raises before any hook or handler runs, given stable codes of ours.
const frameworkCodes: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_BAD_URL: { status: 400, code: 'request.bad_url', message: 'Malformed URL' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'request.uri_too_long', message: 'URL too long' },
};

/**
 * Answers what the router refuses before any hook runs (a malformed percent-encoding in the
 * path): the same headers and body shape as every other error, instead of Fastify's bare reply.
 */
export function sendFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
  security: { isHttps: boolean },
): void {
  setSecurityHeaders(request, reply, security);
  reply.header('x-request-id', request.id);
  const known = error.code ? frameworkCodes[error.code] : undefined;
  if (!known) request.log.error({ err: error }, 'request failed in the router');
  void send(reply, known?.status ?? 500, {
    error: known ? { code: known.code, message: known.message } : internalError,
  });
}

/**
 * The one error handler: coded 4xx bodies the UI can translate, validation errors naming the
 * field, denials written to the audit log, and 5xx details kept in the log, never sent.
 */
export function registerErrorHandler(app: FastifyInstance, db: Db): void {
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.map((issue) => {
        const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
        const where = error.validationContext === 'body' ? path : `${error.validationContext}.${path}`;
        return { field: where || error.validationContext || 'body', message: issue.message ?? 'invalid' };
      });
      const first = fields[0];
      return send(reply, 400, {
        error: {
          code: 'request.invalid',
          message: first ? `${first.field}: ${first.message}` : 'Invalid request',
          details: { fields },
        },
      });
    }

    if (isAppError(error)) {
      if (error.status === 403 && request.actor?.type === 'staff') {
        await recordAudit(db, request.context(), {
          action: 'access.denied',
          outcome: 'denied',
          targetType: 'route',
          targetId: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
          details: { code: error.code, ...(error.details ?? {}) },
        }).catch((auditError: unknown) => request.log.error({ err: auditError }, 'audit write failed'));
      }
      const retryAfter = error.details?.retryAfterSeconds;
      if (error.status === 429 && typeof retryAfter === 'number') {
        reply.header('retry-after', String(retryAfter));
      }
      return send(reply, error.status, {
        error: {
          code: error.code,
          message: error.message,
          ...(error.details ? { details: error.details } : {}),
        },
      });
    }

    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = (error.code && fastifyCodes[error.code]) ?? 'request.invalid';
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        // Name the limit, so that whoever uploads knows what to do.
        const limit = request.routeOptions.bodyLimit;
        const size =
          limit >= 1024 * 1024
            ? `${Math.round((limit / 1024 / 1024) * 10) / 10} MB`
            : `${Math.round(limit / 1024)} KB`;
        return send(reply, status, {
          error: {
            code,
            message: `The request body is larger than the limit of ${size}`,
            details: { limitBytes: limit },
          },
        });
      }
      return send(reply, status, { error: { code, message: error.message } });
    }

    request.log.error({ err: error }, 'request failed');
    return send(reply, 500, { error: internalError });
  });
}
