import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { INTERNAL_CLIENT_IP_HEADER } from './request-actor.js';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** Header through which the SvelteKit handler learns the visitor's address (ADDRESS_HEADER). */
const WEB_PROTOCOL_HEADER = 'x-opintori-protocol';

/**
 * Hands every non-API path to the SvelteKit handler built in web/build. Fastify parses no
 * body here: the handler reads the raw request (form posts, file uploads) itself.
 */
export async function registerWebHandler(
  app: FastifyInstance,
  buildDir: string,
  /** Largest form post the pages accept (the console's catalogue upload is the largest). */
  bodyLimitBytes = 1024 * 1024,
  /** PUBLIC_URL's origin: the pages' own origin, whatever Host or scheme a request arrives with. */
  publicOrigin?: string,
): Promise<boolean> {
  const handlerFile = path.join(buildDir, 'handler.js');
  if (!fs.existsSync(handlerFile)) return false;

  // adapter-node reads these when its module loads. With PUBLIC_URL its ORIGIN is the page
  // origin for every request, so SvelteKit's cross-site form check compares the browser's
  // Origin with it (behind a TLS proxy the request itself is plain HTTP). Without PUBLIC_URL
  // (local use) the origin is rebuilt from the scheme and Host; the headers are set by us on
  // every request below (overwriting whatever a client sent), so they cannot be spoofed.
  if (publicOrigin) process.env.ORIGIN = publicOrigin;
  process.env.PROTOCOL_HEADER = WEB_PROTOCOL_HEADER;
  process.env.ADDRESS_HEADER = INTERNAL_CLIENT_IP_HEADER;
  process.env.BODY_SIZE_LIMIT ??= String(bodyLimitBytes);
  const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler };

  await app.register(async (web) => {
    web.removeAllContentTypeParsers();
    web.addContentTypeParser('*', (_request, _payload, done) => done(null));
    web.route({
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url: '/*',
      schema: { hide: true },
      logLevel: 'warn',
      handler: (request, reply) => {
        request.raw.headers[WEB_PROTOCOL_HEADER] = request.protocol;
        request.raw.headers[INTERNAL_CLIENT_IP_HEADER] = request.clientIp;
        // SvelteKit sends its own nonce-based CSP for pages.
        reply.raw.removeHeader('content-security-policy');
        reply.hijack();
        handler(request.raw, reply.raw, () => {
          reply.raw.statusCode = 404;
          reply.raw.setHeader('content-type', 'text/plain; charset=utf-8');
          reply.raw.end('Not found');
        });
      },
    });
  });
  return true;
}
