import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { findAuditRows } from '../test/audit-helpers.js';
import { buildStaff, readStaff } from '../test/factories.js';
import { expectError } from '../test/http-helpers.js';
import { createAppOn, loginAs, useTestApp } from '../test/test-app.js';

const BODY_LIMIT = 2048;
const login = { method: 'POST', url: '/api/v1/auth/login' } as const;
/** The login route given `text` as its JSON body, as it is. */
const loginWithRawJson = (text: string) =>
  t.app.inject({ ...login, headers: { 'content-type': 'application/json' }, payload: text });

/** A sign-in that fails as 401; a new email each time keeps the per-account throttle out of the way. */
function unknownCredentials() {
  return { email: `nobody-${randomUUID().slice(0, 8)}@example.test`, password: 'whatever' };
}

const t = useTestApp({ BODY_LIMIT_BYTES: String(BODY_LIMIT) });
let adminCookie: string;
let adminId: string;
beforeAll(async () => {
  const admin = await buildStaff(t.database.db, { role: 'admin' });
  adminId = admin.id;
  adminCookie = await loginAs(t.app, admin.email);
});

function expectSecurityHeaders(response: LightMyRequestResponse) {
  const csp = String(response.headers['content-security-policy']);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'none'");
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(response.headers['x-request-id']).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
}

describe('unknown routes', () => {
  it.each([
    { method: 'GET', url: '/api/v1/nothing-here' },
    { method: 'POST', url: '/api/v1/nothing-here' },
    { method: 'DELETE', url: '/api/v1/staff' },
    { method: 'GET', url: '/api' },
    { method: 'GET', url: '/not-a-page' },
  ] as const)('$method $url → JSON 404 route.not_found', async ({ method, url }) => {
    const response = await t.app.inject({ method, url });
    expectError(response, 404, 'route.not_found');
    expectSecurityHeaders(response);
  });
});

describe('request bodies', () => {
  it('answers malformed JSON with 400 request.malformed_json', async () => {
    const response = await loginWithRawJson('{"email": "someone@example.test", "password": ');
    expectError(response, 400, 'request.malformed_json');
  });

  it('answers an empty JSON body with 400 request.empty_body', async () => {
    const response = await loginWithRawJson('');
    expectError(response, 400, 'request.empty_body');
  });

  it('answers a JSON body with a prototype-polluting key with 400', async () => {
    const response = await loginWithRawJson(
      '{"email": "a@example.test", "password": "x", "__proto__": {"isAdmin": true}}',
    );
    expect(response.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('answers a body over BODY_LIMIT_BYTES with 413 request.too_large', async () => {
    const payload = { email: 'someone@example.test', password: 'x'.repeat(BODY_LIMIT) };
    const response = await t.app.inject({ ...login, payload });
    expectError(response, 413, 'request.too_large');
    expectSecurityHeaders(response);
    // Just under the limit is parsed and validated normally.
    const small = await t.app.inject({
      ...login,
      payload: { ...unknownCredentials(), password: 'x'.repeat(1000) },
    });
    expectError(small, 401, 'auth.invalid_credentials');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses a %s body with 415 request.unsupported_media_type',
    async (contentType) => {
      const response = await t.app.inject({
        ...login,
        headers: { 'content-type': contentType },
        payload: '{"email":"someone@example.test","password":"x"}',
      });
      expectError(response, 415, 'request.unsupported_media_type');
    },
  );
});

describe('text the database cannot store', () => {
  it('refuses NUL characters in a body, naming the field, before touching the database', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { cookie: adminCookie },
      payload: { slug: 'nul-org', name: { fi: 'Nul\u0000Org' } },
    });
    const body = expectError(response, 400, 'request.invalid');
    expect(body.error.details).toEqual({
      fields: [{ field: 'name.fi', message: 'must not contain NUL characters' }],
    });
    const rows = await t.database.db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'nul-org')
      .execute();
    expect(rows).toEqual([]);
  });

  it('refuses NUL characters in the query string and in object keys', async () => {
    const query = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=a%00b',
      headers: { cookie: adminCookie },
    });
    expect(expectError(query, 400, 'request.invalid').error.details).toMatchObject({
      fields: [{ field: 'querystring.action' }],
    });
    const key = await loginWithRawJson('{"email":"a@example.test","password":"x","\\u0000":1}');
    expectError(key, 400, 'request.invalid');
  });
});

