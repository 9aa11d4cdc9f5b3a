/** The chat settings and opening hours as staff read and change them. */
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { selectChatSettings, updateChatSettings } from './chat.repository.js';
import { selectOrganisationById } from '../organisations/organisation.repository.js';
import { loadSchedule, saveSchedule, scheduleOutput, type ScheduleInput } from './opening-hours.js';
import { autoAssign } from './routing.js';

export interface ChatSettings {
  assignment: 'manual' | 'auto';
  maxWaitSeconds: number;
}

export async function readChatSettings(db: Db, ctx: RequestContext): Promise<ChatSettings> {
  authorize(ctx.actor, 'chat.handle');
  const row = await selectChatSettings(db);
  if (!row) throw new Error('chat_settings has no row');
  return { assignment: row.assignment, maxWaitSeconds: row.max_wait_seconds };
}

/** Changes the settings (admins); switching to automatic assignment hands out the queue at once. */
export async function changeChatSettings(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  input: ChatSettings,
): Promise<ChatSettings> {
  authorize(ctx.actor, 'chat.settings');
  await updateChatSettings(db, input);
  await recordAudit(db, ctx, { action: 'chat.settings_update', details: { ...input } });
  if (input.assignment === 'auto') await autoAssign(db, notifier);
  return input;
}

/**
 * Replaces the weekly hours and exceptions of the service (organisationId null) or of one
 * provider, and answers with what is stored now; the queue is told, as opening may change it.
 */
export async function changeOpeningHours(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  organisationId: string | null,
  input: ScheduleInput,
) {
  authorize(ctx.actor, 'chat.hours', { organisationId });
  if (organisationId && !(await selectOrganisationById(db, organisationId))) {
    throw new AppError('organisation.not_found', 404, 'No such organisation');
  }
  await saveSchedule(db, organisationId, input);
  await recordAudit(db, ctx, {
    action: 'chat.opening_hours_update',
    targetType: 'organisation',
    targetId: organisationId ?? 'service',
    organisationId,
  });
  notifier.queueChanged('hours');
  return scheduleOutput(await loadSchedule(db, organisationId));
}
