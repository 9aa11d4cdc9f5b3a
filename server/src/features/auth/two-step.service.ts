import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import type { StaffRole } from '../../access/actor.js';
import { revokeStaffSessions } from '../../access/session.repository.js';
import { sessionEvents } from '../../access/session-events.js';
import { decryptSecret, encryptSecret } from '../../shared/encryption.js';
import { sha256 } from '../../shared/secrets.js';
import { selectStaffById, updateStaffRow } from '../staff/staff.repository.js';
import type { StaffRow } from '../staff/staff.table.js';
import type { TwoStepRequirement } from './auth.table.js';
import {
  claimTotpStep,
  countRecoveryCodes,
  replaceRecoveryCodes,
  selectTwoStepRequirement,
  updateTwoStepRequirement,
  useRecoveryCode,
} from './two-step.repository.js';

/*
 * Two-step verification for password sign-in: a time-based one-time code (RFC 6238: SHA-1,
 * six digits, 30 seconds, as every authenticator app reads it from the QR code) through the
 * `otpauth` library, and ten single-use recovery codes stored as hashes.
 */

const ISSUER = 'OpinTori';
const PERIOD = 30;
export const RECOVERY_CODE_COUNT = 10;
// No 0/o, 1/l/i: the codes are read off paper.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function totpFor(secret: string, email: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: email,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

/** Whether the installation requires a second step of a person with this role. */
export function twoStepRequiredFor(requirement: TwoStepRequirement, role: StaffRole): boolean {
  switch (requirement) {
    case 'everyone':
      return true;
    case 'admins_and_org_admins':
      return role === 'admin' || role === 'org_admin';
    case 'admins':
      return role === 'admin';
    default:
      return false;
  }
}

export const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');

function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
    return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
  });
  return { codes, hashes: codes.map((code) => sha256(normaliseRecoveryCode(code))) };
}

/**
 * Checks a six-digit code against a secret, allowing one step of clock drift either way; the
 * step it matched is claimed so that the same code (or an earlier one) never works again.
 */
async function acceptTotp(
  db: Db,
  staffId: string,
  secret: string,
  email: string,
  code: string,
): Promise<boolean> {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return false;
  const delta = totpFor(secret, email).validate({ token, window: 1 });
  if (delta === null) return false;
  const step = Math.floor(Date.now() / 1000 / PERIOD) + delta;
  return claimTotpStep(db, staffId, step);
}

export type SecondStepMethod = 'totp' | 'recovery_code';

/** Verifies the second step of a sign-in; the method that passed, or null. */
export async function verifySecondStep(
  db: Db,
  staff: Pick<StaffRow, 'id' | 'email' | 'totp_secret'>,
  input: { code?: string | undefined; recoveryCode?: string | undefined },
): Promise<SecondStepMethod | null> {
  if (!staff.totp_secret) return null;
  if (input.code) {
    const secret = await decryptSecret(db, staff.totp_secret);
    return (await acceptTotp(db, staff.id, secret, staff.email, input.code)) ? 'totp' : null;
  }
  if (input.recoveryCode) {
    const normalised = normaliseRecoveryCode(input.recoveryCode);
    if (normalised.length !== 10) return null;
    return (await useRecoveryCode(db, staff.id, sha256(normalised))) ? 'recovery_code' : null;
  }
  return null;
}

export interface TwoStepStatus {
  enabled: boolean;
  /** A new secret waits to be proven with a code (see beginTotpSetup). */
  pending: boolean;
  enabledAt: string | null;
  required: boolean;
  recoveryCodesLeft: number;
}

async function ownRow(db: Db, ctx: RequestContext) {
  const actor = authorize(ctx.actor, 'console.use');
  const row = await selectStaffById(db, actor.staffId);
  if (!row) throw new AppError('auth.unauthenticated', 401, 'Sign in first');
  return row;
}

