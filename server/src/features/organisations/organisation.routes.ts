import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database-types.js';
import { created, idParamsSchema, itemsOf, ok } from '../../http/schemas.js';
import {
  createOrganisationSchema,
  organisationListQuerySchema,
  organisationSchema,
  updateOrganisationSchema,
} from './organisation.schema.js';
import {
  createOrganisation,
  getOrganisation,
  listOrganisations,
  updateOrganisation,
} from './organisation.service.js';

export const organisationRoutes: FastifyPluginAsyncZod<{ db: Db; onChange?: () => void }> = async (
  app,
  { db, onChange },
) => {
  // Providers' chat allow-lists are cached; a successful change reloads them.
  app.addHook('onResponse', async (request, reply) => {
    if (request.method !== 'GET' && reply.statusCode < 400) onChange?.();
  });
  app.get('/api/v1/organisations', {
    schema: {
      tags: ['organisations'],
      summary: 'Member providers (inactive ones only for staff who manage providers)',
      querystring: organisationListQuerySchema,
      response: ok(itemsOf(organisationSchema)),
    },
    handler: async (request) => ({
      items: await listOrganisations(db, request.context(), request.query),
    }),
  });

  app.get('/api/v1/organisations/:id', {
    schema: {
      tags: ['organisations'],
      params: idParamsSchema,
      response: ok(organisationSchema),
    },
    handler: (request) => getOrganisation(db, request.context(), request.params.id),
  });

  app.post('/api/v1/organisations', {
    schema: {
      tags: ['organisations'],
      summary: 'Add a member provider (admins)',
      body: createOrganisationSchema,
      response: created(organisationSchema),
    },
    handler: async (request) => createOrganisation(db, request.context(), request.body),
  });

  app.patch('/api/v1/organisations/:id', {
    schema: {
      tags: ['organisations'],
      summary: 'Edit a provider (admins; org admins their own, without status)',
      params: idParamsSchema,
      body: updateOrganisationSchema,
      response: ok(organisationSchema),
    },
    handler: (request) => updateOrganisation(db, request.context(), request.params.id, request.body),
  });
};
