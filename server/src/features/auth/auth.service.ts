import type { AuthSettings } from '../../access/sessions.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import { presentStaff } from '../staff/staff.presenter.js';
import { selectStaffByEmail, selectStaffById, updateStaffRow } from '../staff/staff.repository.js';
import type { StaffRow } from '../staff/staff.table.js';
import { providerForEmail } from './sso.repository.js';
import { redeemInvitation } from '../staff/staff-invitations.js';
import { twoStepRequiredFor, verifySecondStep } from './two-step.service.js';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import {
  beginPasskeySignIn,
  countPasskeys,
  PasskeyRefused,
  verifyPasskeySignIn,
  type RelyingParty,
} from './passkeys.service.js';
import {
  deleteChallenge,
  insertChallenge,
  selectLiveChallenge,
  selectTwoStepRequirement,
} from './two-step.repository.js';
import type { StaffView } from '../staff/staff.schema.js';
import { clearFailures, findLockedUntil, recordFailure } from './login-throttle.repository.js';
import { sessionEvents } from '../../access/session-events.js';
import { hashPassword, verifyPassword } from '../../access/password.js';
import { assertAcceptablePassword } from '../../access/password-policy.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { insertSession, revokeSession, revokeStaffSessions } from '../../access/session.repository.js';
import { createToken, sha256 } from '../../shared/secrets.js';

export interface IssuedSession {
  token: string;
  expiresAt: Date;
}

/** A sign-in is done, or waits for its second step (the challenge is the browser's to present). */
export type LoginResult =
  | ({ kind: 'signed_in' } & IssuedSession & { staff: StaffView })
  | { kind: 'second_step'; challenge: string; expiresAt: Date; methods: SecondStepOption[] };

export type SecondStepOption = 'totp' | 'recovery_code' | 'passkey';

/** How long the second step may take after the password. */
const CHALLENGE_MINUTES = 5;

const accountKey = (email: string) => `account:${sha256(email.trim().toLowerCase())}`;
const ipKey = (ip: string) => `ip:${ip}`;

function tooManyAttempts(lockedUntil: Date): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000));
  return new AppError('auth.too_many_attempts', 429, 'Too many failed sign-in attempts', {
    retryAfterSeconds,
  });
}

async function issueSession(
  db: Db,
  staffId: string,
  settings: AuthSettings,
  from: { ip?: string | undefined; userAgent?: string | undefined; ssoProviderId?: string | undefined },
): Promise<IssuedSession> {
  const token = createToken();
  const expiresAt = new Date(Date.now() + settings.sessionAbsoluteHours * 3_600_000);
  await insertSession(db, {
    id: sha256(token),
    staffId,
    expiresAt,
    ip: from.ip ?? null,
    userAgent: from.userAgent ?? null,
    ssoProviderId: from.ssoProviderId ?? null,
  });
  return { token, expiresAt };
}

/**
 * Signs a staff member in. Any failure gives the same `auth.invalid_credentials`, whether
 * the email is unknown, the password wrong or the account deactivated; repeated failures
 * per account and per IP address lock further attempts for a while (`auth.too_many_attempts`).
 */
