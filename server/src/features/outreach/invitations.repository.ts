/* SQL of the proactive chat invitations: the rules and their daily counts. */
import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database-types.js';
import type { InvitationRuleTable } from './outreach.table.js';

export type InvitationRuleValues = Omit<Insertable<InvitationRuleTable>, 'id' | 'created_at' | 'updated_at'>;

/** Every rule, by path prefix and name. */
export function selectInvitationRules(db: Db) {
  return db.selectFrom('invitation_rules').selectAll().orderBy('path_prefix').orderBy('name').execute();
}

/** Shown / accepted / dismissed totals per rule over the last `days` days (Helsinki dates). */
export function selectInvitationCounts(db: Db, days: number) {
  return db
    .selectFrom('daily_counters')
    .select(['key', 'kind', (eb) => eb.fn.sum<number>('count').as('total')])
    .where('kind', 'in', ['invitation.shown', 'invitation.accepted', 'invitation.dismissed'])
    .where('day', '>', sql<string>`(now() at time zone 'Europe/Helsinki')::date - ${sql.lit(days)}`)
    .groupBy(['key', 'kind'])
    .execute();
}

export function selectInvitationRule(db: Db, id: string) {
  return db.selectFrom('invitation_rules').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertInvitationRule(db: Db, values: InvitationRuleValues) {
  return db.insertInto('invitation_rules').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Replaces a rule's settings; undefined when there is no such rule. */
export function updateInvitationRule(db: Db, id: string, values: InvitationRuleValues) {
  return db
    .updateTable('invitation_rules')
    .set({ ...values, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/**
 * The active rule with the longest path prefix that `path` starts with (the older one on a
 * tie), if any.
 */
export async function selectRuleForPath(db: Db, path: string) {
  const rules = await db
    .selectFrom('invitation_rules')
    .selectAll()
    .where('active', '=', true)
    .where(sql<boolean>`left(${path}::text, char_length(path_prefix)) = path_prefix`)
    .orderBy(sql`char_length(path_prefix)`, 'desc')
    .orderBy('created_at')
    .limit(1)
    .execute();
  return rules[0];
}

/** The id of a rule, if it exists. */
export function selectInvitationRuleId(db: Db, id: string) {
  return db.selectFrom('invitation_rules').select('id').where('id', '=', id).executeTakeFirst();
}
