import { z } from 'zod';
import { twoStepRequirements } from './auth.table.js';
import { newPasswordSchema, staffSchema } from '../staff/staff.schema.js';

export const loginBodySchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1000),
});

const signedInSchema = z.object({
  staff: staffSchema,
  expiresAt: z.iso.datetime(),
});

/** Signed in, or the password was right and a second step is needed with this challenge. */
export const loginResponseSchema = z.union([
  signedInSchema,
  z.object({
    secondStep: z.object({
      challenge: z.string(),
      expiresAt: z.iso.datetime(),
      methods: z.array(z.enum(['totp', 'recovery_code', 'passkey'])),
    }),
  }),
]);

export const secondStepBodySchema = z
  .object({
    challenge: z.string().min(20).max(100),
    code: z.string().trim().max(20).optional(),
    recoveryCode: z.string().trim().max(40).optional(),
  })
  .refine((body) => !!body.code !== !!body.recoveryCode, {
    message: 'give either a code or a recovery code',
    path: ['code'],
  });
export const secondStepResponseSchema = signedInSchema;

export const codeBodySchema = z.object({ code: z.string().trim().min(1).max(20) });

export const twoStepStatusSchema = z.object({
  enabled: z.boolean(),
  pending: z.boolean(),
  enabledAt: z.iso.datetime().nullable(),
  required: z.boolean(),
  recoveryCodesLeft: z.number().int(),
});

export const totpSetupSchema = z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() });
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export const authSettingsSchema = z.object({ requireTwoStep: z.enum(twoStepRequirements) });

/** The signed-in person, and whether they must set up two-step verification before going on. */
export const meSchema = staffSchema.extend({ mustSetUpTwoStep: z.boolean() });

export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(1000),
  newPassword: newPasswordSchema,
});
