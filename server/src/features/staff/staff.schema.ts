import { z } from 'zod';
import { expertiseSchema, languageCodeSchema } from '../../shared/vocabulary.js';
import { staffGrants, staffRoles } from '../../access/actor.js';

export const staffSchema = z.object({
  id: z.uuid(),
  organisationId: z.uuid().nullable(),
  organisationName: z.string().nullable(),
  email: z.string(),
  name: z.string(),
  languages: z.array(z.string()),
  expertise: z.array(z.string()),
  role: z.enum(staffRoles),
  /** Duties granted on top of the role (privacy: answers data-subject requests). */
  grants: z.array(z.enum(staffGrants)),
  isActive: z.boolean(),
  mustChangePassword: z.boolean(),
  /** Has a second step: a code from an app, or a passkey. */
  twoStepEnabled: z.boolean(),
  passkeys: z.number().int(),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type StaffView = z.infer<typeof staffSchema>;

export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

/** Length is what makes a password strong; 12 characters is the floor, a passphrase is welcome. */
export const newPasswordSchema = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(200, 'must be at most 200 characters');

export const createStaffSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(2).max(200),
  organisationId: z.uuid().nullable().optional(),
  role: z.enum(staffRoles),
  languages: z.array(languageCodeSchema).min(1).max(20),
  expertise: z.array(expertiseSchema).max(20).default([]),
});
export type CreateStaffInput = z.infer<typeof createStaffSchema>;

export const updateStaffSchema = createStaffSchema.partial().extend({
  isActive: z.boolean().optional(),
  expertise: z.array(expertiseSchema).max(20).optional(),
  /** Only service admins grant duties. */
  grants: z.array(z.enum(staffGrants)).max(staffGrants.length).optional(),
});
export type UpdateStaffInput = z.infer<typeof updateStaffSchema>;

export const staffListQuerySchema = z.object({
  organisationId: z.uuid().optional(),
  includeInactive: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});
