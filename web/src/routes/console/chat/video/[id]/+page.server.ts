import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
  const staff = locals.staff!;
  if (!['counsellor', 'org_admin', 'admin'].includes(staff.role)) {
    error(403, { message: 'Meetings are for counsellors', code: 'auth.forbidden' });
  }
  return { appointmentId: params.id };
};
