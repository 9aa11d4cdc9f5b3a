import { z } from 'zod';
import type { Db } from '../db/database-types.js';
import { AppError } from '../errors.js';
import type { StaffActor } from '../access/actor.js';
import { authorize } from '../access/policy.js';
import type { RequestContext } from '../access/request-context.js';
import type { ConversationRow } from './conversation.table.js';
import { selectConversation } from './conversation.repository.js';
import { secretMatches } from '../shared/secrets.js';

const notFound = () => new AppError('conversation.not_found', 404, 'No such conversation');

export async function staffProfile(db: Db, actor: StaffActor) {
  const row = await db
    .selectFrom('staff')
    .select(['id', 'name', 'role', 'organisation_id', 'languages', 'expertise', 'is_active'])
    .where('id', '=', actor.staffId)
    .executeTakeFirst();
  if (!row || !row.is_active) throw new AppError('auth.unauthenticated', 401, 'Sign in first');
  return row;
}

export type StaffProfile = Awaited<ReturnType<typeof staffProfile>>;

/**
 * Who may see a conversation: admins; the counsellor it is assigned to; staff of the provider
 * handling it; and, while it waits in the queue, anyone who may take it from there.
 */
export function maySee(staff: StaffProfile, conversation: ConversationRow): boolean {
  if (staff.role === 'admin') return true;
  if (staff.role === 'editor') return false;
  if (conversation.assigned_staff_id === staff.id) return true;
  if (staff.organisation_id && conversation.organisation_id === staff.organisation_id) return true;
  if (conversation.status === 'queued' && conversation.channel === 'chat') {
    return canTakeFromQueue(staff, conversation);
  }
  // Offline requests to the shared queue (no provider) are open to every counsellor.
  return conversation.status === 'queued' && conversation.organisation_id === null;
}

/** May act on it (write, transfer, close): the assignee, an admin, or the handling provider's admin. */
export function mayHandle(staff: StaffProfile, conversation: ConversationRow): boolean {
  if (staff.role === 'admin') return true;
  if (conversation.assigned_staff_id === staff.id) return true;
  return (
    staff.role === 'org_admin' &&
    !!staff.organisation_id &&
    conversation.organisation_id === staff.organisation_id
  );
}

/** The conversation of an id from a request; undefined for an id that is no UUID at all. */
function conversationById(db: Db, id: string): Promise<ConversationRow | undefined> {
  return z.uuid().safeParse(id).success ? selectConversation(db, id) : Promise.resolve(undefined);
}

export async function conversationForStaff(db: Db, ctx: RequestContext, id: string) {
  const actor = authorize(ctx.actor, 'chat.handle');
  const staff = await staffProfile(db, actor);
  const conversation = await conversationById(db, id);
  // The same answer for "no such id" and "not yours": ids cannot be probed.
  if (!conversation || !maySee(staff, conversation)) throw notFound();
  return { staff, conversation, actor };
}

/**
 * Which of these (staff member, conversation) pairs may still be seen under `maySee`, the rule
 * the HTTP API applies: the live side asks it whenever access may have changed, for every
 * socket watching a conversation. Two queries however many pairs; inactive staff see nothing.
 */
export async function visiblePairs(
  db: Db,
  pairs: { staffId: string; conversationId: string }[],
): Promise<Set<string>> {
  const visible = new Set<string>();
  const staffIds = [...new Set(pairs.map((p) => p.staffId))];
  const conversationIds = [...new Set(pairs.map((p) => p.conversationId))].filter(
    (id) => z.uuid().safeParse(id).success,
  );
  if (!staffIds.length || !conversationIds.length) return visible;
  const [staffRows, conversations] = await Promise.all([
    db
      .selectFrom('staff')
      .select(['id', 'name', 'role', 'organisation_id', 'languages', 'expertise', 'is_active'])
      .where('id', 'in', staffIds)
      .where('is_active', '=', true)
      .execute(),
    db.selectFrom('conversations').selectAll().where('id', 'in', conversationIds).execute(),
  ]);
  const staffById = new Map(staffRows.map((row) => [row.id, row]));
  const conversationById = new Map(conversations.map((row) => [row.id, row]));
  for (const { staffId, conversationId } of pairs) {
    const staff = staffById.get(staffId);
    const conversation = conversationById.get(conversationId);
    if (staff && conversation && maySee(staff, conversation)) visible.add(pairKey(staffId, conversationId));
  }
  return visible;
}

export const pairKey = (staffId: string, conversationId: string) => `${staffId}:${conversationId}`;

/** May this counsellor take the conversation from the queue (provider and expertise queues)? */
export function canTakeFromQueue(
  staff: { organisation_id: string | null; expertise: string[]; role?: string },
  target: { queue_organisation_id: string | null; queue_expertise: string | null },
): boolean {
  if (staff.role === 'admin') return true;
  if (target.queue_organisation_id && target.queue_organisation_id !== staff.organisation_id) return false;
  if (target.queue_expertise && !staff.expertise.includes(target.queue_expertise)) return false;
  return true;
}

/** The conversation behind an id and secret; the same 404 for a wrong id and a wrong secret. */
export async function conversationForClient(db: Db, id: string, secret: string): Promise<ConversationRow> {
  const conversation = await conversationById(db, id);
  if (!conversation || !secretMatches(secret, conversation.access_hash)) throw notFound();
  return conversation;
}
