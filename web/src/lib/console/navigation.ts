import type { MessageKey } from '$lib/i18n/i18n';
import type { StaffGrant, StaffRole } from '$server/access/actor';

/** A link of the console menu; without roles every signed-in staff member sees it. */
export interface NavLink {
  href: string;
  label: MessageKey;
  roles?: readonly StaffRole[];
  /** Also shown to whoever holds this duty, whatever their role. */
  grant?: StaffGrant;
}

/** A task group of the menu: shown only when the role may use something in it. */
export interface NavGroup {
  id: 'work' | 'content' | 'insight' | 'admin';
  label: MessageKey;
  links: NavLink[];
}

/*
 * Who sees a link is who may open the page: each list repeats the role check of that page's
 * server load (`+page.server.ts` or the `+layout.server.ts` above it); the API checks every
 * call again.
 */
const handlers: readonly StaffRole[] = ['admin', 'org_admin', 'counsellor'];
const admins: readonly StaffRole[] = ['admin', 'org_admin'];
const serviceAdmin: readonly StaffRole[] = ['admin'];

export const overviewLink: NavLink = { href: '/console', label: 'console.nav_overview' };

const groups: NavGroup[] = [
  {
    id: 'work',
    label: 'console.group_work',
    links: [
      { href: '/console/chat', label: 'console.nav_chat', roles: handlers },
      { href: '/console/inbox', label: 'console.nav_requests', roles: handlers },
      { href: '/console/appointments', label: 'console.nav_appointments', roles: handlers },
      { href: '/console/contact-log', label: 'console.nav_contact_log', roles: handlers },
      // Practice conversations: those who counsel, and trainers.
      { href: '/console/training', label: 'console.nav_training', roles: handlers, grant: 'trainer' },
    ],
  },
  {
    id: 'content',
    label: 'console.group_content',
    links: [
      { href: '/console/articles', label: 'console.nav_articles', roles: ['admin', 'editor'] },
      // The staff handbook: every signed-in staff member reads it.
      { href: '/console/handbook', label: 'console.nav_handbook' },
      { href: '/console/events', label: 'console.nav_events', roles: handlers },
      { href: '/console/programmes', label: 'console.nav_programmes', roles: admins },
    ],
  },
  {
    id: 'insight',
    label: 'console.group_insight',
    links: [
      { href: '/console/reports', label: 'console.nav_reports', roles: handlers },
      { href: '/console/insight', label: 'console.nav_insight', roles: ['admin', 'editor'] },
    ],
  },
  {
    id: 'admin',
    label: 'console.group_admin',
    links: [
      { href: '/console/admin/organisations', label: 'console.nav_organisations', roles: admins },
      { href: '/console/admin/staff', label: 'console.nav_staff', roles: admins },
      { href: '/console/admin/sign-in', label: 'console.nav_sign_in', roles: admins },
      // A provider's admin sets their own provider's opening hours there (every org_admin
      // belongs to a provider: the database requires it).
      { href: '/console/chat/settings', label: 'console.nav_chat_settings', roles: admins },
      { href: '/console/invitations', label: 'console.nav_invitations', roles: serviceAdmin },
      { href: '/console/dev-mailbox', label: 'console.nav_dev_mailbox', roles: serviceAdmin },
      { href: '/console/admin/audit', label: 'console.nav_audit', roles: admins },
      { href: '/console/admin/retention', label: 'console.nav_retention', roles: serviceAdmin },
      { href: '/console/privacy', label: 'console.nav_privacy', roles: serviceAdmin, grant: 'privacy' },
    ],
  },
];

/** The person's own menu; the language choice and signing out are forms beside these links. */
const ownLinks: NavLink[] = [
  { href: '/console/profile', label: 'console.nav_profile' },
  { href: '/console/availability', label: 'console.nav_availability', roles: handlers },
  { href: '/console/password', label: 'console.nav_password' },
];

const isFor =
  (role: StaffRole, grants: readonly StaffGrant[] = []) =>
  (link: NavLink) =>
    !link.roles || link.roles.includes(role) || (!!link.grant && grants.includes(link.grant));

/** The task groups with the links this role (and these duties) may use, leaving out groups with none. */
export function findNavGroups(role: StaffRole, grants: readonly StaffGrant[] = []): NavGroup[] {
  return groups
    .map((group) => ({ ...group, links: group.links.filter(isFor(role, grants)) }))
    .filter((group) => group.links.length > 0);
}

/** The links of the person's own menu for this role. */
export function findOwnLinks(role: StaffRole): NavLink[] {
  return ownLinks.filter(isFor(role));
}

/**
 * The link to mark as the current page: the longest one the path is or lies under, so that
 * chat settings, not chat, is current at /console/chat/settings. The overview is current only
 * on itself.
 */
export function findCurrentHref(path: string, hrefs: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const href of hrefs) {
    const matches = href === '/console' ? path === href : path === href || path.startsWith(`${href}/`);
    if (matches && (!best || href.length > best.length)) best = href;
  }
  return best;
}
