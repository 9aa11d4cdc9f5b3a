import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { recordAudit } from '../../access/audit.js';
import { effectiveSchedule, isOpenAt } from '../chat/opening-hours.js';
import { presentCounsellors, queuePositions } from '../chat/routing.js';
import { bumpCounter } from '../reports/daily-counters.js';
import type { InvitationRuleRow } from './outreach.table.js';
import {
  insertInvitationRule,
  selectInvitationCounts,
  selectInvitationRule,
  selectInvitationRuleId,
  selectInvitationRules,
  selectRuleForPath,
  updateInvitationRule,
  type InvitationRuleValues,
} from './invitations.repository.js';

const message = z.string().trim().max(300).default('');

export const invitationRuleSchema = z.object({
  name: z.string().trim().min(1, 'give the rule a name').max(100),
  pathPrefix: z
    .string()
    .trim()
    .max(200)
    .regex(/^\/[^\s?#]*$/, 'a path starting with /, without a query'),
  delaySeconds: z.number().int().min(0).max(3600),
  everyDays: z.number().int().min(1).max(365),
  messageFi: message,
  messageSv: message,
  messageEn: message,
  active: z.boolean().default(true),
});
export type InvitationRuleInput = z.infer<typeof invitationRuleSchema>;

export const invitationEvents = ['shown', 'accepted', 'dismissed'] as const;
export type InvitationEvent = (typeof invitationEvents)[number];

export function presentRule(row: InvitationRuleRow) {
  return {
    id: row.id,
    name: row.name,
    pathPrefix: row.path_prefix,
    delaySeconds: row.delay_seconds,
    everyDays: row.every_days,
    messageFi: row.message_fi,
    messageSv: row.message_sv,
    messageEn: row.message_en,
    active: row.active,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

const columns = (input: InvitationRuleInput): InvitationRuleValues => ({
  name: input.name,
  path_prefix: input.pathPrefix,
  delay_seconds: input.delaySeconds,
  every_days: input.everyDays,
  message_fi: input.messageFi,
  message_sv: input.messageSv,
  message_en: input.messageEn,
  active: input.active,
});

/** Every rule with its last 30 days' shown / accepted / dismissed counts (service-wide: admins). */
export async function listRules(db: Db, ctx: RequestContext) {
  authorize(ctx.actor, 'chat.settings');
  const [rows, counts] = await Promise.all([selectInvitationRules(db), selectInvitationCounts(db, 30)]);
  const countOf = (id: string, event: InvitationEvent) =>
    Number(counts.find((c) => c.key === id && c.kind === `invitation.${event}`)?.total ?? 0);
  return {
    items: rows.map((row) => ({
      ...presentRule(row),
      last30Days: {
        shown: countOf(row.id, 'shown'),
        accepted: countOf(row.id, 'accepted'),
        dismissed: countOf(row.id, 'dismissed'),
      },
    })),
  };
}

const notFound = () => new AppError('invitation.not_found', 404, 'No such invitation rule');
const isUuid = (id: string) => z.uuid().safeParse(id).success;

export async function readRule(db: Db, ctx: RequestContext, id: string) {
  authorize(ctx.actor, 'chat.settings');
  if (!isUuid(id)) throw notFound();
  const row = await selectInvitationRule(db, id);
  if (!row) throw notFound();
  return presentRule(row);
}

export async function createRule(db: Db, ctx: RequestContext, input: InvitationRuleInput) {
  authorize(ctx.actor, 'chat.settings');
  const row = await insertInvitationRule(db, columns(input));
  await recordAudit(db, ctx, {
    action: 'invitation.create',
    targetType: 'invitation_rule',
    targetId: row.id,
  });
  return presentRule(row);
}

export async function updateRule(db: Db, ctx: RequestContext, id: string, input: InvitationRuleInput) {
  authorize(ctx.actor, 'chat.settings');
  if (!isUuid(id)) throw notFound();
  const row = await updateInvitationRule(db, id, columns(input));
  if (!row) throw notFound();
  await recordAudit(db, ctx, {
    action: 'invitation.update',
    targetType: 'invitation_rule',
    targetId: id,
    details: { active: input.active },
  });
  return presentRule(row);
}

/**
 * Is a counsellor free to take a chat now: the service's chat is open, and the available
 * counsellors have more free places (max chats less their open chats) than chats are queued.
 */
export async function counsellorFree(db: Db, now = new Date()): Promise<boolean> {
  const schedule = await effectiveSchedule(db, null);
  if (!isOpenAt(schedule, now)) return false;
  const [counsellors, queue] = await Promise.all([presentCounsellors(db), queuePositions(db)]);
  const places = counsellors.reduce(
    (sum, c) => sum + Math.max(0, c.max_chats - Number(c.active_chats ?? 0)),
    0,
  );
  return places > queue.size;
}

export const invitationQuerySchema = z.object({
  path: z.string().max(2000).default('/'),
  lang: z.enum(['fi', 'sv', 'en']).default('fi').catch('fi'),
});

/** Default words when a rule has no message of its own in the language. */
const defaultMessage = {
  fi: 'Hei! Voinko auttaa koulutuksen valinnassa tai haussa? Ohjaaja on nyt chatissa vapaana.',
  sv: 'Hej! Kan jag hjälpa dig att välja utbildning eller söka? En vägledare är ledig i chatten nu.',
  en: 'Hello! Can we help you choose or apply for education? A counsellor is free in the chat now.',
} as const;

/**
 * The invitation for a page: the active rule with the longest matching path prefix, when a
 * counsellor is free. The path is matched without its query or fragment.
 */
export async function invitationFor(db: Db, query: z.infer<typeof invitationQuerySchema>) {
  const path = query.path.split(/[?#]/)[0] || '/';
  if (!path.startsWith('/')) return null;
  const rule = await selectRuleForPath(db, path);
  if (!rule || !(await counsellorFree(db))) return null;
  const own = { fi: rule.message_fi, sv: rule.message_sv, en: rule.message_en }[query.lang];
  return {
    id: rule.id,
    delaySeconds: rule.delay_seconds,
    everyDays: rule.every_days,
    message: own || defaultMessage[query.lang],
  };
}

/** Counts an invitation shown, accepted or dismissed; unknown or inactive rules are refused. */
export async function countInvitation(db: Db, ruleId: string, event: InvitationEvent): Promise<void> {
  if (!isUuid(ruleId)) throw notFound();
  const rule = await selectInvitationRuleId(db, ruleId);
  if (!rule) throw notFound();
  await bumpCounter(db, `invitation.${event}`, rule.id);
}