describe('malformed URLs', () => {
  it('answers a badly percent-encoded path with a coded 400 and the usual headers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/staff/%E0%A4%A' });
    expectError(response, 400, 'request.bad_url');
    expectSecurityHeaders(response);
  });
});

describe('cross-origin requests', () => {
  const sameSite = { host: 'opintori.example' };

  it('refuses a POST from a foreign Origin with 403 request.cross_origin', async () => {
    const response = await t.app.inject({
      ...login,
      headers: { ...sameSite, origin: 'https://evil.example' },
      payload: unknownCredentials(),
    });
    expectError(response, 403, 'request.cross_origin');
    expectSecurityHeaders(response);
  });

  it('refuses a foreign-origin change from a signed-in admin before it happens, and audits it', async () => {
    const target = await buildStaff(t.database.db);
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/staff/${target.id}`,
      headers: { ...sameSite, origin: 'https://evil.example', cookie: adminCookie },
      payload: { isActive: false },
    });
    expectError(response, 403, 'request.cross_origin');
    const row = await readStaff(t.database.db, target.id, ['is_active']);
    expect(row.is_active).toBe(true);
    const denied = await findAuditRows(t.database.db, { action: 'access.denied', actorStaffId: adminId });
    expect(denied.at(-1)?.details).toMatchObject({ code: 'request.cross_origin' });
  });

  it.each([
    'null',
    'not a url',
    'http://opintori.example.evil.example',
    // The same host is not enough: scheme and port must match too.
    'javascript://opintori.example/%0aalert(1)',
    'https://opintori.example',
    'http://opintori.example:8080',
  ])('refuses the Origin %j', async (origin) => {
    const response = await t.app.inject({
      ...login,
      headers: { ...sameSite, origin },
      payload: unknownCredentials(),
    });
    expectError(response, 403, 'request.cross_origin');
  });

  it('lets same-origin POSTs, POSTs without Origin and cross-origin GETs through', async () => {
    const payload = unknownCredentials();
    const same = await t.app.inject({
      ...login,
      headers: { ...sameSite, origin: 'http://opintori.example' },
      payload,
    });
    expectError(same, 401, 'auth.invalid_credentials');
    const noOrigin = await t.app.inject({ ...login, headers: sameSite, payload });
    expectError(noOrigin, 401, 'auth.invalid_credentials');
    const read = await t.app.inject({
      method: 'GET',
      url: '/api/v1/organisations',
      headers: { ...sameSite, origin: 'https://evil.example' },
    });
    expect(read.statusCode).toBe(200);
  });

  it('accepts the PUBLIC_URL origin when the Host header differs (behind a proxy)', async () => {
    const app = await createAppOn(t.database, { PUBLIC_URL: 'https://opintori.example' });
    try {
      const response = await app.inject({
        ...login,
        headers: { host: '127.0.0.1:3000', origin: 'https://opintori.example' },
        payload: unknownCredentials(),
      });
      expectError(response, 401, 'auth.invalid_credentials');
      const foreign = await app.inject({
        ...login,
        headers: { host: '127.0.0.1:3000', origin: 'https://evil.example' },
        payload: unknownCredentials(),
      });
      expectError(foreign, 403, 'request.cross_origin');
      // With PUBLIC_URL the Host header decides nothing: its own origin is refused too.
      const byHost = await app.inject({
        ...login,
        headers: { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' },
        payload: unknownCredentials(),
      });
      expectError(byHost, 403, 'request.cross_origin');
    } finally {
      await app.close();
    }
  });
});

describe('response headers', () => {
  it('puts the security headers and a request id on every kind of response', async () => {
    const requests: InjectOptions[] = [
      { method: 'GET', url: '/healthz' },
      { method: 'GET', url: '/readyz' },
      { method: 'GET', url: '/api/openapi.json' },
      { method: 'GET', url: '/api/v1/organisations' },
      { method: 'GET', url: '/api/v1/auth/me' },
      { method: 'GET', url: '/api/v1/staff', headers: { cookie: adminCookie } },
      { method: 'GET', url: '/api/v1/staff/not-a-uuid', headers: { cookie: adminCookie } },
      { method: 'POST', url: '/api/v1/auth/logout' },
      { method: 'GET', url: '/widget.js' },
      { method: 'GET', url: '/widget-chat.js' },
      { method: 'GET', url: '/nowhere' },
    ];
    for (const request of requests) {
      const response = await t.app.inject(request);
      expect(response.statusCode, `${request.method} ${request.url}`).toBeLessThan(500);
      expectSecurityHeaders(response);
    }
  });

  it('echoes a well-formed x-request-id and replaces anything else', async () => {
    const given = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'trace-123.abc_D' },
    });
    expect(given.headers['x-request-id']).toBe('trace-123.abc_D');
    for (const bad of ['has spaces in it', 'x'.repeat(65), '<script>', 'a;b']) {
      const response = await t.app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { 'x-request-id': bad },
      });
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const first = await t.app.inject({ method: 'GET', url: '/healthz' });
    const second = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(first.headers['x-request-id']).not.toBe(second.headers['x-request-id']);
  });

  it('sends HSTS only when the service is reached over https', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const app = await createAppOn(t.database, { PUBLIC_URL: 'https://opintori.example' });
    try {
      const secure = await app.inject({ method: 'GET', url: '/healthz' });
      expect(secure.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
      expectSecurityHeaders(secure);
    } finally {
      await app.close();
    }
  });
});

describe('the widget files', () => {
  it('serves the loader and the chat it loads, shareable cross-origin and briefly cached', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opintori-widget-'));
    fs.writeFileSync(path.join(dir, 'widget.js'), '/* loader */');
    fs.writeFileSync(path.join(dir, 'widget-chat.js'), '/* chat */');
    const app = await createAppOn(t.database, { WIDGET_BUILD_DIR: dir });
    try {
      for (const [url, body] of [
        ['/widget.js', '/* loader */'],
        ['/widget-chat.js', '/* chat */'],
      ] as const) {
        const response = await app.inject({
          method: 'GET',
          url,
          headers: { origin: 'https://member.example' },
        });
        expect(response.statusCode, url).toBe(200);
        expect(response.body).toBe(body);
        expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
        expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
        expect(response.headers['cache-control']).toBe('public, max-age=300');
        expectSecurityHeaders(response);
      }
      fs.rmSync(path.join(dir, 'widget-chat.js'));
      expectError(await app.inject({ method: 'GET', url: '/widget-chat.js' }), 404, 'widget.not_built');
    } finally {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the OpenAPI document', () => {
  interface OpenApiDocument {
    openapi: string;
    info: { title: string; version: string };
    paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    components?: Record<string, Record<string, unknown>>;
  }

  /** Every `$ref` in the document, so that each can be checked to resolve. */
  function collectRefs(value: unknown, refs: string[] = []): string[] {
    if (Array.isArray(value)) value.forEach((item) => collectRefs(item, refs));
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === '$ref' && typeof child === 'string') refs.push(child);
        else collectRefs(child, refs);
      }
    }
    return refs;
  }

  it('is a well-formed OpenAPI 3 document listing the API', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const doc = response.json<OpenApiDocument>();
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toBe('OpinTori API');
    expect(typeof doc.info.version).toBe('string');

    expect(doc.paths['/api/v1/auth/login']?.post).toBeDefined();
    for (const path of ['/api/v1/staff', '/api/v1/organisations', '/api/v1/audit', '/api/v1/staff/{id}']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    // Hidden helper routes stay out of the contract.
    expect(Object.keys(doc.paths)).not.toContain('/api/openapi.json');
    expect(Object.keys(doc.paths).some((path) => path.includes('*'))).toBe(false);

    const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path.startsWith('/')).toBe(true);
      for (const [method, operation] of Object.entries(item)) {
        if (method === 'parameters' || method === 'summary' || method === 'description') continue;
        expect(methods.has(method), `${method} ${path}`).toBe(true);
        const statuses = Object.keys(operation.responses ?? {});
        expect(statuses.length, `${method} ${path} responses`).toBeGreaterThan(0);
        for (const status of statuses) expect(status).toMatch(/^([1-5](\d\d|XX)|default)$/);
      }
    }
    for (const ref of collectRefs(doc)) {
      expect(ref.startsWith('#/')).toBe(true);
      const target = ref
        .slice(2)
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
      expect(target, ref).toBeDefined();
    }
  });

  it('serves the interactive docs', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
  });
});

describe('bad input never causes a 5xx', () => {
  const json = { 'content-type': 'application/json' };
  const cases: { name: string; request: () => InjectOptions }[] = [
    { name: 'login body is an array', request: () => ({ ...login, headers: json, payload: '[]' }) },
    { name: 'login body is null', request: () => ({ ...login, headers: json, payload: 'null' }) },
    { name: 'login body is a string', request: () => ({ ...login, headers: json, payload: '"hello"' }) },
    { name: 'login email is a number', request: () => ({ ...login, payload: { email: 42, password: 'x' } }) },
    {
      name: 'login email is huge',
      request: () => ({ ...login, payload: { email: 'a'.repeat(1500), password: 'x' } }),
    },
    {
      name: 'login email holds a NUL character',
      request: () => ({ ...login, payload: { email: 'nul\u0000@example.test', password: 'x' } }),
    },
    {
      name: 'login email holds unpaired surrogates',
      request: () => ({
        ...login,
        headers: json,
        payload: '{"email":"\\ud800@example.test","password":"x"}',
      }),
    },
    { name: 'login body without content type', request: () => ({ ...login, payload: Buffer.from('{}') }) },
    {
      name: 'JSON with an unsupported charset',
      request: () => ({
        ...login,
        headers: { 'content-type': 'application/json; charset=latin1' },
        payload: '{}',
      }),
    },
    {
      name: 'deeply nested JSON',
      request: () => ({ ...login, headers: json, payload: '['.repeat(600) + ']'.repeat(600) }),
    },
    {
      name: 'staff id not a uuid',
      request: () => ({ method: 'GET', url: '/api/v1/staff/123', headers: { cookie: adminCookie } }),
    },
    {
      name: 'staff id far too long',
      request: () => ({
        method: 'GET',
        url: `/api/v1/staff/${'a'.repeat(500)}`,
        headers: { cookie: adminCookie },
      }),
    },
    {
      name: 'badly percent-encoded path',
      request: () => ({ method: 'GET', url: '/api/v1/staff/%E0%A4%A', headers: { cookie: adminCookie } }),
    },
    {
      name: 'repeated query parameter',
      request: () => ({
        method: 'GET',
        url: '/api/v1/organisations?includeInactive=true&includeInactive=false',
      }),
    },
    {
      name: 'audit limit not a number',
      request: () => ({ method: 'GET', url: '/api/v1/audit?limit=lots', headers: { cookie: adminCookie } }),
    },
    {
      name: 'audit limit too large',
      request: () => ({ method: 'GET', url: '/api/v1/audit?limit=1e9', headers: { cookie: adminCookie } }),
    },
    {
      name: 'audit beforeId beyond bigint',
      request: () => ({
        method: 'GET',
        url: '/api/v1/audit?beforeId=99999999999999999999',
        headers: { cookie: adminCookie },
      }),
    },
    {
      name: 'audit filter with a NUL character',
      request: () => ({ method: 'GET', url: '/api/v1/audit?action=a%00b', headers: { cookie: adminCookie } }),
    },
    {
      name: 'staff name with a NUL character',
      request: () => ({
        method: 'POST',
        url: '/api/v1/staff',
        headers: { cookie: adminCookie },
        payload: {
          email: 'nul@example.test',
          name: 'Nul\u0000Name',
          role: 'editor',
          languages: ['fi'],
        },
      }),
    },
    {
      name: 'organisation name with a NUL character',
      request: () => ({
        method: 'POST',
        url: '/api/v1/organisations',
        headers: { cookie: adminCookie },
        payload: { slug: 'nul-org', name: { fi: 'Nul\u0000Org' } },
      }),
    },
    {
      name: 'staff languages not an array',
      request: () => ({
        method: 'PATCH',
        url: `/api/v1/staff/${adminId}`,
        headers: { cookie: adminCookie },
        payload: { languages: 'fi' },
      }),
    },
    {
      name: 'patch body null',
      request: () => ({
        method: 'PATCH',
        url: `/api/v1/staff/${adminId}`,
        headers: { ...json, cookie: adminCookie },
        payload: 'null',
      }),
    },
    {
      name: 'overlong session cookie',
      request: () => ({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie: `opintori_session=${'x'.repeat(5000)}` },
      }),
    },
    {
      name: 'garbled cookie header',
      request: () => ({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie: '=;;=%%%; opintori_session' },
      }),
    },
  ];

  it.each(cases)('$name', async ({ request }) => {
    const response = await t.app.inject(request());
    expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
    expect(response.statusCode, response.body).toBeLessThan(500);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expectSecurityHeaders(response);
  });
});
