import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  WebAuthnError,
} from '@simplewebauthn/browser';
import { createApi } from '$lib/api/client';

/*
 * The browser's side of passkeys (WebAuthn) through @simplewebauthn/browser: the API gives the
 * options, the browser's authenticator answers, the API checks the answer.
 */

export type PasskeyOutcome = { ok: true } | { ok: false; code: string };

export const passkeysSupported = () => browserSupportsWebAuthn();

/** Cancelled or timed out in the browser's own dialog, or refused by the authenticator. */
function browserFailure(error: unknown): PasskeyOutcome {
  if (error instanceof WebAuthnError && error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
    return { ok: false, code: 'passkey.exists' };
  }
  if (error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError')) {
    return { ok: false, code: 'passkey.cancelled' };
  }
  return { ok: false, code: 'passkey.browser_failed' };
}

export async function addPasskey(name: string): Promise<PasskeyOutcome> {
  const api = createApi(fetch);
  const begin = await api.passkeyOptions();
  if (!begin.ok) return { ok: false, code: begin.error.code };
  let response;
  try {
    response = await startRegistration({ optionsJSON: begin.data.options });
  } catch (error) {
    return browserFailure(error);
  }
  const added = await api.addPasskey({ ceremonyId: begin.data.ceremonyId, name, response });
  return added.ok ? { ok: true } : { ok: false, code: added.error.code };
}

/** Signs in with a passkey; with `challenge`, as the second step of a password sign-in. */
export async function signInWithPasskey(challenge?: string): Promise<PasskeyOutcome> {
  const api = createApi(fetch);
  const begin = await api.passkeyLoginOptions(challenge);
  if (!begin.ok) return { ok: false, code: begin.error.code };
  let response;
  try {
    response = await startAuthentication({ optionsJSON: begin.data.options });
  } catch (error) {
    return browserFailure(error);
  }
  const done = await api.passkeyLogin({
    ceremonyId: begin.data.ceremonyId,
    response,
    ...(challenge ? { challenge } : {}),
  });
  return done.ok ? { ok: true } : { ok: false, code: done.error.code };
}
