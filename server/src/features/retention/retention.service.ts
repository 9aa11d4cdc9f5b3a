import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../../access/audit.js';
import { systemActor } from '../../access/actor.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import {
  defaultRetentionDays,
  previewPurge,
  purgeExpired,
  readRetentionDays,
  retentionClasses,
  type RetentionClass,
  type RetentionCounts,
} from '../../conversations/retention.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';

/** The installation's bounds for every class (RETENTION_MIN_DAYS, RETENTION_MAX_DAYS). */
export interface RetentionLimits {
  minDays: number;
  maxDays: number;
}

export const retentionClassSchema = z.enum(retentionClasses);

export const retentionSettingsSchema = z.object({
  classes: z.array(
    z.object({
      class: retentionClassSchema,
      days: z.number().int(),
      defaultDays: z.number().int(),
      minDays: z.number().int(),
      maxDays: z.number().int(),
    }),
  ),
  /** What the next purge would remove now, per class. */
  preview: z.record(retentionClassSchema, z.number().int()),
});
export type RetentionSettingsView = z.infer<typeof retentionSettingsSchema>;

export const saveRetentionSchema = z.object({
  days: z.partialRecord(retentionClassSchema, z.number().int().min(1).max(36_500)),
});

export const publicRetentionSchema = z.object({
  classes: z.array(z.object({ class: retentionClassSchema, days: z.number().int() })),
});

/** Each class's days, default and bounds, and what the next purge would remove. */
export async function retentionSettings(
  db: Db,
  ctx: RequestContext,
  limits: RetentionLimits,
  now = new Date(),
): Promise<RetentionSettingsView> {
  authorize(ctx.actor, 'retention.manage');
  const days = await readRetentionDays(db);
  return {
    classes: retentionClasses.map((k) => ({
      class: k,
      days: days[k],
      defaultDays: defaultRetentionDays[k],
      minDays: limits.minDays,
      maxDays: limits.maxDays,
    })),
    preview: await previewPurge(db, days, now),
  };
}

/**
 * Saves the days of the classes given. A value outside the installation's bounds refuses the
 * whole change (400 `retention.out_of_limits`, naming each field); nothing is saved then.
 */
export async function saveRetentionSettings(
  db: Db,
  ctx: RequestContext,
  limits: RetentionLimits,
  input: z.infer<typeof saveRetentionSchema>,
): Promise<RetentionSettingsView> {
  const actor = authorize(ctx.actor, 'retention.manage');
  const given = Object.entries(input.days) as [RetentionClass, number][];
  const outside = given.filter(([, d]) => d < limits.minDays || d > limits.maxDays);
  if (outside.length > 0) {
    throw new AppError(
      'retention.out_of_limits',
      400,
      `Retention must be ${limits.minDays}–${limits.maxDays} days`,
      {
        minDays: limits.minDays,
        maxDays: limits.maxDays,
        fields: outside.map(([k]) => ({ field: `days.${k}`, message: 'retention.out_of_limits' })),
      },
    );
  }
  const before = await readRetentionDays(db);
  const changed = given.filter(([k, d]) => before[k] !== d);
  if (changed.length > 0) {
    await db.transaction().execute(async (trx) => {
      for (const [k, d] of changed) {
        await trx
          .insertInto('retention_settings')
          .values({ data_class: k, days: d, updated_by: actor.staffId })
          .onConflict((oc) =>
            oc
              .column('data_class')
              .doUpdateSet({ days: d, updated_by: actor.staffId, updated_at: sql`now()` }),
          )
          .execute();
      }
      await recordAudit(trx, ctx, {
        action: 'retention.settings',
        targetType: 'retention',
        organisationId: null,
        details: Object.fromEntries(changed.map(([k, d]) => [k, { from: before[k], to: d }])),
      });
    });
  }
  return retentionSettings(db, ctx, limits);
}

/** Every class's days, for the privacy notice. */
export async function publicRetention(db: Db) {
  const days = await readRetentionDays(db);
  return { classes: retentionClasses.map((k) => ({ class: k, days: days[k] })) };
}

/**
 * The periodic purge with the admins' settings; when it removed anything, the audit log says
 * what, per class (counts only).
 */
export async function runRetentionPurge(db: Db, now = new Date()): Promise<RetentionCounts | undefined> {
  const counts = await purgeExpired(db, await readRetentionDays(db), now);
  if (Object.values(counts).every((n) => n === 0)) return undefined;
  await recordAudit(
    db,
    { actor: systemActor },
    { action: 'retention.purge', targetType: 'retention', organisationId: null, details: counts },
  );
  return counts;
}