export async function login(
  db: Db,
  ctx: RequestContext,
  settings: AuthSettings,
  credentials: { email: string; password: string },
  userAgent?: string,
): Promise<LoginResult> {
  const sso = await providerForEmail(db, credentials.email);
  if (sso && !sso.password_sign_in) {
    // The provider's staff sign in through their identity provider only (per domain: it tells
    // nothing about whether an account exists).
    throw new AppError('auth.use_sso', 400, 'Sign in through your organisation’s identity provider', {
      providerId: sso.id,
    });
  }
  const keys = [accountKey(credentials.email), ...(ctx.ip ? [ipKey(ctx.ip)] : [])];
  for (const key of keys) {
    const lockedUntil = await findLockedUntil(db, key);
    if (lockedUntil) throw tooManyAttempts(lockedUntil);
  }

  const staff = await selectStaffByEmail(db, credentials.email.trim());
  const passwordOk = await verifyPassword(staff?.password_hash ?? null, credentials.password);

  if (!staff || !passwordOk || !staff.is_active) {
    const [accountLock, ipLock] = await Promise.all([
      recordFailure(db, keys[0]!, settings.maxFailuresPerAccount, settings.failureWindowMinutes),
      keys[1]
        ? recordFailure(db, keys[1], settings.maxFailuresPerIp, settings.failureWindowMinutes)
        : Promise.resolve(null),
    ]);
    if (staff) await auditLoginFailure(db, ctx, staff, staff.is_active ? 'wrong_password' : 'inactive');
    const lock = [accountLock, ipLock].find((date) => date && date.getTime() > Date.now());
    if (lock) throw tooManyAttempts(lock);
    throw new AppError('auth.invalid_credentials', 401, 'Email or password is incorrect');
  }

  await clearFailures(db, keys[0]!);
  const methods: SecondStepOption[] = [
    ...(staff.totp_enabled_at ? (['totp', 'recovery_code'] as const) : []),
    ...((await countPasskeys(db, staff.id)) > 0 ? (['passkey'] as const) : []),
  ];
  if (methods.length) {
    const challenge = createToken();
    const expiresAt = new Date(Date.now() + CHALLENGE_MINUTES * 60_000);
    await insertChallenge(db, sha256(challenge), staff.id, expiresAt);
    return { kind: 'second_step', challenge, expiresAt, methods };
  }
  return { kind: 'signed_in', ...(await finishSignIn(db, ctx, settings, staff, userAgent, {})) };
}

export async function finishSignIn(
  db: Db,
  ctx: RequestContext,
  settings: AuthSettings,
  staff: StaffRow,
  userAgent: string | undefined,
  details: Record<string, unknown>,
  ssoProviderId?: string,
): Promise<IssuedSession & { staff: StaffView }> {
  const session = await issueSession(db, staff.id, settings, { ip: ctx.ip, userAgent, ssoProviderId });
  await updateStaffRow(db, staff.id, { last_login_at: new Date() });
  await recordAudit(
    db,
    {
      ...ctx,
      actor: {
        type: 'staff',
        staffId: staff.id,
        role: staff.role,
        organisationId: staff.organisation_id,
        sessionId: sha256(session.token),
      },
    },
    { action: 'auth.login', targetType: 'staff', targetId: staff.id, details },
  );
  const row = await selectStaffById(db, staff.id);
  if (!row) throw new Error('signed-in staff row vanished');
  return { ...session, staff: presentStaff(row) };
}

/** Wrong second-step codes per person before a lock (1, 2, 4 … minutes). */
const MAX_CODE_FAILURES = 5;

/**
 * The second step of a sign-in whose password was right: a code from the person's app or one
 * of their recovery codes, against the challenge the first step gave. Wrong codes count
 * towards a lock per person; the challenge is used up by the sign-in it completes.
 */
