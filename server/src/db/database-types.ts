import type { Kysely } from 'kysely';
import type {
  AuthSettingsTable,
  LoginThrottleTable,
  SessionTable,
  SignInChallengeTable,
  SsoLoginTable,
  SsoProviderTable,
  StaffPasskeyTable,
  StaffRecoveryCodeTable,
  StaffSsoLinkTable,
  WebauthnChallengeTable,
} from '../features/auth/auth.table.js';
import type {
  ArticleFeedbackTable,
  ArticleRevisionTable,
  ArticleTable,
  ArticleVersionTable,
  SearchVocabularyTable,
} from '../features/articles/article.table.js';
import type {
  AppointmentTable,
  AvailabilityExceptionTable,
  AvailabilityRuleTable,
  BookingSettingsTable,
  ServiceKeyTable,
} from '../features/booking/appointment.table.js';
import type { AuditLogTable } from '../access/audit.table.js';
import type {
  ClientTable,
  ConversationFeedbackTable,
  ConversationTable,
  MessageTable,
  RetentionSettingTable,
} from '../conversations/conversation.table.js';
import type {
  OutgoingMailTable,
  MailMessageIdTable,
  MailSendCounterTable,
} from '../conversations/mail-outbox.table.js';
import type { AttachmentTable } from '../features/mail/mail.table.js';
import type {
  CannedResponseTable,
  ChatSettingsTable,
  OpeningExceptionTable,
  OpeningHoursTable,
  StaffPresenceTable,
} from '../features/chat/chat.table.js';
import type {
  CatalogueImportTable,
  CatalogueStateTable,
  ProgrammeTable,
} from '../features/catalogue/programme.table.js';
import type { OrganisationTable } from '../features/organisations/organisation.table.js';
import type { StaffInvitationTable, StaffTable } from '../features/staff/staff.table.js';
import type {
  DailyCounterTable,
  EventStaffTable,
  EventTable,
  EventRegistrationTable,
  InvitationRuleTable,
} from '../features/outreach/outreach.table.js';
import type { VideoCallTable } from '../features/meetings/video-call.table.js';
import type { RateLimitTable } from '../http/rate-limit.table.js';
import type { SearchQueryTable, SelfHelpOutcomeTable } from '../features/self-help/self-help.table.js';
import type {
  HandbookReadTable,
  PracticeMessageCommentTable,
  PracticeMessageTable,
  PracticeReviewTable,
  PracticeScenarioTable,
  PracticeSessionTable,
  ShadowNoteTable,
  ShadowSessionTable,
} from '../features/training/training.table.js';
import type {
  ReportChangeTable,
  ReportMonthCountTable,
  ReportMonthTable,
} from '../features/reports/report.table.js';

/** The whole schema as Kysely sees it; each table's type lives with its feature. */
export interface Database {
  organisations: OrganisationTable;
  staff: StaffTable;
  staff_invitations: StaffInvitationTable;
  sessions: SessionTable;
  login_throttle: LoginThrottleTable;
  staff_recovery_codes: StaffRecoveryCodeTable;
  sign_in_challenges: SignInChallengeTable;
  auth_settings: AuthSettingsTable;
  staff_passkeys: StaffPasskeyTable;
  webauthn_challenges: WebauthnChallengeTable;
  sso_providers: SsoProviderTable;
  staff_sso_links: StaffSsoLinkTable;
  sso_logins: SsoLoginTable;
  rate_limits: RateLimitTable;
  search_queries: SearchQueryTable;
  self_help_outcomes: SelfHelpOutcomeTable;
  audit_log: AuditLogTable;
  clients: ClientTable;
  conversations: ConversationTable;
  messages: MessageTable;
  staff_presence: StaffPresenceTable;
  chat_settings: ChatSettingsTable;
  opening_hours: OpeningHoursTable;
  opening_exceptions: OpeningExceptionTable;
  canned_responses: CannedResponseTable;
  conversation_feedback: ConversationFeedbackTable;
  outgoing_mail: OutgoingMailTable;
  mail_message_ids: MailMessageIdTable;
  attachments: AttachmentTable;
  mail_send_counters: MailSendCounterTable;
  availability_rules: AvailabilityRuleTable;
  availability_exceptions: AvailabilityExceptionTable;
  booking_settings: BookingSettingsTable;
  appointments: AppointmentTable;
  service_keys: ServiceKeyTable;
  retention_settings: RetentionSettingTable;
  events: EventTable;
  event_staff: EventStaffTable;
  event_registrations: EventRegistrationTable;
  daily_counters: DailyCounterTable;
  invitation_rules: InvitationRuleTable;
  video_calls: VideoCallTable;
  report_month_counts: ReportMonthCountTable;
  report_months: ReportMonthTable;
  report_changes: ReportChangeTable;
  articles: ArticleTable;
  article_versions: ArticleVersionTable;
  article_revisions: ArticleRevisionTable;
  article_feedback: ArticleFeedbackTable;
  search_vocabulary: SearchVocabularyTable;
  programmes: ProgrammeTable;
  catalogue_state: CatalogueStateTable;
  catalogue_imports: CatalogueImportTable;
  practice_scenarios: PracticeScenarioTable;
  practice_sessions: PracticeSessionTable;
  practice_messages: PracticeMessageTable;
  practice_reviews: PracticeReviewTable;
  practice_message_comments: PracticeMessageCommentTable;
  handbook_reads: HandbookReadTable;
  shadow_sessions: ShadowSessionTable;
  shadow_notes: ShadowNoteTable;
}

/** The database or an open transaction; repositories accept either. */
export type Db = Kysely<Database>;
