import { z } from 'zod';
import { newPasswordSchema, staffSchema } from '../staff/staff.schema.js';

export const loginBodySchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1000),
});

export const loginResponseSchema = z.object({
  staff: staffSchema,
  expiresAt: z.iso.datetime(),
});

export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(1000),
  newPassword: newPasswordSchema,
});
