import { AppError } from '../errors.js';
import type { StaffRole, Actor, StaffActor, StaffGrant } from './actor.js';

/** What a permission check is about: the organisation a record belongs to, a role being granted, … */
export interface PolicyScope {
  organisationId?: string | null;
  /** Roles involved: the target's current role and the role being granted. */
  roles?: StaffRole[];
  staffId?: string;
}

type Rule = (actor: StaffActor, scope: PolicyScope) => boolean;

const isAdmin: Rule = (actor) => actor.role === 'admin';
const isOwnOrganisationAdmin: Rule = (actor, scope) =>
  actor.role === 'org_admin' &&
  actor.organisationId !== null &&
  scope.organisationId === actor.organisationId;
/** Org admins manage counsellors and other org admins of their own provider, nothing wider. */
const orgAdminManagesStaff: Rule = (actor, scope) =>
  isOwnOrganisationAdmin(actor, scope) &&
  (scope.roles ?? []).every((role) => role === 'counsellor' || role === 'org_admin');
const isSelf: Rule = (actor, scope) => scope.staffId === actor.staffId;
const anyStaff: Rule = () => true;
const holds =
  (grant: StaffGrant): Rule =>
  (actor) =>
    actor.grants?.includes(grant) ?? false;

const either =
  (...rules: Rule[]): Rule =>
  (actor, scope) =>
    rules.some((rule) => rule(actor, scope));

/** The one place that says who may do what. Services call `authorize` before touching data. */
const rules = {
  'console.use': anyStaff,
  'organisation.list_all': either(isAdmin, (actor) => actor.role === 'org_admin'),
  'organisation.create': isAdmin,
  'organisation.update': either(isAdmin, isOwnOrganisationAdmin),
  'organisation.change_status': isAdmin,
  'staff.list': either(isAdmin, isOwnOrganisationAdmin),
  'staff.read': either(isAdmin, isOwnOrganisationAdmin, isSelf),
  'staff.create': either(isAdmin, orgAdminManagesStaff),
  'staff.update': either(isAdmin, orgAdminManagesStaff),
  'staff.reset_password': either(isAdmin, orgAdminManagesStaff),
  'staff.end_sessions': either(isAdmin, orgAdminManagesStaff),
  'staff.reset_two_step': either(isAdmin, orgAdminManagesStaff),
  // Who must use two-step verification: the whole installation's choice.
  'auth.settings': isAdmin,
  // Single sign-on: the service-wide identity providers by admins, a provider's own by its admins too.
  'sso.manage': either(
    isAdmin,
    (actor, scope) => !!scope.organisationId && isOwnOrganisationAdmin(actor, scope),
  ),
  'audit.read': either(isAdmin, isOwnOrganisationAdmin),
  // Data-subject requests (find, export, erase, legal hold) across the whole service, whose
  // providers keep one register together: admins, and whom they grant the duty.
  'privacy.handle': either(isAdmin, holds('privacy')),
  // Counsellor training: those who counsel practise; trainers write scenarios, play clients and
  // review. A counsellor's practice and its reviews are theirs, their trainers' and their
  // provider's admins' to read.
  'training.practise': (actor) =>
    actor.role === 'counsellor' || actor.role === 'org_admin' || actor.role === 'admin',
  'training.author': either(isAdmin, holds('trainer')),
  'training.read_progress': either(isAdmin, holds('trainer'), isSelf, isOwnOrganisationAdmin),
  // The duties granted on top of a role are the service admins' to give.
  'staff.grant': isAdmin,
  // How long each class of data is kept: the whole installation's choice.
  'retention.manage': isAdmin,
  'article.edit': either(isAdmin, (actor) => actor.role === 'editor'),
  // What clients search for and don't find: for those who write the guides.
  'content.insight': either(isAdmin, (actor) => actor.role === 'editor'),
  'catalogue.import': either(isAdmin, isOwnOrganisationAdmin),
  // Contact requests go to one provider, or to the shared queue (organisation null) that all
  // counsellors serve.
  'contact_request.read': either(
    isAdmin,
    (actor, scope) =>
      (actor.role === 'counsellor' || actor.role === 'org_admin') &&
      (scope.organisationId === null ||
        scope.organisationId === undefined ||
        scope.organisationId === actor.organisationId),
  ),
  // Chat and the other contact channels: everyone who counsels, not editors.
  'chat.handle': (actor) =>
    actor.role === 'counsellor' || actor.role === 'org_admin' || actor.role === 'admin',
  'chat.settings': isAdmin,
  // The outgoing mail log (dev mailbox): every mail of every provider, so admins only.
  'mail.log': isAdmin,
  // Opening hours: the service's (organisation null) by admins, a provider's by its admins too.
  'chat.hours': either(
    isAdmin,
    (actor, scope) => !!scope.organisationId && isOwnOrganisationAdmin(actor, scope),
  ),
  // Pop-up events: a provider's counsellors and admins manage its own; admins any provider's.
  'event.manage': either(
    isAdmin,
    (actor, scope) =>
      (actor.role === 'counsellor' || actor.role === 'org_admin') &&
      !!scope.organisationId &&
      scope.organisationId === actor.organisationId,
  ),
  // Shared canned responses: for everyone (admins) or for one provider (its admins).
  'canned.share': either(
    isAdmin,
    (actor, scope) => !!scope.organisationId && isOwnOrganisationAdmin(actor, scope),
  ),
} satisfies Record<string, Rule>;

export type Permission = keyof typeof rules;

/** True when the actor holds the permission for the scope. */
export function can(actor: Actor, permission: Permission, scope: PolicyScope = {}): boolean {
  return actor.type === 'staff' && rules[permission](actor, scope);
}

/**
 * Throws 401 for a visitor without a session and 403 when the staff member lacks the
 * permission (the error handler records the denial in the audit log); returns the staff actor.
 */
export function authorize(actor: Actor, permission: Permission, scope: PolicyScope = {}): StaffActor {
  if (actor.type !== 'staff') {
    throw new AppError('auth.unauthenticated', 401, 'Sign in first');
  }
  if (!rules[permission](actor, scope)) {
    throw new AppError('auth.forbidden', 403, 'Not allowed', { permission });
  }
  return actor;
}
