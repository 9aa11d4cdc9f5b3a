/** Who takes a queued chat: automatic assignment, queue places and wait estimates. */
import { fitScore, type QueueTarget } from '../../conversations/fit.js';
import { assignFromQueue } from '../../conversations/lifecycle.js';
import { canTakeFromQueue } from '../../conversations/access.js';
import type { Db } from '../../db/database-types.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { selectChatSettings } from './chat.repository.js';
import {
  countActiveChats,
  lockPresence,
  selectMedianPickupSeconds,
  selectOldestQueuedChats,
  selectPresentCounsellors,
  selectQueuedChatIds,
} from './queue.repository.js';

/** Staff who are signed in to the console (seen recently), marked available, and active. */
export function presentCounsellors(db: Db) {
  return selectPresentCounsellors(db);
}
export type PresentCounsellor = Awaited<ReturnType<typeof selectPresentCounsellors>>[number];

/** The best free counsellor for a conversation, or undefined: fit first, then the least busy. */
export function pickCounsellor(
  counsellors: PresentCounsellor[],
  target: QueueTarget,
): PresentCounsellor | undefined {
  return counsellors
    .filter((c) => Number(c.active_chats) < c.max_chats && canTakeFromQueue(c, target))
    .map((c) => ({ c, fit: fitScore(c, target).score }))
    .sort(
      (a, b) =>
        b.fit - a.fit ||
        Number(a.c.active_chats) - Number(b.c.active_chats) ||
        new Date(a.c.last_assigned_at ?? 0).getTime() - new Date(b.c.last_assigned_at ?? 0).getTime(),
    )[0]?.c;
}

export async function assignmentMode(db: Db): Promise<'manual' | 'auto'> {
  const row = await selectChatSettings(db);
  return row?.assignment ?? 'manual';
}

/**
 * In automatic mode, gives queued chats (oldest first) to the best free counsellors until no
 * one fits. Each assignment locks the counsellor's presence row so that two nodes cannot both
 * fill the counsellor's last free place.
 */
export async function autoAssign(db: Db, notifier: ChatNotifier): Promise<number> {
  if ((await assignmentMode(db)) !== 'auto') return 0;
  let assigned = 0;
  for (let round = 0; round < 50; round++) {
    const queued = await selectOldestQueuedChats(db, 20);
    if (!queued.length) break;
    const counsellors = await presentCounsellors(db);
    let progressed = false;
    for (const conversation of queued) {
      const chosen = pickCounsellor(counsellors, conversation);
      if (!chosen) continue;
      const done = await db.transaction().execute(async (trx) => {
        // The lock makes the count below hold until the chat is assigned.
        const presence = await lockPresence(trx, chosen.id);
        const active = await countActiveChats(trx, chosen.id);
        if (!presence || active >= presence.max_chats) return undefined;
        return assignFromQueue(trx, conversation.id, chosen);
      });
      // Losing a race to another node or request (the chat was taken, or the counsellor filled
      // up meanwhile) is progress too: read the queue again rather than leave chats waiting.
      progressed = true;
      if (done) {
        assigned++;
        notifier.assigned(chosen.id, conversation.id);
        notifier.conversationChanged(conversation.id);
        notifier.message(conversation.id, done.last_seq + 1);
      }
      break; // re-read who is free before the next one
    }
    if (!progressed) break;
  }
  if (assigned) notifier.queueChanged('assigned');
  return assigned;
}

/** Every queued chat's place in the shared queue, oldest first. */
export async function queuePositions(db: Db): Promise<Map<string, number>> {
  const ids = await selectQueuedChatIds(db);
  return new Map(ids.map((id, index) => [id, index + 1]));
}

/** The median time to be picked up over the last 30 days' chats (90 s without history). */
async function medianPickupSeconds(db: Db): Promise<number> {
  const median = await selectMedianPickupSeconds(db);
  return median === null ? 90 : Math.max(20, median);
}

/** The median pick-up time times the place in the queue, shared among the available counsellors. */
function waitEstimate(median: number, position: number, available: number): number {
  const seconds = (median * position) / Math.max(1, available);
  return Math.max(30, Math.round(seconds / 30) * 30);
}

export interface QueueSnapshot {
  /** Every queued chat's place, oldest first. */
  positions: Map<string, number>;
  /** Counsellors present and available now. */
  available: number;
  /** The languages those counsellors guide in. */
  languagesOnDuty: Set<string>;
  /**
   * The wait for a place in the queue, from recent history; with a language, shared only
   * among the available counsellors who speak it (who are offered such a chat first).
   */
  waitFor(position: number, language?: string | null): number;
}

/** The queue as visitors see it, read once (three queries) for any number of them. */
export async function queueSnapshot(db: Db): Promise<QueueSnapshot> {
  const [positions, counsellors, median] = await Promise.all([
    queuePositions(db),
    presentCounsellors(db),
    medianPickupSeconds(db),
  ]);
  return {
    positions,
    available: counsellors.length,
    languagesOnDuty: new Set(counsellors.flatMap((c) => c.languages)),
    waitFor: (position, language) =>
      waitEstimate(
        median,
        position,
        language ? counsellors.filter((c) => c.languages.includes(language)).length : counsellors.length,
      ),
  };
}
