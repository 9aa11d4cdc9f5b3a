import type { Migration, MigrationProvider } from 'kysely/migration';
import * as core from './migrations/2026-11-29T10-00-core.js';
import * as knowledgeBase from './migrations/2026-11-29T20-00-knowledge-base.js';
import * as searchSpeed from './migrations/2026-11-29T23-00-search-speed.js';
import * as catalogue from './migrations/2026-11-30T00-00-catalogue.js';
import * as chat from './migrations/2026-11-30T02-00-chat.js';
import * as mail from './migrations/2026-11-30T05-00-mail.js';
import * as appointments from './migrations/2026-11-30T07-00-appointments.js';
import * as outreach from './migrations/2026-11-30T09-00-outreach.js';
import * as reports from './migrations/2026-11-30T09-40-reports.js';
import * as adhocVideo from './migrations/2026-11-30T09-50-adhoc-video.js';
import * as reportRollup from './migrations/2026-11-30T10-30-report-rollup.js';
import * as rateLimits from './migrations/2026-12-04T15-53-rate-limits.js';
import * as selfHelp from './migrations/2026-12-05T13-30-self-help.js';
import * as sessionDetails from './migrations/2026-12-05T22-00-session-details.js';
import * as selfHelpChats from './migrations/2026-12-06T02-00-self-help-chats.js';
import * as twoStep from './migrations/2026-12-06T05-00-two-step.js';
import * as staffInvitations from './migrations/2026-12-06T06-00-staff-invitations.js';
import * as passkeys from './migrations/2026-12-06T07-00-passkeys.js';
import * as singleSignOn from './migrations/2026-12-06T08-00-single-sign-on.js';
import * as privacy from './migrations/2026-12-07T01-00-privacy.js';
import * as retentionSettings from './migrations/2026-12-07T03-00-retention-settings.js';
import * as training from './migrations/2026-12-07T05-00-training.js';
import * as shadowing from './migrations/2026-12-07T06-00-shadowing.js';
import * as aboutYou from './migrations/2026-12-07T08-00-about-you.js';
import * as groupSessions from './migrations/2026-12-07T10-00-group-sessions.js';
import * as cannedLanguages from './migrations/2026-12-07T12-00-canned-languages.js';

/**
 * The ordered list of migrations. Listed explicitly rather than read from disk so that the
 * same list works from TypeScript sources (tests, tsx) and from the compiled build.
 */
const migrations: Record<string, Migration> = {
  '2026-11-29T10-00-core': core,
  '2026-11-29T20-00-knowledge-base': knowledgeBase,
  '2026-11-29T23-00-search-speed': searchSpeed,
  '2026-11-30T00-00-catalogue': catalogue,
  '2026-11-30T02-00-chat': chat,
  '2026-11-30T05-00-mail': mail,
  '2026-11-30T07-00-appointments': appointments,
  '2026-11-30T09-00-outreach': outreach,
  '2026-11-30T09-40-reports': reports,
  '2026-11-30T09-50-adhoc-video': adhocVideo,
  '2026-11-30T10-30-report-rollup': reportRollup,
  '2026-12-04T15-53-rate-limits': rateLimits,
  '2026-12-05T13-30-self-help': selfHelp,
  '2026-12-05T22-00-session-details': sessionDetails,
  '2026-12-06T02-00-self-help-chats': selfHelpChats,
  '2026-12-06T05-00-two-step': twoStep,
  '2026-12-06T06-00-staff-invitations': staffInvitations,
  '2026-12-06T07-00-passkeys': passkeys,
  '2026-12-06T08-00-single-sign-on': singleSignOn,
  '2026-12-07T01-00-privacy': privacy,
  '2026-12-07T03-00-retention-settings': retentionSettings,
  '2026-12-07T05-00-training': training,
  '2026-12-07T06-00-shadowing': shadowing,
  '2026-12-07T08-00-about-you': aboutYou,
  '2026-12-07T10-00-group-sessions': groupSessions,
  '2026-12-07T12-00-canned-languages': cannedLanguages,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
