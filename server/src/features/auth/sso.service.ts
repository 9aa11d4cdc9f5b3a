import * as oidc from 'openid-client';
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import type { AuthSettings } from '../../access/sessions.js';
import { decryptSecret } from '../../shared/encryption.js';
import { sha256 } from '../../shared/secrets.js';
import { insertStaff, selectStaffByEmail, selectStaffById } from '../staff/staff.repository.js';
import type { StaffView } from '../staff/staff.schema.js';
import { finishSignIn, type IssuedSession } from './auth.service.js';
import type { SsoProviderTable } from './auth.table.js';
import type { Selectable } from 'kysely';
import { emailDomain, isLoopbackHttp, providerForEmail } from './sso.repository.js';

/*
 * Single sign-on with OpenID Connect (Microsoft Entra ID, Google Workspace …) through
 * `openid-client`: the authorization code flow with PKCE, `state` and `nonce`; the library
 * checks the ID token's issuer, audience, signature, expiry and nonce. The identity provider only
 * vouches for who the person is: their role and provider always come from OpinTori.
 */

type SsoProviderRow = Selectable<SsoProviderTable>;

const LOGIN_MINUTES = 10;

/** Where the sign-in page sends an email: its identity provider, and whether a password may still be used. */
export async function discoverSignIn(
  db: Db,
  email: string,
): Promise<{ provider: { id: string; name: string } | null; passwordSignIn: boolean }> {
  const provider = await providerForEmail(db, email);
  return {
    provider: provider ? { id: provider.id, name: provider.name } : null,
    passwordSignIn: provider ? provider.password_sign_in : true,
  };
}

// The identity provider's metadata, discovered once per node and provider (and anew after a change).
const configs = new Map<string, Promise<oidc.Configuration>>();

async function configFor(db: Db, provider: SsoProviderRow): Promise<oidc.Configuration> {
  let config = configs.get(provider.id);
  if (!config) {
    const secret = await decryptSecret(db, provider.client_secret);
    config = oidc.discovery(
      new URL(provider.issuer),
      provider.client_id,
      secret,
      undefined,
      isLoopbackHttp(provider.issuer) ? { execute: [oidc.allowInsecureRequests] } : {},
    );
    config.catch(() => configs.delete(provider.id));
    configs.set(provider.id, config);
  }
  return config;
}

/** Forgets discovered metadata: of one provider after a change, or of all (tests start identity providers anew). */
export function forgetSsoConfiguration(id?: string): void {
  if (id) configs.delete(id);
  else configs.clear();
}

const safeNext = (next: string | undefined) =>
  next && next.startsWith('/console') && !next.startsWith('//') ? next : '/console';

/** The identity provider's sign-in address for this person, with a fresh state, nonce and PKCE verifier. */
export async function startSsoSignIn(
  db: Db,
  providerId: string,
  input: { redirectUri: string; next?: string | undefined; email?: string | undefined },
): Promise<URL> {
  const provider = await db
    .selectFrom('sso_providers')
    .selectAll()
    .where('id', '=', providerId)
    .where('is_active', '=', true)
    .executeTakeFirst();
  if (!provider) throw new AppError('auth.sso_unavailable', 404, 'No such identity provider');
  let config: oidc.Configuration;
  try {
    config = await configFor(db, provider);
  } catch {
    throw new AppError('auth.sso_unavailable', 502, 'The identity provider cannot be reached');
  }
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  await db
    .insertInto('sso_logins')
    .values({
      id: sha256(state),
      provider_id: provider.id,
      code_verifier: codeVerifier,
      nonce,
      next: safeNext(input.next),
      expires_at: new Date(Date.now() + LOGIN_MINUTES * 60_000),
    })
    .execute();
  return oidc.buildAuthorizationUrl(config, {
    redirect_uri: input.redirectUri,
    scope: 'openid email profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...(input.email ? { login_hint: input.email } : {}),
  });
}

/** A sign-in through an identity provider that could not be completed; `code` names why, for the sign-in page. */
export class SsoRefused extends AppError {
  constructor(code: string) {
    super(code, 401, 'The single sign-on was not accepted');
  }
}

/**
 * The identity provider's answer: the `state` must be one this service issued and not yet
 * used; the code is exchanged with the PKCE verifier and the ID token checked (issuer, audience,
 * signature, expiry, nonce); its verified email must be in the provider's domains and belong to
 * an active staff member (linked by the provider's subject after the first time). Every
 * outcome is audited.
 */
