import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database-types.js';
import { errorResponses, idParamsSchema, noContent, ok } from '../../http/schemas.js';
import {
  authSettingsSchema,
  codeBodySchema,
  recoveryCodesSchema,
  totpSetupSchema,
  twoStepStatusSchema,
} from './auth.schema.js';
import {
  beginTotpSetup,
  confirmTotpSetup,
  disableOwnTwoStep,
  getPendingTotpSetup,
  getTwoStepRequirement,
  getTwoStepStatus,
  regenerateRecoveryCodes,
  resetStaffTwoStep,
  setTwoStepRequirement,
} from './two-step.service.js';

/** One's two-step verification, an admin's reset of someone's, and who must use it. */
export const twoStepRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/v1/auth/two-step', {
    schema: {
      tags: ['auth'],
      summary: 'Whether one’s two-step verification is on, required, and how many recovery codes are left',
      response: ok(twoStepStatusSchema),
    },
    handler: (request) => getTwoStepStatus(db, request.context()),
  });

  app.post('/api/v1/auth/two-step/setup', {
    schema: {
      tags: ['auth'],
      summary: 'Start setting up a code app: a new secret, its otpauth URI and QR code',
      response: ok(totpSetupSchema),
    },
    handler: (request) => beginTotpSetup(db, request.context()),
  });

  app.get('/api/v1/auth/two-step/setup', {
    schema: {
      tags: ['auth'],
      summary: 'The set-up waiting for its code, shown again',
      response: { 200: totpSetupSchema, ...errorResponses(401, 404) },
    },
    handler: (request) => getPendingTotpSetup(db, request.context()),
  });

  app.post('/api/v1/auth/two-step/confirm', {
    schema: {
      tags: ['auth'],
      summary: 'Prove the new secret with a code; turns two-step on and returns ten recovery codes, once',
      body: codeBodySchema,
      response: ok(recoveryCodesSchema),
    },
    handler: (request) => confirmTotpSetup(db, request.context(), request.body.code),
  });

  app.post('/api/v1/auth/two-step/recovery-codes', {
    schema: {
      tags: ['auth'],
      summary: 'Replace one’s recovery codes (proven with a current code)',
      body: codeBodySchema,
      response: ok(recoveryCodesSchema),
    },
    handler: (request) => regenerateRecoveryCodes(db, request.context(), request.body.code),
  });

  app.post('/api/v1/auth/two-step/disable', {
    schema: {
      tags: ['auth'],
      summary: 'Turn one’s two-step verification off (proven with a current code; not when required)',
      body: codeBodySchema,
      response: noContent,
    },
    handler: async (request, reply) => {
      await disableOwnTwoStep(db, request.context(), request.body.code);
      return reply.status(204).send(null);
    },
  });

  app.post('/api/v1/staff/:id/reset-two-step', {
    schema: {
      tags: ['staff'],
      summary: 'Clear a staff member’s two-step verification (a lost phone); ends their sessions',
      params: idParamsSchema,
      response: noContent,
    },
    handler: async (request, reply) => {
      await resetStaffTwoStep(db, request.context(), request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/v1/auth/settings', {
    schema: {
      tags: ['auth'],
      summary: 'Sign-in settings of the installation (admins)',
      response: ok(authSettingsSchema),
    },
    handler: async (request) => ({ requireTwoStep: await getTwoStepRequirement(db, request.context()) }),
  });

  app.put('/api/v1/auth/settings', {
    schema: {
      tags: ['auth'],
      summary: 'Choose who must use two-step verification (admins)',
      body: authSettingsSchema,
      response: ok(authSettingsSchema),
    },
    handler: async (request) => ({
      requireTwoStep: await setTwoStepRequirement(db, request.context(), request.body.requireTwoStep),
    }),
  });
};
