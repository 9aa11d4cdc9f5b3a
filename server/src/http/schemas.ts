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

/** The error answers a route can give, by status code: `...errorResponses(400, 404, 429)`. */
export function errorResponses<const Code extends number>(...codes: Code[]) {
  return Object.fromEntries(codes.map((code) => [code, errorResponseSchema])) as Record<
    Code,
    typeof errorResponseSchema
  >;
}

/** A staff route's answers: `schema` with 200, or one of the common errors. */
export const ok = <Schema>(schema: Schema) => ({ 200: schema, ...commonErrors });

/** A staff route that creates something: `schema` with 201, or one of the common errors. */
export const created = <Schema>(schema: Schema) => ({ 201: schema, ...commonErrors });

/** A staff route that answers 204 without a body, or one of the common errors. */
export const noContent = { 204: z.null(), ...commonErrors };

/** A list answer, `{ items: [...] }`. */
export const itemsOf = <Item extends z.ZodType>(item: Item) => z.object({ items: z.array(item) });

export const idParamsSchema = z.object({ id: z.uuid() });

/**
 * An id in the path that is looked up as it is (an id that is not a UUID is simply not found,
 * 404, rather than a 400).
 */
export const idParams = z.object({ id: z.string().max(100) });

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
