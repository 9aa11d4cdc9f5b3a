/** The staff calendars: a counsellor's own appointments and a provider's team's. */
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { helsinkiInstant } from '../../shared/helsinki-time.js';
import { selectAppointmentsInPeriod, type AppointmentPeriod } from './appointment.repository.js';
import { presentStaffAppointment } from './appointment.presenter.js';

export const staffAppointmentsSchema = z.object({
  from: z.iso.date().optional(),
  days: z.coerce.number().int().min(1).max(62).default(14).catch(14),
  status: z.enum(['booked', 'cancelled', 'done', 'all']).default('booked').catch('booked'),
});

/**
 * Appointments in a period: a counsellor sees their own; a provider admin their provider's
 * team; an admin everyone's.
 */
export async function listAppointments(
  db: Db,
  ctx: RequestContext,
  query: z.infer<typeof staffAppointmentsSchema>,
  scope: 'mine' | 'team',
) {
  const actor = authorize(ctx.actor, 'chat.handle');
  if (scope === 'team' && actor.role === 'counsellor') {
    throw new AppError('auth.forbidden', 403, 'Only provider admins see the team calendar');
  }
  const from = query.from ? helsinkiInstant(query.from, '00:00') : new Date(Date.now() - 86_400_000);
  const to = new Date(from.getTime() + query.days * 86_400_000);
  const period: AppointmentPeriod = { from, to, status: query.status === 'all' ? null : query.status };
  if (scope === 'mine') period.staffId = actor.staffId;
  else if (actor.role !== 'admin') period.organisationId = actor.organisationId;
  const rows = await selectAppointmentsInPeriod(db, period);
  return { items: rows.map(presentStaffAppointment) };
}
