/**
 * The service's own origin and the comparison of browser origins with it. Behind a proxy the
 * origin comes from PUBLIC_URL alone: the Host header and forwarded headers are what a client
 * or a proxy says, and are never used to build links or to decide what is same-origin.
 */

/** The canonical origin (scheme, host and port) of an http(s) URL, or undefined for anything else. */
export function httpOrigin(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * The origin this service is reached at: PUBLIC_URL's when it is set; otherwise (local use
 * without PUBLIC_URL) the request's own scheme and Host.
 */
export function serviceOriginFor(
  configured: string | undefined,
  request: { protocol: string; host: string | undefined },
): string | undefined {
  if (configured) return configured;
  return request.host ? httpOrigin(`${request.protocol}://${request.host}`) : undefined;
}

/** True when a browser's Origin header names exactly this origin: scheme, host and port. */
export function isSameOrigin(origin: string | undefined, expected: string | undefined): boolean {
  const canonical = httpOrigin(origin);
  return canonical !== undefined && canonical === expected;
}

/** Whether cookies get `Secure`: from PUBLIC_URL when set, else from the request's scheme. */
export function isSecureOrigin(configured: string | undefined, requestProtocol: string): boolean {
  return configured ? configured.startsWith('https://') : requestProtocol === 'https';
}
