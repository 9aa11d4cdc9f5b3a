import { randomUUID } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { selectStaffById } from '../staff/staff.repository.js';

/*
 * Passkeys (WebAuthn) through @simplewebauthn/server: a person adds, names and removes them in
 * the console, and signs in with one alone (a passkey is a device the person holds, unlocked by
 * their fingerprint, face or PIN) or uses one as the second step after the password.
 */

const CEREMONY_MINUTES = 5;

/** Where the ceremony happens: the service's origin and its host name as the relying party. */
export interface RelyingParty {
  origin: string;
  rpID: string;
}

export function relyingPartyFor(origin: string | undefined): RelyingParty {
  if (!origin) throw new AppError('request.cross_origin', 403, 'The service origin is unknown');
  return { origin, rpID: new URL(origin).hostname };
}

export interface PasskeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const presentPasskey = (row: {
  id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
}): PasskeyView => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
});

const refused = () => new AppError('auth.passkey_refused', 401, 'The passkey was not accepted');

export async function listPasskeys(db: Db, ctx: RequestContext): Promise<PasskeyView[]> {
  const actor = authorize(ctx.actor, 'console.use');
  const rows = await db
    .selectFrom('staff_passkeys')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('staff_id', '=', actor.staffId)
    .orderBy('created_at')
    .execute();
  return rows.map(presentPasskey);
}

export async function countPasskeys(db: Db, staffId: string): Promise<number> {
  const row = await db
    .selectFrom('staff_passkeys')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('staff_id', '=', staffId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function storeChallenge(
  db: Db,
  purpose: 'register' | 'sign_in',
  challenge: string,
  staffId: string | null,
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('webauthn_challenges')
    .values({
      id,
      staff_id: staffId,
      purpose,
      challenge,
      expires_at: new Date(Date.now() + CEREMONY_MINUTES * 60_000),
    })
    .execute();
  return id;
}

/** Takes a ceremony's challenge, once: a replayed or late answer finds nothing. */
async function takeChallenge(db: Db, id: string, purpose: 'register' | 'sign_in') {
  return db
    .deleteFrom('webauthn_challenges')
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['challenge', 'staff_id'])
    .executeTakeFirst();
}

export async function deleteExpiredWebauthnChallenges(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('webauthn_challenges')
    .where('expires_at', '<', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The options for the browser to make a new passkey (the person's own ones excluded). */
export async function beginPasskeyRegistration(
  db: Db,
  ctx: RequestContext,
  rp: RelyingParty,
): Promise<{ ceremonyId: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  const actor = authorize(ctx.actor, 'console.use');
  const staff = await selectStaffById(db, actor.staffId);
  if (!staff) throw new AppError('auth.unauthenticated', 401, 'Sign in first');
  const existing = await db
    .selectFrom('staff_passkeys')
    .select(['id', 'transports'])
    .where('staff_id', '=', staff.id)
    .execute();
  const options = await generateRegistrationOptions({
    rpName: 'OpinTori',
    rpID: rp.rpID,
    userName: staff.email,
    userDisplayName: staff.name,
    userID: new TextEncoder().encode(staff.id),
    attestationType: 'none',
    excludeCredentials: existing.map((row) => ({ id: row.id, transports: row.transports })),
    // A discoverable credential, so that it can sign in without typing the email.
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  const ceremonyId = await storeChallenge(db, 'register', options.challenge, staff.id);
  return { ceremonyId, options };
}

/** Verifies the browser's new passkey against the ceremony and stores it under its name. */
export async function finishPasskeyRegistration(
  db: Db,
  ctx: RequestContext,
  rp: RelyingParty,
  input: { ceremonyId: string; name: string; response: RegistrationResponseJSON },
): Promise<PasskeyView> {
  const actor = authorize(ctx.actor, 'console.use');
  const ceremony = await takeChallenge(db, input.ceremonyId, 'register');
  if (!ceremony || ceremony.staff_id !== actor.staffId) {
    throw new AppError('passkey.ceremony_expired', 400, 'Start adding the passkey again');
  }
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
    });
  } catch {
    throw new AppError('passkey.invalid', 400, 'The passkey could not be verified');
  }
  if (!verification.verified) throw new AppError('passkey.invalid', 400, 'The passkey could not be verified');
  const { credential } = verification.registrationInfo;
  const row = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('staff_passkeys')
      .values({
        id: credential.id,
        staff_id: actor.staffId,
        name: input.name,
        public_key: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: credential.transports ?? [],
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning(['id', 'name', 'created_at', 'last_used_at'])
      .executeTakeFirst();
    if (!inserted) throw new AppError('passkey.exists', 409, 'This passkey is already in use');
    await recordAudit(trx, ctx, {
      action: 'auth.passkey_add',
      targetType: 'staff',
      targetId: actor.staffId,
      details: { passkeys: await countPasskeys(trx, actor.staffId) },
    });
    return inserted;
  });
  return presentPasskey(row);
}

async function ownPasskey(db: Db, staffId: string, id: string) {
  const row = await db
    .selectFrom('staff_passkeys')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('id', '=', id)
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
  if (!row) throw new AppError('passkey.not_found', 404, 'No such passkey of yours');
  return row;
}

export async function renamePasskey(
  db: Db,
  ctx: RequestContext,
  id: string,
  name: string,
): Promise<PasskeyView> {
  const actor = authorize(ctx.actor, 'console.use');
  const row = await db
    .updateTable('staff_passkeys')
    .set({ name })
    .where('id', '=', id)
    .where('staff_id', '=', actor.staffId)
    .returning(['id', 'name', 'created_at', 'last_used_at'])
    .executeTakeFirst();
  if (!row) throw new AppError('passkey.not_found', 404, 'No such passkey of yours');
  return presentPasskey(row);
}

/** Removes one's passkey; not the last second step of someone the installation requires it of. */
export async function removePasskey(
  db: Db,
  ctx: RequestContext,
  id: string,
  stillProtected: (staffId: string, passkeysLeft: number) => Promise<boolean>,
): Promise<void> {
  const actor = authorize(ctx.actor, 'console.use');
  await ownPasskey(db, actor.staffId, id);
  const left = (await countPasskeys(db, actor.staffId)) - 1;
  if (!(await stillProtected(actor.staffId, left))) {
    throw new AppError('two_step.required', 409, 'Your last second step cannot be removed');
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('staff_passkeys').where('id', '=', id).execute();
    await recordAudit(trx, ctx, {
      action: 'auth.passkey_remove',
      targetType: 'staff',
      targetId: actor.staffId,
      details: { passkeys: left },
    });
  });
}

/**
 * The options for signing in with a passkey: any of the service's (the browser offers the
 * person's own), or — as the second step of a password sign-in — one of that person's.
 */
export async function beginPasskeySignIn(
  db: Db,
  rp: RelyingParty,
  forStaffId: string | null,
): Promise<{ ceremonyId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const allow = forStaffId
    ? await db
        .selectFrom('staff_passkeys')
        .select(['id', 'transports'])
        .where('staff_id', '=', forStaffId)
        .execute()
    : [];
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    userVerification: 'required',
    ...(forStaffId
      ? { allowCredentials: allow.map((row) => ({ id: row.id, transports: row.transports })) }
      : {}),
  });
  const ceremonyId = await storeChallenge(db, 'sign_in', options.challenge, forStaffId);
  return { ceremonyId, options };
}

