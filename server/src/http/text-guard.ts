import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { MAX_JSON_DEPTH, jsonTextTooDeep, valueTooDeep } from '../shared/json-depth.js';

const message = 'must not contain NUL characters';

interface Visit {
  value: unknown;
  key: string;
  parent: Visit | undefined;
}

const pathOf = (visit: Visit | undefined): string[] => {
  const path: string[] = [];
  for (let at = visit; at?.parent; at = at.parent) path.push(at.key);
  return path.reverse();
};

/**
 * The path to the first string (or key) holding a NUL character, or undefined when there is
 * none. Iterative and linear in the size of the value: each visit keeps a link to its parent
 * and the path is built only for the value that is reported.
 */
export function findNul(value: unknown): string[] | undefined {
  const stack: Visit[] = [{ value, key: '', parent: undefined }];
  while (stack.length) {
    const visit = stack.pop()!;
    const current = visit.value;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return pathOf(visit);
    } else if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++)
        stack.push({ value: current[i], key: String(i), parent: visit });
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        if (key.includes('\u0000')) return pathOf(visit);
        stack.push({ value: child, key, parent: visit });
      }
    }
  }
  return undefined;
}

/**
 * Refuses API requests whose body, query or path holds a NUL character. PostgreSQL cannot store
 * NUL in text, so such input would otherwise fail deep inside a query as a 500. Bodies are
 * already no deeper than MAX_JSON_DEPTH (the JSON parser refuses deeper ones); the check here
 * keeps that true for anything else that reaches a route.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const parts = { body: request.body, querystring: request.query, params: request.params };
    for (const [part, value] of Object.entries(parts)) {
      if (valueTooDeep(value)) throw tooDeep();
      const path = findNul(value);
      if (!path) continue;
      const field = part === 'body' ? path.join('.') || 'body' : [part, ...path].join('.');
      throw new AppError('request.invalid', 400, `${field}: ${message}`, { fields: [{ field, message }] });
    }
  });
}

export const tooDeep = () =>
  new AppError('request.invalid', 400, `The request nests deeper than ${MAX_JSON_DEPTH} levels`, {
    maxDepth: MAX_JSON_DEPTH,
  });

/**
 * Fastify's JSON parser (prototype-poisoning checks included), preceded by a linear scan that
 * refuses bodies nested deeper than MAX_JSON_DEPTH before anything walks them.
 */
export function registerJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && jsonTextTooDeep(body)) return done(tooDeep(), undefined);
    parse(request, body as string, done);
  });
}