export async function finishSsoSignIn(
  db: Db,
  ctx: RequestContext,
  settings: AuthSettings,
  input: { currentUrl: URL; redirectUri: string; userAgent?: string | undefined },
): Promise<IssuedSession & { staff: StaffView; next: string }> {
  const anonymous = { ...ctx, actor: { type: 'anonymous' as const } };
  const refuse = async (code: string, details: Record<string, unknown>, staffId?: string) => {
    await recordAudit(db, anonymous, {
      action: 'auth.login',
      outcome: 'failure',
      ...(staffId ? { targetType: 'staff', targetId: staffId } : {}),
      details: { method: 'sso', ...details },
    });
    return new SsoRefused(code);
  };
  const state = input.currentUrl.searchParams.get('state');
  const login = state
    ? await db
        .deleteFrom('sso_logins')
        .where('id', '=', sha256(state))
        .where('expires_at', '>', sql<Date>`now()`)
        .returningAll()
        .executeTakeFirst()
    : undefined;
  if (!login) throw await refuse('auth.sso_state_invalid', { reason: 'state' });
  if (input.currentUrl.searchParams.has('error')) {
    throw await refuse('auth.sso_cancelled', { reason: 'provider_error', provider: login.provider_id });
  }
  const provider = await db
    .selectFrom('sso_providers')
    .selectAll()
    .where('id', '=', login.provider_id)
    .where('is_active', '=', true)
    .executeTakeFirst();
  if (!provider) throw await refuse('auth.sso_unavailable', { reason: 'provider_inactive' });

  let claims: oidc.IDToken | undefined;
  let email = '';
  let emailVerified: unknown;
  try {
    const config = await configFor(db, provider);
    // The library reads the callback's parameters from the URL the identity provider sent back to.
    const callback = new URL(input.redirectUri);
    callback.search = input.currentUrl.search;
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: login.code_verifier,
      expectedState: state!,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
    if (claims) {
      email = typeof claims.email === 'string' ? claims.email : '';
      emailVerified = claims.email_verified;
      if (!email) {
        // Some providers put the email in the user info only.
        const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        email = typeof info.email === 'string' ? info.email : '';
        emailVerified = info.email_verified;
      }
    }
  } catch (error) {
    const reason = error instanceof Error ? ((error as { code?: string }).code ?? error.name) : 'unknown';
    throw await refuse('auth.sso_failed', { reason, provider: provider.id });
  }
  if (!claims) throw await refuse('auth.sso_failed', { reason: 'no_id_token', provider: provider.id });
  email = email.trim().toLowerCase();
  if (!email || emailVerified === false) {
    throw await refuse('auth.sso_no_email', { reason: 'no_verified_email', provider: provider.id });
  }
  if (!provider.domains.includes(emailDomain(email))) {
    throw await refuse('auth.sso_domain_not_allowed', { reason: 'domain', provider: provider.id });
  }

  const linked = await db
    .selectFrom('staff_sso_links')
    .select('staff_id')
    .where('provider_id', '=', provider.id)
    .where('subject', '=', claims.sub)
    .executeTakeFirst();
  let staffId = linked?.staff_id;
  if (!staffId) {
    const byEmail = await selectStaffByEmail(db, email);
    if (byEmail) {
      staffId = byEmail.id;
    } else if (provider.allow_create && provider.organisation_id) {
      const name =
        typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email;
      staffId = await db.transaction().execute(async (trx) => {
        const id = await insertStaff(trx, {
          organisation_id: provider.organisation_id,
          email,
          name,
          languages: ['fi'],
          expertise: [],
          role: 'counsellor',
          password_hash: null,
        });
        await recordAudit(trx, anonymous, {
          action: 'staff.create',
          targetType: 'staff',
          targetId: id,
          organisationId: provider.organisation_id,
          details: { role: 'counsellor', via: 'sso', provider: provider.id },
        });
        return id;
      });
    } else {
      throw await refuse('auth.sso_unknown_staff', { reason: 'unknown_staff', provider: provider.id });
    }
    await db
      .insertInto('staff_sso_links')
      .values({ provider_id: provider.id, subject: claims.sub, staff_id: staffId })
      .onConflict((oc) => oc.columns(['provider_id', 'subject']).doNothing())
      .execute();
  }
  const staff = await selectStaffById(db, staffId);
  if (!staff?.is_active) {
    throw await refuse('auth.sso_unknown_staff', { reason: 'inactive', provider: provider.id }, staffId);
  }
  const session = await finishSignIn(
    db,
    ctx,
    settings,
    staff,
    input.userAgent,
    { method: 'sso', provider: provider.id },
    provider.id,
  );
  return { ...session, next: login.next ?? '/console' };
}

/** The identity provider's own sign-out address for the current session, where it publishes one. */
export async function ssoLogoutUrl(
  db: Db,
  ctx: RequestContext,
  postLogoutRedirect: string,
): Promise<string | null> {
  const actor = authorize(ctx.actor, 'console.use');
  const session = await db
    .selectFrom('sessions')
    .innerJoin('sso_providers', 'sso_providers.id', 'sessions.sso_provider_id')
    .selectAll('sso_providers')
    .where('sessions.id', '=', actor.sessionId)
    .executeTakeFirst();
  if (!session) return null;
  try {
    const config = await configFor(db, session);
    if (!config.serverMetadata().end_session_endpoint) return null;
    return oidc
      .buildEndSessionUrl(config, {
        client_id: session.client_id,
        post_logout_redirect_uri: postLogoutRedirect,
      })
      .toString();
  } catch {
    return null;
  }
}

/** Removes sign-ins that never came back from the identity provider. */
export async function deleteExpiredSsoLogins(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('sso_logins')
    .where('expires_at', '<', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