/**
 * Verifies a passkey sign-in: the ceremony's challenge (once), a known credential, the
 * service's origin and relying party, user verification and a signature counter that moved on.
 * Returns whose passkey it was.
 */
export async function verifyPasskeySignIn(
  db: Db,
  rp: RelyingParty,
  input: { ceremonyId: string; response: AuthenticationResponseJSON },
): Promise<{ staffId: string; passkeyId: string; ceremonyStaffId: string | null }> {
  const ceremony = await takeChallenge(db, input.ceremonyId, 'sign_in');
  if (!ceremony) throw new AppError('passkey.ceremony_expired', 400, 'Start the passkey sign-in again');
  const passkey = await db
    .selectFrom('staff_passkeys')
    .selectAll()
    .where('id', '=', input.response.id)
    .executeTakeFirst();
  if (!passkey) throw refused();
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(Buffer.from(passkey.public_key, 'base64url')),
        counter: passkey.counter,
        transports: passkey.transports as never,
      },
    });
  } catch {
    throw refusedFor(passkey.staff_id);
  }
  if (!verification.verified) throw refusedFor(passkey.staff_id);
  await db
    .updateTable('staff_passkeys')
    .set({ counter: verification.authenticationInfo.newCounter, last_used_at: new Date() })
    .where('id', '=', passkey.id)
    .execute();
  return { staffId: passkey.staff_id, passkeyId: passkey.id, ceremonyStaffId: ceremony.staff_id };
}

/** A refusal that knows whose passkey was tried, for the audit log. */
export class PasskeyRefused extends AppError {
  constructor(readonly staffId: string) {
    super('auth.passkey_refused', 401, 'The passkey was not accepted');
  }
}
const refusedFor = (staffId: string) => new PasskeyRefused(staffId);
