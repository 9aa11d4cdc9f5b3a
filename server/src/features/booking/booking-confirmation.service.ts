/** The mails of a new booking: the client's confirmation with a calendar file, the counsellor's notice. */
import { uiLanguageOf } from '../../conversations/languages.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { bodyText } from '../../conversations/mail-layout.js';
import { queueMail } from '../../conversations/mail-outbox.js';
import { manageUrl, meetingUrl } from '../../conversations/link-tokens.js';
import { mapSearchUrl } from '../../shared/urls/booking-urls.js';
import { calendarFile } from '../../shared/ical.js';
import { appointmentConfirmation, counsellorBookingNotice } from './booking.mail.js';
import type { BookingInput } from './booking.service.js';
import { selectStaffNameAndEmail } from './appointment.repository.js';

const channelSummary = {
  fi: { video: 'Videotapaaminen', phone: 'Puhelinaika', in_person: 'Tapaaminen' },
  sv: { video: 'Videomöte', phone: 'Telefontid', in_person: 'Möte' },
  en: { video: 'Video meeting', phone: 'Phone appointment', in_person: 'Meeting' },
} as const;

/** The client's confirmation with a calendar file, and a notice to the counsellor. */
export async function mailBooking(
  deps: ContactDeps,
  booking: {
    appointmentId: string;
    conversationId: string;
    staffId: string;
    input: BookingInput;
    slot: { start: Date; end: Date; location: string | null; directions: string };
    tokens: { manage: string; meeting: string | null };
  },
) {
  const { db, settings, sender } = deps;
  const { input, slot } = booking;
  const lang = input.lang ?? uiLanguageOf(input.language);
  const staff = await selectStaffNameAndEmail(db, booking.staffId);
  const counsellor = staff.name.replace(/\s*\(demo\)$/, '');
  const links = {
    manageUrl: manageUrl(settings.publicUrl, lang, booking.tokens.manage),
    meetingUrl: booking.tokens.meeting ? meetingUrl(settings.publicUrl, lang, booking.tokens.meeting) : null,
  };
  const mail = appointmentConfirmation(lang, {
    channel: input.channel,
    ...slot,
    counsellor,
    location: slot.location,
    directions: slot.directions,
    mapUrl: input.channel === 'in_person' ? mapSearchUrl(slot.location) : null,
    ...links,
  });
  const calendar = calendarFile({
    uid: `${booking.appointmentId}@${settings.domain}`,
    start: slot.start,
    end: slot.end,
    summary: `OpinTori: ${channelSummary[lang][input.channel]} (${counsellor})`,
    description: bodyText(mail),
    location: input.channel === 'video' ? links.meetingUrl : slot.location,
    url: links.manageUrl,
  });
  const queued = [
    await queueMail(db, settings, {
      conversationId: booking.conversationId,
      kind: 'appointment_confirmation',
      to: input.email,
      mail,
      calendar,
    }),
    await queueMail(db, settings, {
      conversationId: null,
      kind: 'counsellor_notice',
      to: staff.email,
      mail: counsellorBookingNotice({
        channel: input.channel,
        start: slot.start,
        end: slot.end,
        client: input.name,
        topic: input.topic,
        consoleUrl: `${settings.publicUrl}/console/inbox/${booking.conversationId}`,
      }),
    }),
  ];
  for (const row of queued) if (row) sender.kick(row.id);
}
