import { env } from '$env/dynamic/private';

/**
 * The service's public origin, or undefined when the service runs without PUBLIC_URL (local
 * use). The server validates PUBLIC_URL at start and hands its origin to the page renderer as
 * adapter-node's ORIGIN (server/src/http/web-handler.ts); PUBLIC_URL itself is not readable
 * here, its PUBLIC_ prefix making it a public variable to SvelteKit. Absolute links and the
 * cookies' Secure flag come from here, never from the request's Host or forwarded headers.
 */
export function configuredOrigin(): string | undefined {
  const value = env.ORIGIN;
  if (!value) return undefined;
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

/**
 * The origin for an absolute link shown to a person (a calendar feed, a manage link): the
 * configured one, or, without PUBLIC_URL, the address this page was reached at.
 */
export function linkOrigin(url: URL): string {
  return configuredOrigin() ?? url.origin;
}
