import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import type { TwoStepRequirement } from './auth.table.js';

export async function selectTwoStepRequirement(db: Db): Promise<TwoStepRequirement> {
  const row = await db.selectFrom('auth_settings').select('require_two_step').executeTakeFirst();
  return row?.require_two_step ?? 'nobody';
}

export async function updateTwoStepRequirement(db: Db, value: TwoStepRequirement): Promise<void> {
  await db
    .updateTable('auth_settings')
    .set({ require_two_step: value, updated_at: new Date() })
    .where('id', '=', true)
    .execute();
}

export async function insertChallenge(db: Db, id: string, staffId: string, expiresAt: Date): Promise<void> {
  await db
    .insertInto('sign_in_challenges')
    .values({ id, staff_id: staffId, expires_at: expiresAt })
    .execute();
}

export function selectLiveChallenge(db: Db, id: string) {
  return db
    .selectFrom('sign_in_challenges')
    .select(['id', 'staff_id'])
    .where('id', '=', id)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** Uses a challenge up: true when this call removed it (so two parallel uses cannot both win). */
export async function deleteChallenge(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('sign_in_challenges').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function deleteExpiredChallenges(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('sign_in_challenges')
    .where('expires_at', '<', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Records a time step as used, only if it is later than the last used one: a code is accepted
 * once, even by two sign-ins racing with the same code.
 */
export async function claimTotpStep(db: Db, staffId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('staff')
    .set({ totp_last_step: step })
    .where('id', '=', staffId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function replaceRecoveryCodes(db: Db, staffId: string, hashes: string[]): Promise<void> {
  await db.deleteFrom('staff_recovery_codes').where('staff_id', '=', staffId).execute();
  if (hashes.length) {
    await db
      .insertInto('staff_recovery_codes')
      .values(hashes.map((code_hash) => ({ staff_id: staffId, code_hash })))
      .execute();
  }
}

/** Uses a recovery code up: true when it existed (and is now gone). */
export async function useRecoveryCode(db: Db, staffId: string, hash: string): Promise<boolean> {
  const result = await db
    .deleteFrom('staff_recovery_codes')
    .where('staff_id', '=', staffId)
    .where('code_hash', '=', hash)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function countRecoveryCodes(db: Db, staffId: string): Promise<number> {
  const row = await db
    .selectFrom('staff_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('staff_id', '=', staffId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