export async function getTwoStepStatus(db: Db, ctx: RequestContext): Promise<TwoStepStatus> {
  const row = await ownRow(db, ctx);
  return {
    enabled: row.totp_enabled_at !== null,
    pending: row.totp_pending_secret !== null,
    enabledAt: row.totp_enabled_at?.toISOString() ?? null,
    required: twoStepRequiredFor(await selectTwoStepRequirement(db), row.role),
    recoveryCodesLeft: row.totp_enabled_at ? await countRecoveryCodes(db, row.id) : 0,
  };
}

export interface TotpSetup {
  secret: string;
  uri: string;
  /** The URI as a QR code, an SVG document. */
  qrSvg: string;
}

/**
 * Starts setting up the code app: a fresh secret waits until a code proves the app has it.
 * Starting again replaces a waiting secret; an enabled one stays until the new one is proven.
 */
export async function beginTotpSetup(db: Db, ctx: RequestContext): Promise<TotpSetup> {
  const row = await ownRow(db, ctx);
  const secret = new Secret({ size: 20 }).base32;
  await updateStaffRow(db, row.id, { totp_pending_secret: await encryptSecret(db, secret) });
  return presentSetup(secret, row.email);
}

async function presentSetup(secret: string, email: string): Promise<TotpSetup> {
  const uri = totpFor(secret, email).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return { secret, uri, qrSvg };
}

/** The set-up waiting for its code, shown again (a mistyped code, a reloaded page). */
export async function getPendingTotpSetup(db: Db, ctx: RequestContext): Promise<TotpSetup> {
  const row = await ownRow(db, ctx);
  if (!row.totp_pending_secret) throw new AppError('two_step.no_setup', 404, 'No set-up is waiting');
  return presentSetup(await decryptSecret(db, row.totp_pending_secret), row.email);
}

/** Proves the waiting secret with a code, turns two-step on and returns ten new recovery codes. */
export async function confirmTotpSetup(
  db: Db,
  ctx: RequestContext,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  const row = await ownRow(db, ctx);
  if (!row.totp_pending_secret) {
    throw new AppError('two_step.no_setup', 409, 'Start the set-up first');
  }
  const secret = await decryptSecret(db, row.totp_pending_secret);
  const token = code.replace(/\s/g, '');
  const delta = /^\d{6}$/.test(token) ? totpFor(secret, row.email).validate({ token, window: 1 }) : null;
  if (delta === null) {
    throw new AppError('two_step.wrong_code', 400, 'The code does not match', { field: 'code' });
  }
  const step = Math.floor(Date.now() / 1000 / PERIOD) + delta;
  const { codes, hashes } = newRecoveryCodes();
  const replaced = row.totp_enabled_at !== null;
  await db.transaction().execute(async (trx) => {
    await updateStaffRow(trx, row.id, {
      totp_secret: row.totp_pending_secret,
      totp_pending_secret: null,
      totp_enabled_at: new Date(),
      totp_last_step: step,
    });
    await replaceRecoveryCodes(trx, row.id, hashes);
    await recordAudit(trx, ctx, {
      action: 'auth.two_step_enable',
      targetType: 'staff',
      targetId: row.id,
      organisationId: row.organisation_id,
      details: { method: 'totp', replaced },
    });
  });
  return { recoveryCodes: codes };
}

async function requireCurrentCode(db: Db, row: StaffRow, code: string): Promise<void> {
  if (!row.totp_secret) throw new AppError('two_step.not_enabled', 409, 'Two-step verification is off');
  const secret = await decryptSecret(db, row.totp_secret);
  if (!(await acceptTotp(db, row.id, secret, row.email, code))) {
    throw new AppError('two_step.wrong_code', 400, 'The code does not match', { field: 'code' });
  }
}

/** New recovery codes (the old ones stop working), proven with a current code. */
export async function regenerateRecoveryCodes(
  db: Db,
  ctx: RequestContext,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  const row = await ownRow(db, ctx);
  await requireCurrentCode(db, row, code);
  const { codes, hashes } = newRecoveryCodes();
  await db.transaction().execute(async (trx) => {
    await replaceRecoveryCodes(trx, row.id, hashes);
    await recordAudit(trx, ctx, {
      action: 'auth.recovery_codes_renew',
      targetType: 'staff',
      targetId: row.id,
      organisationId: row.organisation_id,
    });
  });
  return { recoveryCodes: codes };
}

