import { z } from 'zod';
import { expertiseSchema, httpUrlSchema } from '../../shared/vocabulary.js';

/** A web origin: scheme, host and port only, e.g. https://www.example.fi. */
const originSchema = z
  .string()
  .trim()
  .max(200)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'https:' || url.protocol === 'http:') &&
        url.origin === value.replace(/\/$/, '') &&
        !url.username
      );
    } catch {
      return false;
    }
  }, 'an origin such as https://www.example.fi, without a path')
  .transform((value) => new URL(value).origin);

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const organisationSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.object({ fi: z.string(), sv: z.string().nullable(), en: z.string().nullable() }),
  description: z.object({
    fi: z.string().nullable(),
    sv: z.string().nullable(),
    en: z.string().nullable(),
  }),
  website: z.string().nullable(),
  municipality: z.string().nullable(),
  /** Opintopolku organisation OID: catalogue imports find the provider by it. */
  opintopolkuOid: z.string().nullable(),
  expertise: z.array(z.string()),
  /** Member-site origins allowed to embed the chat widget. */
  allowedOrigins: z.array(z.string()),
  isActive: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type OrganisationView = z.infer<typeof organisationSchema>;

export const createOrganisationSchema = z.object({
  slug: z
    .string()
    .trim()
    .min(2)
    .max(60)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens only'),
  name: z.object({
    fi: z.string().trim().min(2).max(200),
    sv: optionalText(200),
    en: optionalText(200),
  }),
  description: z
    .object({ fi: optionalText(2000), sv: optionalText(2000), en: optionalText(2000) })
    .optional(),
  website: httpUrlSchema.nullable().optional(),
  municipality: optionalText(100),
  opintopolkuOid: z
    .string()
    .trim()
    .regex(
      /^1\.2\.246\.562\.10\.\d{5,20}$/,
      'an Opintopolku organisation OID such as 1.2.246.562.10.12345678901',
    )
    .nullable()
    .optional(),
  expertise: z.array(expertiseSchema).max(20).optional(),
  allowedOrigins: z.array(originSchema).max(20).optional(),
});
export type CreateOrganisationInput = z.infer<typeof createOrganisationSchema>;

export const updateOrganisationSchema = createOrganisationSchema.omit({ slug: true }).partial().extend({
  name: createOrganisationSchema.shape.name.partial().optional(),
  isActive: z.boolean().optional(),
});
export type UpdateOrganisationInput = z.infer<typeof updateOrganisationSchema>;

export const organisationListQuerySchema = z.object({
  includeInactive: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});
