import { z } from 'zod';

/** The body of every 4xx/5xx response: a stable code for programs, a message for people. */
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** Error responses most routes can give, for the OpenAPI document. */
export const commonErrors = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
} as const;

export const idParamsSchema = z.object({ id: z.uuid() });
