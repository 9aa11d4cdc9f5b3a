import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { rateLimit } from '../../http/rate-limit.js';
import { errorResponses, idParams, itemsOf } from '../../http/schemas.js';
import { catalogueLangs } from './catalogue-vocabulary.js';
import {
  closeContactRequest,
  contactRequestBodySchema,
  contactRequestSchema,
  createContactRequest,
  listContactRequests,
} from './contact-request.js';
import { finderAnswersSchema, finderResponseSchema, suggestProgrammes } from './finder.js';
import { bumpCounter } from '../reports/daily-counters.js';
import { importProgrammes } from './import/import.service.js';
import {
  programmeDetailSchema,
  programmeIdsQuerySchema,
  programmeListQuerySchema,
  programmeListResponseSchema,
} from './programme.schema.js';
import { listProgrammes } from './programme-listing.service.js';
import { getProgramme, getProgrammes } from './programme.service.js';

const reportItem = z.object({ externalId: z.string(), name: z.string(), provider: z.string() });
const importReportSchema = z.object({
  dryRun: z.boolean(),
  files: z.array(
    z.object({ name: z.string(), format: z.string(), encoding: z.string(), programmes: z.number() }),
  ),
  added: z.array(reportItem),
  updated: z.array(reportItem),
  unchanged: z.number(),
  deactivated: z.array(reportItem),
  rejected: z.array(z.object({ ref: z.string(), externalId: z.string().optional(), reason: z.string() })),
  warnings: z.array(z.object({ ref: z.string(), message: z.string() })),
});

const importQuerySchema = z.object({
  provider: z.string().max(100).optional(),
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  fileName: z
    .string()
    .max(200)
    .regex(/^[^/\\\0]+$/)
    .default('upload'),
});

export const programmeRoutes: FastifyPluginAsyncZod<{ db: Db; uploadMaxBytes: number }> = async (
  app,
  { db, uploadMaxBytes },
) => {
  app.get('/api/v1/programs', {
    schema: {
      tags: ['catalogue'],
      summary:
        'The catalogue: filter, search, facet counts, sort and pages (unknown filter values are ignored)',
      querystring: programmeListQuerySchema,
      response: { 200: programmeListResponseSchema, ...errorResponses(400) },
    },
    handler: (request) => listProgrammes(db, request.context(), request.query),
  });

  app.get('/api/v1/programs/by-ids', {
    schema: {
      tags: ['catalogue'],
      summary: 'Several programmes by id (shortlist, comparison); unknown ids are left out',
      querystring: programmeIdsQuerySchema,
      response: { 200: itemsOf(programmeDetailSchema), ...errorResponses(400) },
    },
    handler: async (request) => ({
      items: await getProgrammes(db, request.context(), request.query.ids, request.query.lang),
    }),
  });

  app.get('/api/v1/programs/:id', {
    schema: {
      tags: ['catalogue'],
      summary: 'One programme (also one that is no longer offered: see `active`)',
      params: idParams,
      querystring: z.object({ lang: z.enum(catalogueLangs).catch('fi').default('fi') }),
      response: { 200: programmeDetailSchema, ...errorResponses(404) },
    },
    handler: (request) => getProgramme(db, request.context(), request.params.id, request.query.lang),
  });

  app.get('/api/v1/finder/suggestions', {
    schema: {
      tags: ['catalogue'],
      summary:
        'The guided finder: ranked programmes with the reasons they fit, and guide articles for the situation',
      querystring: finderAnswersSchema,
      response: { 200: finderResponseSchema, ...errorResponses(400) },
    },
    handler: async (request) => {
      const result = await suggestProgrammes(db, request.context(), request.query);
      // One finder results page view (the page asks once); counted for the reports, no visitor kept.
      await bumpCounter(db, 'finder.used').catch((error: unknown) =>
        request.log.warn({ err: error }, 'finder use could not be counted'),
      );
      return result;
    },
  });

  app.post('/api/v1/contact-requests', {
    schema: {
      tags: ['catalogue'],
      summary: 'Hand a shortlist and finder answers to a counsellor (needs consent: true)',
      body: contactRequestBodySchema,
      response: { 201: z.object({ id: z.string() }), ...errorResponses(400, 429) },
    },
    preHandler: rateLimit({ name: 'contact-request', max: 5, windowMs: 10 * 60_000 }),
    handler: async (request) => createContactRequest(db, request.context(), request.body),
  });

  app.get('/api/v1/contact-requests', {
    schema: {
      tags: ['catalogue'],
      summary: 'Contact requests for the staff member (their provider and the shared queue)',
      querystring: z.object({ status: z.enum(['open', 'closed']).catch('open').default('open') }),
      response: { 200: itemsOf(contactRequestSchema), ...errorResponses(401, 403) },
    },
    handler: async (request) => ({
      items: await listContactRequests(db, request.context(), request.query.status),
    }),
  });

  app.post('/api/v1/contact-requests/:id/close', {
    schema: {
      tags: ['catalogue'],
      summary: 'Mark a contact request handled',
      params: z.object({ id: z.string().uuid() }),
      response: { 204: z.null(), ...errorResponses(401, 403, 404) },
    },
    handler: async (request, reply) => {
      await closeContactRequest(db, request.context(), request.params.id);
      return reply.status(204).send(null);
    },
  });

  // The body is the file itself (CSV or Opintopolku JSON), read as bytes: the importer
  // detects the encoding and the format.
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: uploadMaxBytes },
      (_request, body, done) => done(null, body),
    );
    scope.post('/api/v1/programs/import', {
      schema: {
        tags: ['catalogue'],
        summary:
          'Import programmes from one CSV or Opintopolku JSON file (admins; provider admins into their own provider)',
        querystring: importQuerySchema,
        response: { 200: importReportSchema, ...errorResponses(400, 401, 403, 413) },
      },
      bodyLimit: uploadMaxBytes,
      preHandler: rateLimit({ name: 'catalogue-import', max: 30, windowMs: 60_000 }),
      handler: async (request) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        return importProgrammes(db, request.context(), [{ name: request.query.fileName, bytes: body }], {
          providerSlug: request.query.provider || undefined,
          dryRun: request.query.dryRun,
          maxBytes: uploadMaxBytes,
        });
      },
    });
  });
};
