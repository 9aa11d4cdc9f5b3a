import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { timeText } from '../../shared/helsinki-time.js';
import { bookableChannels } from './appointment.table.js';
import { insertAvailabilityRules, selectStaffIdsByEmails } from './availability.repository.js';

const availabilityFileSchema = z.object({
  places: z.record(z.string(), z.object({ location: z.string().min(1), directions: z.string() })),
  staff: z.array(
    z.object({
      email: z.string().email(),
      place: z.string(),
      hours: z.array(
        z
          .object({
            channel: z.enum(bookableChannels),
            weekdays: z.array(z.number().int().min(1).max(7)).min(1),
            start: timeText,
            end: timeText,
          })
          .refine((h) => h.end > h.start, 'the end must be after the start'),
      ),
    }),
  ),
});

/**
 * The demo counsellors' weekly booking hours (content/demo/availability.json), so that the
 * booking page offers phone, video and face-to-face times from the first start. Part of the
 * one-time demo seed; a missing file seeds none. Face-to-face hours carry the place and its
 * directions, as a counsellor would save them in the console.
 */
export async function seedDemoAvailability(db: Db, demoDir: string): Promise<number> {
  let text: string;
  try {
    text = await fs.readFile(path.join(demoDir, 'availability.json'), 'utf8');
  } catch {
    return 0;
  }
  const { places, staff } = availabilityFileSchema.parse(JSON.parse(text));
  const ids = new Map(
    (
      await selectStaffIdsByEmails(
        db,
        staff.map((s) => s.email),
      )
    ).map((row) => [row.email, row.id]),
  );
  const rows = staff.flatMap((person) => {
    const staffId = ids.get(person.email);
    const place = places[person.place];
    if (!staffId) throw new Error(`Unknown staff ${person.email} in availability.json`);
    if (!place) throw new Error(`Unknown place ${person.place} in availability.json`);
    return person.hours.flatMap((h) =>
      h.weekdays.map((weekday) => ({
        staff_id: staffId,
        channel: h.channel,
        weekday,
        start_minute: h.start,
        end_minute: h.end,
        location: h.channel === 'in_person' ? place.location : null,
        directions: h.channel === 'in_person' ? place.directions : '',
      })),
    );
  });
  if (rows.length > 0) await insertAvailabilityRules(db, rows);
  return rows.length;
}
