import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { findMunicipality } from '../../shared/municipalities.js';
import { helsinkiInstant } from '../../shared/helsinki-time.js';
import { eventLanguages } from './event.schema.js';
import { eventFormats } from './event-vocabulary.js';
import { addDays, helsinkiDay } from './event-times.js';
import { insertEvent, replaceEventStaff, selectStaffIdsByEmail } from './event.repository.js';

const timeText = z.string().regex(/^\d{2}:\d{2}$/);

const eventsFileSchema = z.object({
  events: z.array(
    z.object({
      provider: z.string(),
      title: z.string().min(1).max(200),
      format: z.enum(eventFormats).default('in_person'),
      /** An online session has none. */
      place: z.string().max(200).default(''),
      address: z.string().max(300).default(''),
      municipality: z
        .string()
        .refine((code) => findMunicipality(code)?.code === code, 'unknown municipality')
        .nullable()
        .default(null),
      /** Places for registrations; none when people simply come. */
      capacity: z.number().int().min(1).max(500).nullable().default(null),
      joinUrl: z
        .url({ protocol: /^https$/ })
        .nullable()
        .default(null),
      /** Held in the service's own meeting room (at most 7 registrants). */
      meetingRoom: z.boolean().default(false),
      /** Days from the seeding day; negative for an event already held. */
      inDays: z.number().int(),
      from: timeText,
      to: timeText,
      languages: z.array(z.enum(eventLanguages)).min(1),
      staff: z.array(z.string().email()),
      description: z.string().max(4000),
    }),
  ),
});

/**
 * The demo pop-up events (content/demo/events.json), dated from today so the calendar always
 * has upcoming ones. Part of the one-time demo seed; a missing file seeds none.
 */
export async function seedDemoEvents(
  db: Db,
  demoDir: string,
  idBySlug: Map<string, string>,
): Promise<number> {
  let text: string;
  try {
    text = await fs.readFile(path.join(demoDir, 'events.json'), 'utf8');
  } catch {
    return 0;
  }
  const { events } = eventsFileSchema.parse(JSON.parse(text));
  const today = helsinkiDay(new Date());
  for (const event of events) {
    const organisationId = idBySlug.get(event.provider);
    if (!organisationId) throw new Error(`Unknown provider ${event.provider}`);
    const day = addDays(today, event.inDays);
    const eventId = await insertEvent(db, {
      organisation_id: organisationId,
      title: event.title,
      place: event.place,
      address: event.address,
      municipality: event.municipality,
      format: event.format,
      capacity: event.capacity,
      join_url: event.joinUrl,
      meeting_room: event.meetingRoom,
      starts_at: helsinkiInstant(day, event.from),
      ends_at: helsinkiInstant(day, event.to),
      languages: event.languages,
      description: event.description,
      status: 'published',
      created_by: null,
    });
    if (event.staff.length > 0) {
      const staffIds = await selectStaffIdsByEmail(db, organisationId, event.staff);
      if (staffIds.length !== event.staff.length) throw new Error(`Unknown staff at ${event.title}`);
      await replaceEventStaff(db, eventId, staffIds);
    }
  }
  return events.length;
}
