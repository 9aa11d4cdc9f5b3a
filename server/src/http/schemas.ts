import { z } from 'zod';

/** The body of every 4xx/5xx response: a stable code for programs, a message for people. */
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    // Open on purpose: each error code carries its own details (invalid fields, a next opening time…).
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

/**
 * A file download (CSV, iCalendar, an attachment). The body is the file itself, sent with its own
 * content type, so the JSON serializer never runs on it; the schema tells the OpenAPI document
 * what comes back.
 */
export function fileResponse<ContentType extends string>(contentType: ContentType, description: string) {
  const content = { [contentType]: { schema: z.string().describe(description) } };
  return { description, content: content as Record<ContentType, { schema: z.ZodString }> };
}

/** A binary download (an attachment) sent as a Buffer; documented as a binary string. */
export function binaryFileResponse<ContentType extends string>(
  contentType: ContentType,
  description: string,
) {
  const schema = z
    .custom<Buffer>((value) => Buffer.isBuffer(value))
    .meta({ type: 'string', format: 'binary', description });
  const content = { [contentType]: { schema } };
  return { description, content: content as Record<ContentType, { schema: typeof schema }> };
}