export async function completeSecondStep(
  db: Db,
  ctx: RequestContext,
  settings: AuthSettings,
  input: { challenge: string; code?: string | undefined; recoveryCode?: string | undefined },
  userAgent?: string,
): Promise<IssuedSession & { staff: StaffView }> {
  const challengeId = sha256(input.challenge);
  const challenge = await selectLiveChallenge(db, challengeId);
  if (!challenge) {
    throw new AppError('auth.challenge_expired', 401, 'The sign-in took too long; sign in again');
  }
  const staff = await selectStaffById(db, challenge.staff_id);
  if (!staff?.is_active) {
    await deleteChallenge(db, challengeId);
    throw new AppError('auth.challenge_expired', 401, 'The sign-in took too long; sign in again');
  }
  const key = `second-step:${staff.id}`;
  const lockedUntil = await findLockedUntil(db, key);
  if (lockedUntil) throw tooManyAttempts(lockedUntil);

  const method = await verifySecondStep(db, staff, input);
  if (!method) {
    const lock = await recordFailure(db, key, MAX_CODE_FAILURES, settings.failureWindowMinutes);
    await auditLoginFailure(db, ctx, staff, input.recoveryCode ? 'wrong_recovery_code' : 'wrong_code');
    if (lock && lock.getTime() > Date.now()) throw tooManyAttempts(lock);
    throw new AppError('auth.wrong_code', 400, 'The code is not right', {
      field: input.recoveryCode ? 'recoveryCode' : 'code',
    });
  }
  if (!(await deleteChallenge(db, challengeId))) {
    throw new AppError('auth.challenge_expired', 401, 'The sign-in took too long; sign in again');
  }
  await clearFailures(db, key);
  return finishSignIn(db, ctx, settings, staff, userAgent, { secondStep: method });
}

/**
 * Sets a password through an invitation link and signs the person in, unless their account has
 * a second step: then they sign in with the new password and their code.
 */
export async function acceptInvitation(
  db: Db,
  ctx: RequestContext,
  settings: AuthSettings,
  input: { token: string; password: string },
  userAgent?: string,
): Promise<({ kind: 'signed_in' } & IssuedSession & { staff: StaffView }) | { kind: 'password_set' }> {
  const { staffId } = await redeemInvitation(db, ctx, input.token, input.password);
  const staff = await selectStaffById(db, staffId);
  if (!staff) throw new Error('invited staff row vanished');
  if (staff.totp_enabled_at) return { kind: 'password_set' };
  return {
    kind: 'signed_in',
    ...(await finishSignIn(db, ctx, settings, staff, userAgent, { via: 'invitation' })),
  };
}

/** The passkey ceremony of a sign-in: any passkey, or — with a second-step challenge — that person's. */
export async function passkeySignInOptions(db: Db, rp: RelyingParty, challenge: string | undefined) {
  let staffId: string | null = null;
  if (challenge) {
    const row = await selectLiveChallenge(db, sha256(challenge));
    if (!row) throw new AppError('auth.challenge_expired', 401, 'The sign-in took too long; sign in again');
    staffId = row.staff_id;
  }
  return beginPasskeySignIn(db, rp, staffId);
}

/**
 * Signs in with a passkey: alone (the passkey is something the person holds, unlocked by
 * their fingerprint, face or PIN), or as the second step of a password sign-in, whose
 * challenge then names the same person. Refusals are audited against the passkey's owner.
 */
export async function signInWithPasskey(
  db: Db,
  ctx: RequestContext,
  settings: AuthSettings,
  rp: RelyingParty,
  input: { ceremonyId: string; response: AuthenticationResponseJSON; challenge?: string | undefined },
  userAgent?: string,
): Promise<IssuedSession & { staff: StaffView }> {
  const fail = async (staffId: string, reason: string, organisationId: string | null = null) => {
    await auditLoginFailure(db, ctx, { id: staffId, organisation_id: organisationId }, reason);
    return new AppError('auth.passkey_refused', 401, 'The passkey was not accepted');
  };
  let verified;
  try {
    verified = await verifyPasskeySignIn(db, rp, input);
  } catch (error) {
    if (error instanceof PasskeyRefused) throw await fail(error.staffId, 'passkey_not_verified');
    throw error;
  }
  const staff = await selectStaffById(db, verified.staffId);
  if (!staff?.is_active) throw await fail(verified.staffId, 'inactive', staff?.organisation_id ?? null);
  if (input.challenge) {
    const challengeId = sha256(input.challenge);
    const challenge = await selectLiveChallenge(db, challengeId);
    if (!challenge || challenge.staff_id !== staff.id || verified.ceremonyStaffId !== staff.id) {
      throw await fail(staff.id, 'passkey_of_another', staff.organisation_id);
    }
    if (!(await deleteChallenge(db, challengeId))) {
      throw new AppError('auth.challenge_expired', 401, 'The sign-in took too long; sign in again');
    }
    return finishSignIn(db, ctx, settings, staff, userAgent, { secondStep: 'passkey' });
  }
  if (verified.ceremonyStaffId !== null) throw await fail(staff.id, 'wrong_ceremony', staff.organisation_id);
  return finishSignIn(db, ctx, settings, staff, userAgent, { method: 'passkey' });
}

