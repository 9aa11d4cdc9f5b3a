/* Response shapes of the chat console: presence, the queue, colleagues, canned responses. */
import { z } from 'zod';
import { inboxItemSchema } from '../../conversations/staff-view.schema.js';
import { closeTopics, outcomes } from '../../conversations/vocabulary.js';
import { expertiseAreas } from '../../shared/vocabulary.js';
import { presenceStatuses } from './chat.table.js';

export const presenceViewSchema = z.object({
  status: z.enum(presenceStatuses),
  maxChats: z.number().int(),
});

export const chatListSchema = z.object({ items: z.array(inboxItemSchema) });

export const acceptedSchema = z.object({ id: z.string() });

/** Transfer targets and the vocabularies of closing a conversation. */
export const colleaguesSchema = z.object({
  staff: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      organisationId: z.string().nullable(),
      organisationName: z.string().nullable(),
      languages: z.array(z.string()),
      expertise: z.array(z.string()),
      /** Offline when the console has not been seen lately, whatever was chosen. */
      status: z.enum(presenceStatuses),
    }),
  ),
  organisations: z.array(
    z.object({
      id: z.string(),
      name: z.object({ fi: z.string(), sv: z.string().nullable(), en: z.string().nullable() }),
    }),
  ),
  expertise: z.array(z.enum(expertiseAreas)).readonly(),
  topics: z.array(z.enum(closeTopics)).readonly(),
  outcomes: z.array(z.enum(outcomes)).readonly(),
});

export const cannedResponseSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  language: z.string(),
  shared: z.boolean(),
  /** personal, provider (shared with the provider's staff) or service (shared with everyone). */
  scope: z.string(),
  /** The staff member's own (personal) response. */
  mine: z.boolean(),
  updatedAt: z.string(),
});

export const cannedResponseListSchema = z.object({ items: z.array(cannedResponseSchema) });
