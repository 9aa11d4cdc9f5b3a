import type { z } from 'zod';
import { createCaller } from './client';
import type {
  ContactLogEntry,
  ContactLogEvent,
  contactLogSchema,
} from '$server/features/contact-log/contact-log.service';
import type { InputWarning } from '$server/conversations/about-you';

export type { ContactLogEntry, ContactLogEvent };

/** An entry as the device sends it (docs/outreach.md, "Quick contact log"). */
export type ContactLogBody = z.input<typeof contactLogSchema>;

export interface ContactLogContext {
  events: ContactLogEvent[];
  topics: string[];
  outcomes: string[];
  ageBands: string[];
  situations: string[];
  languages: string[];
  today: { count: number; items: ContactLogEntry[] };
}

export interface ContactLogSaved {
  id: string;
  status: 'closed' | 'waiting';
  duplicate: boolean;
  today: number;
  /** Values the server did not recognise and left out (an unknown municipality). */
  warnings?: InputWarning[];
}

type Fetch = typeof fetch;

/** The contact log API; the same calls run in the browser (session cookie) and on the server. */
export function createContactLogApi(fetch: Fetch) {
  const call = createCaller(fetch);
  return {
    context: () => call<ContactLogContext>('GET', '/api/v1/contact-log/context'),
    log: (body: ContactLogBody) => call<ContactLogSaved>('POST', '/api/v1/contact-log', body),
  };
}
