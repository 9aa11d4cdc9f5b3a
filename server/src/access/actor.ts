/** What a staff member may be; the permissions of each are in policy.ts. */
export const staffRoles = ['counsellor', 'org_admin', 'editor', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

/**
 * Duties an admin grants on top of a role: `privacy` answers data-subject requests (find, export,
 * erase, legal hold); `trainer` writes practice scenarios, plays clients and reviews counsellors'
 * practice — admins hold both by their role.
 */
export const staffGrants = ['privacy', 'trainer'] as const;
export type StaffGrant = (typeof staffGrants)[number];

/** A signed-in staff member, as resolved from their session. */
export interface StaffActor {
  type: 'staff';
  staffId: string;
  role: StaffRole;
  organisationId: string | null;
  sessionId: string;
  /** Duties granted on top of the role; absent means none. */
  grants?: readonly StaffGrant[];
}

/** Who is asking. Every service function receives one and checks it first. */
export type Actor = StaffActor | { type: 'anonymous' } | { type: 'system' };

export const anonymousActor: Actor = { type: 'anonymous' };
export const systemActor: Actor = { type: 'system' };
