import { Duplex } from 'node:stream';
import zlib from 'node:zlib';

const compressible = /^(text\/|application\/(json|javascript|xml)|image\/svg)/;

/**
 * Compresses a rendered page (brotli, else gzip) when the browser accepts it. Static files are
 * precompressed at build time; this covers the server-rendered HTML, which changes per request.
 */
export function compressResponse(request: Request, response: Response): Response {
  const type = response.headers.get('content-type') ?? '';
  if (!response.body || response.headers.has('content-encoding') || !compressible.test(type)) return response;
  const accepted = request.headers.get('accept-encoding') ?? '';
  const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null;
  const headers = new Headers(response.headers);
  headers.append('vary', 'Accept-Encoding');
  if (!encoding)
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  const compressor =
    encoding === 'br'
      ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } })
      : zlib.createGzip({ level: 6 });
  const transform = Duplex.toWeb(compressor) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  headers.set('content-encoding', encoding);
  headers.delete('content-length');
  return new Response(response.body.pipeThrough(transform), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