/** Turns one's own two-step off with a current code; refused when the installation requires it. */
export async function disableOwnTwoStep(db: Db, ctx: RequestContext, code: string): Promise<void> {
  const row = await ownRow(db, ctx);
  if (
    twoStepRequiredFor(await selectTwoStepRequirement(db), row.role) &&
    Number(row.passkey_count ?? 0) === 0
  ) {
    throw new AppError('two_step.required', 409, 'Two-step verification is required for your role');
  }
  await requireCurrentCode(db, row, code);
  await db.transaction().execute(async (trx) => {
    await clearTwoStep(trx, row.id);
    await recordAudit(trx, ctx, {
      action: 'auth.two_step_disable',
      targetType: 'staff',
      targetId: row.id,
      organisationId: row.organisation_id,
    });
  });
}

async function clearTwoStep(db: Db, staffId: string): Promise<void> {
  await updateStaffRow(db, staffId, {
    totp_secret: null,
    totp_pending_secret: null,
    totp_enabled_at: null,
    totp_last_step: null,
  });
  await replaceRecoveryCodes(db, staffId, []);
}

/** Whether a person keeps a second step the installation may require: for removing a passkey. */
export async function keepsRequiredSecondStep(
  db: Db,
  staffId: string,
  passkeysLeft: number,
): Promise<boolean> {
  const row = await selectStaffById(db, staffId);
  if (!row) return false;
  if (!twoStepRequiredFor(await selectTwoStepRequirement(db), row.role)) return true;
  return row.totp_enabled_at !== null || passkeysLeft > 0;
}

/**
 * An admin clears a staff member's second step (a lost phone and no recovery codes): their
 * sessions end, and where the installation requires it they set up a new one at next sign-in.
 */
export async function resetStaffTwoStep(db: Db, ctx: RequestContext, staffId: string): Promise<void> {
  const existing = await selectStaffById(db, staffId);
  if (!existing) {
    authorize(ctx.actor, 'staff.list', {});
    throw new AppError('staff.not_found', 404, 'No such staff member');
  }
  authorize(ctx.actor, 'staff.reset_two_step', {
    organisationId: existing.organisation_id,
    roles: [existing.role],
  });
  await db.transaction().execute(async (trx) => {
    await clearTwoStep(trx, staffId);
    await trx.deleteFrom('staff_passkeys').where('staff_id', '=', staffId).execute();
    const revokedSessions = await revokeStaffSessions(trx, staffId, 'two_step_reset');
    await recordAudit(trx, ctx, {
      action: 'staff.reset_two_step',
      targetType: 'staff',
      targetId: staffId,
      organisationId: existing.organisation_id,
      details: {
        hadTwoStep: existing.totp_enabled_at !== null,
        passkeys: Number(existing.passkey_count ?? 0),
        revokedSessions,
      },
    });
  });
  sessionEvents.emit('revoked', { staffId });
}

export async function getTwoStepRequirement(db: Db, ctx: RequestContext): Promise<TwoStepRequirement> {
  authorize(ctx.actor, 'auth.settings');
  return selectTwoStepRequirement(db);
}

export async function setTwoStepRequirement(
  db: Db,
  ctx: RequestContext,
  value: TwoStepRequirement,
): Promise<TwoStepRequirement> {
  authorize(ctx.actor, 'auth.settings');
  await db.transaction().execute(async (trx) => {
    const before = await selectTwoStepRequirement(trx);
    await updateTwoStepRequirement(trx, value);
    await recordAudit(trx, ctx, {
      action: 'auth.settings_update',
      details: { requireTwoStep: value, before },
      organisationId: null,
    });
  });
  return value;
}