/** A failed sign-in of a known person, as the anonymous caller it still is. */
async function auditLoginFailure(
  db: Db,
  ctx: RequestContext,
  staff: { id: string; organisation_id: string | null },
  reason: string,
): Promise<void> {
  await recordAudit(
    db,
    { ...ctx, actor: { type: 'anonymous' } },
    {
      action: 'auth.login',
      outcome: 'failure',
      targetType: 'staff',
      targetId: staff.id,
      organisationId: staff.organisation_id,
      details: { reason },
    },
  );
}

/** Ends the current session. Signing out without a session is not an error. */
export async function logout(db: Db, ctx: RequestContext): Promise<void> {
  if (ctx.actor.type !== 'staff') return;
  await revokeSession(db, ctx.actor.sessionId, 'logout');
  sessionEvents.emit('revoked', { staffId: ctx.actor.staffId, sessionId: ctx.actor.sessionId });
  await recordAudit(db, ctx, {
    action: 'auth.logout',
    targetType: 'staff',
    targetId: ctx.actor.staffId,
  });
}

export async function getCurrentStaff(
  db: Db,
  ctx: RequestContext,
): Promise<StaffView & { mustSetUpTwoStep: boolean }> {
  const actor = authorize(ctx.actor, 'console.use');
  const row = await selectStaffById(db, actor.staffId);
  if (!row) throw new AppError('auth.unauthenticated', 401, 'Sign in first');
  const mustSetUpTwoStep =
    !presentStaff(row).twoStepEnabled && twoStepRequiredFor(await selectTwoStepRequirement(db), row.role);
  return { ...presentStaff(row), mustSetUpTwoStep };
}

/**
 * Changes the signed-in staff member's own password. Every session of theirs is revoked,
 * including this one, and a fresh session is issued for the browser that made the change.
 */
export async function changeOwnPassword(
  db: Db,
  ctx: RequestContext,
  settings: AuthSettings,
  input: { currentPassword: string; newPassword: string },
  userAgent?: string,
): Promise<IssuedSession> {
  const actor = authorize(ctx.actor, 'console.use');
  const row = await selectStaffById(db, actor.staffId);
  if (!row || !(await verifyPassword(row.password_hash, input.currentPassword))) {
    throw new AppError('auth.wrong_current_password', 400, 'The current password is incorrect', {
      field: 'currentPassword',
    });
  }
  if (input.newPassword === input.currentPassword) {
    throw new AppError('auth.password_unchanged', 400, 'Choose a password different from the current one', {
      field: 'newPassword',
    });
  }
  await assertAcceptablePassword(input.newPassword, 'newPassword', { email: row.email });
  const passwordHash = await hashPassword(input.newPassword);
  const issued = await db.transaction().execute(async (trx) => {
    await updateStaffRow(trx, actor.staffId, {
      password_hash: passwordHash,
      must_change_password: false,
      password_changed_at: new Date(),
    });
    const revokedSessions = await revokeStaffSessions(trx, actor.staffId, 'password_changed');
    const session = await issueSession(trx, actor.staffId, settings, { ip: ctx.ip, userAgent });
    await recordAudit(trx, ctx, {
      action: 'auth.change_password',
      targetType: 'staff',
      targetId: actor.staffId,
      details: { revokedSessions },
    });
    return session;
  });
  sessionEvents.emit('revoked', { staffId: actor.staffId });
  return issued;
}
