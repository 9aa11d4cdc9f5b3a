import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { hashPassword } from '../../access/password.js';
import { assertAcceptablePassword } from '../../access/password-policy.js';
import { revokeStaffSessions } from '../../access/session.repository.js';
import { sessionEvents } from '../../access/session-events.js';
import { queueMail, type MailSettings } from '../../conversations/mail-outbox.js';
import type { MailSender } from '../../conversations/mail-sender.js';
import { createToken, sha256 } from '../../shared/secrets.js';
import { invitationMail, invitationLang } from './staff-invitation.mail.js';
import { selectStaffById, updateStaffRow } from './staff.repository.js';
import type { StaffRow } from './staff.table.js';

/*
 * Invitations instead of typed passwords: an admin adds a person (or sends a forgotten-password
 * link) and the person sets their own password through a single-use link that expires in
 * 72 hours. No admin ever sees or types another person's password.
 */

export const INVITATION_HOURS = 72;

export interface InvitationMailDeps {
  sender: Pick<MailSender, 'kick'>;
  settings: MailSettings;
}

export const invitationUrl = (publicUrl: string, token: string) => `${publicUrl}/console/invitation/${token}`;

/**
 * Makes a new link for the person (their unused links stop working) and queues its mail, in the
 * caller's transaction; the caller kicks the sender after commit.
 */
export async function createInvitation(
  db: Db,
  settings: MailSettings,
  staff: Pick<StaffRow, 'id' | 'name' | 'email' | 'languages' | 'password_hash'>,
  invitedBy: string | null,
): Promise<{ mailId: string; expiresAt: Date }> {
  const token = createToken();
  const expiresAt = new Date(Date.now() + INVITATION_HOURS * 3_600_000);
  await db
    .deleteFrom('staff_invitations')
    .where('staff_id', '=', staff.id)
    .where('used_at', 'is', null)
    .execute();
  await db
    .insertInto('staff_invitations')
    .values({ id: sha256(token), staff_id: staff.id, invited_by: invitedBy, expires_at: expiresAt })
    .execute();
  const lang = invitationLang(staff.languages);
  const mail = invitationMail(lang, {
    name: staff.name,
    url: invitationUrl(settings.publicUrl, token),
    expiresAt,
    kind: staff.password_hash === null ? 'new' : 'reset',
  });
  const queued = await queueMail(db, settings, {
    conversationId: null,
    kind: 'staff_invitation',
    to: staff.email,
    mail,
  });
  return { mailId: queued!.id, expiresAt };
}

/**
 * Sends a person a new link to set their password (a lost password, an expired invitation).
 * Their current password keeps working until they use the link.
 */
export async function sendInvitation(
  db: Db,
  ctx: RequestContext,
  deps: InvitationMailDeps,
  staffId: string,
): Promise<{ expiresAt: string }> {
  const existing = await selectStaffById(db, staffId);
  if (!existing) {
    authorize(ctx.actor, 'staff.list', {});
    throw new AppError('staff.not_found', 404, 'No such staff member');
  }
  const actor = authorize(ctx.actor, 'staff.reset_password', {
    organisationId: existing.organisation_id,
    roles: [existing.role],
  });
  if (!existing.is_active) {
    throw new AppError('staff.inactive', 409, 'Reactivate the account before sending a link');
  }
  const sent = await db.transaction().execute(async (trx) => {
    const result = await createInvitation(trx, deps.settings, existing, actor.staffId);
    await recordAudit(trx, ctx, {
      action: 'staff.invite',
      targetType: 'staff',
      targetId: staffId,
      organisationId: existing.organisation_id,
      details: { kind: existing.password_hash === null ? 'new' : 'reset' },
    });
    return result;
  });
  deps.sender.kick(sent.mailId);
  return { expiresAt: sent.expiresAt.toISOString() };
}

function liveInvitation(db: Db, token: string) {
  return db
    .selectFrom('staff_invitations')
    .innerJoin('staff', 'staff.id', 'staff_invitations.staff_id')
    .select([
      'staff_invitations.id',
      'staff_invitations.expires_at',
      'staff.id as staff_id',
      'staff.name',
      'staff.email',
      'staff.password_hash',
    ])
    .where('staff_invitations.id', '=', sha256(token))
    .where('staff_invitations.used_at', 'is', null)
    .where('staff_invitations.expires_at', '>', sql<Date>`now()`)
    .where('staff.is_active', '=', true)
    .executeTakeFirst();
}

const invitationGone = () =>
  new AppError(
    'invitation.invalid',
    404,
    'The link has expired, was used already or was replaced by a newer one',
  );

export interface InvitationView {
  name: string;
  email: string;
  expiresAt: string;
  /** A new person's first password, or a new password for someone who had one. */
  kind: 'new' | 'reset';
}

/** Whom a link is for, so that the page can greet them; a used, replaced or expired link is gone. */
export async function describeInvitation(db: Db, token: string): Promise<InvitationView> {
  const row = await liveInvitation(db, token);
  if (!row) throw invitationGone();
  return {
    name: row.name,
    email: row.email,
    expiresAt: row.expires_at.toISOString(),
    kind: row.password_hash === null ? 'new' : 'reset',
  };
}

/**
 * Sets the person's password through their link: the link is used up, every session of theirs
 * ends (someone else may have known the old password), and the person is returned for signing in.
 */
export async function redeemInvitation(
  db: Db,
  ctx: RequestContext,
  token: string,
  password: string,
): Promise<{ staffId: string }> {
  const found = await liveInvitation(db, token);
  if (!found) throw invitationGone();
  await assertAcceptablePassword(password, 'password', { email: found.email });
  // Hash before the transaction: argon2 is deliberately slow and must not hold a transaction.
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('staff_invitations')
      .set({ used_at: new Date() })
      .where('id', '=', found.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw invitationGone();
    await updateStaffRow(trx, found.staff_id, {
      password_hash: passwordHash,
      must_change_password: false,
      password_changed_at: new Date(),
    });
    const revokedSessions = await revokeStaffSessions(trx, found.staff_id, 'password_set');
    await recordAudit(
      trx,
      { ...ctx, actor: { type: 'anonymous' } },
      {
        action: 'auth.invitation_accept',
        targetType: 'staff',
        targetId: found.staff_id,
        details: { kind: found.password_hash === null ? 'new' : 'reset', revokedSessions },
      },
    );
  });
  sessionEvents.emit('revoked', { staffId: found.staff_id });
  return { staffId: found.staff_id };
}

/** Removes links used or expired over 30 days ago (hourly with the other sign-in data). */
export async function deleteOldInvitations(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('staff_invitations')
    .where((eb) =>
      eb.or([
        eb('used_at', '<', sql<Date>`now() - interval '30 days'`),
        eb('expires_at', '<', sql<Date>`now() - interval '30 days'`),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
