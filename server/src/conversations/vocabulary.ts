import type { ExpertiseArea } from '../shared/vocabulary.js';

/** What a visitor can choose to talk about; routing matches them to counsellors' expertise. */
export const chatTopics = [
  'applying',
  'financing',
  'apprenticeship',
  'recognition',
  'immigrants',
  'special_support',
  'career_change',
  'other',
] as const;
export type ChatTopic = (typeof chatTopics)[number];

/** The topics of guidance: the chat topics and the catalogue's (the contact log records these). */
export const guidanceTopics = [...chatTopics, 'programme_choice'] as const;
/**
 * The topic codes a conversation may have and a counsellor may record on close: guidance
 * topics, and `accessibility` for feedback on the service's accessibility (its own form).
 */
export const closeTopics = [...guidanceTopics, 'accessibility'] as const;
export type CloseTopic = (typeof closeTopics)[number];
/** Feedback on accessibility must be answered within this many days (Act 306/2019). */
export const ACCESSIBILITY_REPLY_DAYS = 14;

export const topicExpertise: Record<ChatTopic, ExpertiseArea[]> = {
  applying: ['adult_education'],
  financing: ['adult_education'],
  apprenticeship: ['apprenticeship', 'workplace_learning'],
  recognition: ['recognition_of_prior_learning'],
  immigrants: ['immigrants'],
  special_support: ['special_support'],
  career_change: ['career_change'],
  other: [],
};

/** How a contact ended; recorded by the counsellor on close and used in the reports. */
export const outcomes = [
  'answered',
  'referred_to_provider',
  'referred_to_other_service',
  'appointment_booked',
  'application_guidance',
  'no_answer_needed',
  'client_left',
  'client_unreachable',
] as const;
export type Outcome = (typeof outcomes)[number];

export const chatLanguages = ['fi', 'sv', 'en'] as const;
export type ChatLanguage = (typeof chatLanguages)[number];

/**
 * The kind of page a conversation or a widget question started on: the service's front page, a
 * guide, the catalogue or finder, search, another page of the service, or a member's own site.
 */
export const entryPoints = ['front', 'guide', 'catalogue', 'search', 'other', 'external'] as const;
export type EntryPoint = (typeof entryPoints)[number];

export const MESSAGE_MAX_LENGTH = 4000;
export const NOTE_MAX_LENGTH = 4000;
/** How long a chat, its messages and the client's contact details are kept after closing. */
export const CHAT_RETENTION_DAYS = 365;
/** A counsellor counts as present while a console socket has been seen within this window. */
export const PRESENCE_STALE_SECONDS = 90;

export const eventTypes = [
  'queued',
  'assigned',
  'transferred',
  'closed',
  'client_left',
  'reopened',
  'call_outcome',
  'mail_failed',
  'appointment_cancelled',
  'appointment_moved',
  'video_offered',
  'video_accepted',
  'video_declined',
  'observer_joined',
  'observer_left',
] as const;
export type ChatEventType = (typeof eventTypes)[number];

/** A client's own id for a message it sends: what makes a re-sent message the same message. */
export const CLIENT_MSG_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
