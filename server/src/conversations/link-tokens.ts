import { createHmac } from 'node:crypto';
import type { Db } from '../db/database-types.js';
import type { UiLang } from '../shared/urls/article-urls.js';
import { meetingSegment } from '../shared/urls/meeting-urls.js';
import { manageSegment } from '../shared/urls/booking-urls.js';

const keys = new WeakMap<Db, Promise<string>>();

function linkKey(db: Db): Promise<string> {
  let key = keys.get(db);
  if (!key) {
    key = db
      .selectFrom('service_keys')
      .select('value')
      .where('name', '=', 'booking_links')
      .executeTakeFirstOrThrow()
      .then((row) => row.value);
    key.catch(() => keys.delete(db));
    keys.set(db, key);
  }
  return key;
}

/**
 * The tokens of a booking's links, derived from the installation's key and the booking's id:
 * the database keeps only their hashes, yet every reminder can repeat the links.
 */
export async function bookingTokens(
  db: Db,
  appointmentId: string,
): Promise<{ manage: string; meeting: string }> {
  const key = await linkKey(db);
  const token = (purpose: string) =>
    createHmac('sha256', key).update(`${purpose}:${appointmentId}`).digest('base64url');
  return { manage: token('manage'), meeting: token('meeting') };
}

export const manageUrl = (publicUrl: string, lang: UiLang, token: string) =>
  `${publicUrl}/${lang}/${manageSegment[lang]}/${token}`;
export const meetingUrl = (publicUrl: string, lang: UiLang, token: string) =>
  `${publicUrl}/${lang}/${meetingSegment[lang]}/${token}`;

/** The visitor's meeting link token of a video call offered in a chat (only its hash is kept). */
export async function videoCallToken(db: Db, videoCallId: string): Promise<string> {
  const key = await linkKey(db);
  return createHmac('sha256', key).update(`video-call:${videoCallId}`).digest('base64url');
}

/** The token of a group-session registration's own link (only its hash is kept). */
export async function registrationToken(db: Db, registrationId: string): Promise<string> {
  const key = await linkKey(db);
  return createHmac('sha256', key).update(`event-registration:${registrationId}`).digest('base64url');
}
