import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

const message = 'must not contain NUL characters';

/** The path to the first string (or key) holding a NUL character, or undefined when there is none. */
function findNul(value: unknown): string[] | undefined {
  // Iterative: a body can nest deeply within the size limit and must not blow the stack.
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path;
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, path: [...path, String(index)] }));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        if (key.includes('\u0000')) return path;
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return undefined;
}

/**
 * Refuses API requests whose body, query or path holds a NUL character. PostgreSQL cannot store
 * NUL in text, so such input would otherwise fail deep inside a query as a 500.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const parts = { body: request.body, querystring: request.query, params: request.params };
    for (const [part, value] of Object.entries(parts)) {
      const path = findNul(value);
      if (!path) continue;
      const field = part === 'body' ? path.join('.') || 'body' : [part, ...path].join('.');
      throw new AppError('request.invalid', 400, `${field}: ${message}`, { fields: [{ field, message }] });
    }
  });
}
