import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../test/test-app.js';

interface JsonSchema {
  type?: unknown;
  $ref?: unknown;
  anyOf?: unknown;
  oneOf?: unknown;
  allOf?: unknown;
}
interface ResponseObject {
  content?: Record<string, { schema?: JsonSchema }>;
}
interface Operation {
  responses?: Record<string, ResponseObject>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

const methods = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

/** A schema that says something about its value: a type, a reference or a combination of those. */
function isTyped(schema: JsonSchema | undefined): boolean {
  if (!schema) return false;
  return (
    schema.type !== undefined ||
    schema.$ref !== undefined ||
    Array.isArray(schema.anyOf) ||
    Array.isArray(schema.oneOf) ||
    Array.isArray(schema.allOf)
  );
}

function isJson(contentType: string): boolean {
  return contentType === 'application/json' || contentType.endsWith('+json');
}

/** Why an operation's success responses are not typed, or nothing when they are. */
function problemsOf(operation: Operation): string[] {
  const successes = Object.entries(operation.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
  // A browser navigation (single sign-on) succeeds with a redirect and no body.
  const redirects = Object.keys(operation.responses ?? {}).filter((status) => /^30[23]$/.test(status));
  if (successes.length === 0 && redirects.length === 0) return ['declares no 2xx response'];
  const problems: string[] = [];
  for (const [status, response] of successes) {
    const contents = Object.entries(response.content ?? {});
    if (status === '204') {
      // No body: either no content at all or a JSON null.
      const isEmpty = contents.every(([, { schema }]) => schema?.type === 'null');
      if (!isEmpty) problems.push('204 with a body');
      continue;
    }
    if (contents.length === 0) {
      problems.push(`${status} has no schema`);
      continue;
    }
    for (const [contentType, { schema }] of contents) {
      if (!isTyped(schema)) problems.push(`${status} ${contentType} is untyped (${JSON.stringify(schema)})`);
      // A download is declared with its own content type and a string body.
      else if (!isJson(contentType) && schema?.type !== 'string') {
        problems.push(`${status} ${contentType} is not declared as a string`);
      }
    }
  }
  return problems;
}

describe('the OpenAPI document', () => {
  const t = useTestApp();

  it('gives every operation a typed success response', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<OpenApiDocument>();
    const operations = Object.entries(document.paths).flatMap(([route, item]) =>
      Object.entries(item)
        .filter(([method]) => methods.has(method))
        .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${route}`, operation })),
    );
    // A document without operations would pass trivially.
    expect(operations.length).toBeGreaterThan(50);
    const untyped = operations.flatMap(({ name, operation }) =>
      problemsOf(operation).map((problem) => `${name}: ${problem}`),
    );
    expect(untyped).toEqual([]);
  });
});

const sourceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function listSourceFiles(directory: string): Promise<string[]> {
  const entries = await fs.readdir(directory, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return listSourceFiles(full);
      const isSource = entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts');
      return Promise.resolve(isSource ? [full] : []);
    }),
  );
  return nested.flat();
}

describe('the server source', () => {
  it('has no z.any() (say what a value is, or z.unknown() with a reason)', async () => {
    const files = await listSourceFiles(sourceRoot);
    expect(files.length).toBeGreaterThan(50);
    const hits: string[] = [];
    for (const file of files) {
      const lines = (await fs.readFile(file, 'utf8')).split('\n');
      lines.forEach((line, index) => {
        if (/\bz\s*\.\s*any\s*\(/.test(line)) hits.push(`${path.relative(sourceRoot, file)}:${index + 1}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
