import type { RecordedConversation, RecordedMessage } from '../../conversations/record-history.js';
import { firstName } from '../../shared/names.js';
import { addDays, instantAt, later, minutes, nextWorkday, writingMinute } from './demo-year-calendar.js';
import {
  clientGroup,
  inventClient,
  maybeFeedback,
  pickHandler,
  pickLanguage,
  pickOutcome,
  pickTopic,
  topicText,
  type DemoStaff,
  type PlanContext,
} from './demo-year-people.js';
import type { YearTexts } from './demo-year-texts.js';

/*
 * The demo year's meetings: booked phone, video and face-to-face times in the counsellors'
 * weekly hours (the past ones held and closed, a few still ahead), pop-up events with the
 * contacts logged there, and contact requests left from the programme finder.
 */

/** The default booking settings: 45-minute meetings, 15 minutes between. */
const SLOT_MINUTES = 45;
const BUFFER_MINUTES = 15;

export interface PlannedAppointment {
  id: string;
  staffId: string;
  channel: 'phone' | 'video' | 'in_person';
  startsAt: Date;
  endsAt: Date;
  busyUntil: Date;
  location: string | null;
  directions: string;
  status: 'booked' | 'done';
  createdAt: Date;
  remindedDayBeforeAt: Date | null;
  remindedHourBeforeAt: Date | null;
}

export type PlannedContact = RecordedConversation & { appointment?: PlannedAppointment };

export interface PlannedEvent {
  id: string;
  organisationId: string;
  title: string;
  place: string;
  address: string;
  municipality: string;
  startsAt: Date;
  endsAt: Date;
  languages: string[];
  staffIds: string[];
}

export interface DemoProgramme {
  id: string;
  name: string;
  provider: string;
  providerName: string;
  organisationId: string;
}

/**
 * The bookings of a day in every counsellor's hours: each slot taken with the given chance.
 * `from` is the first instant of the demo year (nothing is booked before it).
 */
export function planBookings(ctx: PlanContext, day: string, weekday: number, chance: number, from: Date) {
  const planned: PlannedContact[] = [];
  for (const staff of ctx.staff) {
    // As the booking page offers them: a slot whose time and buffer meet a booking's is taken.
    const taken: PlannedAppointment[] = [];
    for (const rule of staff.hours.filter((h) => h.weekday === weekday && h.channel !== 'chat')) {
      for (let m = rule.startMinute; m + SLOT_MINUTES <= rule.endMinute; m += SLOT_MINUTES) {
        if (!ctx.rng.chance(chance)) continue;
        const startsAt = instantAt(day, m);
        const busyUntil = later(startsAt, minutes(SLOT_MINUTES + BUFFER_MINUTES));
        if (taken.some((a) => startsAt < a.busyUntil && a.startsAt < busyUntil)) continue;
        const booking = planBooking(ctx, staff, rule, day, m, from);
        if (!booking) continue;
        planned.push(booking);
        taken.push(booking.appointment!);
      }
    }
  }
  return planned;
}

function planBooking(
  ctx: PlanContext,
  staff: DemoStaff,
  rule: DemoStaff['hours'][number],
  day: string,
  minute: number,
  from: Date,
): PlannedContact | undefined {
  const { rng, now } = ctx;
  const channel = rule.channel as PlannedAppointment['channel'];
  const startsAt = instantAt(day, minute);
  const endsAt = later(startsAt, minutes(SLOT_MINUTES));
  const createdAt = instantAt(addDays(day, -rng.int(1, 12)), writingMinute(rng), rng.int(0, 59));
  const upcoming = startsAt > now;
  if (createdAt < from || createdAt >= now || (!upcoming && later(endsAt, minutes(90)) > now))
    return undefined;
  const spoken = (['fi', 'sv', 'en'] as const).filter((l) => staff.languages.includes(l));
  const language = spoken.includes('fi') && rng.chance(0.85) ? 'fi' : rng.pick(spoken);
  const topic = pickTopic(rng);
  const person = inventClient(ctx, language);
  const description = rng.chance(0.7) ? topicText(ctx, topic, language, 'questions') : '';
  const id = rng.uuid();
  const reminded = (hours: number) => {
    const at = later(startsAt, -minutes(hours * 60));
    return createdAt < at && at < now ? at : null;
  };
  const appointment: PlannedAppointment = {
    id,
    staffId: staff.id,
    channel,
    startsAt,
    endsAt,
    busyUntil: later(endsAt, minutes(BUFFER_MINUTES)),
    location: channel === 'in_person' ? rule.location : null,
    directions: channel === 'in_person' ? rule.directions : '',
    status: upcoming ? 'booked' : 'done',
    createdAt,
    remindedDayBeforeAt: reminded(24),
    remindedHourBeforeAt: reminded(1),
  };
  const messages: RecordedMessage[] = [
    { kind: 'message', authorType: 'client', body: description, details: { appointmentId: id }, createdAt },
  ];
  const base = {
    id: rng.uuid(),
    channel,
    client: {
      firstName: person.firstName,
      email: person.email,
      phone: channel === 'phone' ? person.phone : null,
      language,
      consent: true,
    },
    organisationId: staff.organisationId,
    assignedStaffId: staff.id,
    topic,
    language,
    subject: description ? description.replace(/\s+/g, ' ').slice(0, 80) : null,
    dueAt: startsAt,
    details: { origin: 'booking', firstName: person.firstName, demo: true },
    appointment,
  };
  if (upcoming) return { ...base, status: 'active', times: { createdAt, assignedAt: createdAt }, messages };
  if (channel === 'phone') {
    messages.push({
      kind: 'event',
      authorType: 'system',
      authorStaffId: staff.id,
      eventType: 'call_outcome',
      body: '',
      details: { outcome: 'reached', retryAt: null, note: '', byStaffId: staff.id },
      createdAt: later(startsAt, minutes(1)),
    });
  }
  // After the meeting the counsellor sends a summary with the links talked about.
  const summaryAt = later(endsAt, minutes(rng.int(5, 60)));
  const closedAt = later(summaryAt, minutes(1));
  messages.push(
    {
      kind: 'message',
      authorType: 'staff',
      authorStaffId: staff.id,
      body: topicText(ctx, topic, language, 'answers'),
      clientMsgId: rng.hex(16),
      createdAt: summaryAt,
    },
    {
      kind: 'event',
      authorType: 'system',
      eventType: 'closed',
      details: { byStaffId: staff.id },
      createdAt: closedAt,
    },
  );
  return {
    ...base,
    status: 'closed',
    outcome: pickOutcome(rng, 'meeting'),
    ...clientGroup(rng, topic, 0.6),
    times: {
      createdAt,
      assignedAt: createdAt,
      ...(channel === 'phone' ? { firstResponseAt: later(startsAt, minutes(1)) } : {}),
      closedAt,
    },
    messages,
    feedback: maybeFeedback(ctx, closedAt, language, 0.3),
  };
}

/**
 * The pop-up events of the year (every place about every six weeks, none in July or at
 * Christmas), each with the face-to-face contacts its counsellors logged there.
 */
export function planPopUps(ctx: PlanContext, days: string[], providerIds: Map<string, string>) {
  const { rng, now } = ctx;
  const events: PlannedEvent[] = [];
  const contacts: PlannedContact[] = [];
  const staffByEmail = new Map(ctx.staff.map((s) => [s.email, s]));
  ctx.texts.popUps.forEach((template: YearTexts['popUps'][number], index) => {
    const organisationId = providerIds.get(template.provider);
    const staff = template.staff.map((email) => staffByEmail.get(email)).filter((s) => !!s);
    if (!organisationId || staff.length === 0) return;
    for (let offset = index * 7 + rng.int(0, 6); offset < days.length - 1; offset += 42) {
      const day = nextWorkday(days[offset]!);
      const month = Number(day.slice(5, 7));
      if (month === 7 || (month === 12 && Number(day.slice(8, 10)) >= 20)) continue;
      const [fromH, fromM] = template.from.split(':').map(Number) as [number, number];
      const [toH, toM] = template.to.split(':').map(Number) as [number, number];
      const startsAt = instantAt(day, fromH * 60 + fromM);
      const endsAt = instantAt(day, toH * 60 + toM);
      if (endsAt >= now) continue;
      const event: PlannedEvent = {
        id: rng.uuid(),
        organisationId,
        title: template.title,
        place: template.place,
        address: template.address,
        municipality: template.municipality,
        startsAt,
        endsAt,
        languages: template.languages,
        staffIds: staff.map((s) => s.id),
      };
      events.push(event);
      const count = rng.around(10);
      for (let i = 0; i < count; i++) contacts.push(popUpContact(ctx, event, staff));
    }
  });
  return { events, contacts };
}

function popUpContact(ctx: PlanContext, event: PlannedEvent, staff: DemoStaff[]): PlannedContact {
  const { rng } = ctx;
  const counsellor = rng.pick(staff);
  const topic = pickTopic(rng);
  // Asked in the counsellor's other languages too (Arabic, Ukrainian, Somali …) at a stand.
  const others = counsellor.languages.filter((l) => l !== 'fi');
  const language = others.length > 0 && rng.chance(0.3) ? rng.pick(others) : 'fi';
  const span = event.endsAt.getTime() - event.startsAt.getTime();
  const at = new Date(event.startsAt.getTime() + Math.floor(rng.next() * span));
  const outcome = pickOutcome(rng, 'pop_up');
  return {
    id: rng.uuid(),
    channel: 'in_person',
    status: 'closed',
    client: null,
    organisationId: event.organisationId,
    assignedStaffId: counsellor.id,
    topic,
    language,
    eventId: event.id,
    outcome,
    ...clientGroup(rng, topic, 0.85),
    details: { origin: 'contact_log', topics: [topic], outcome, followUp: false, demo: true },
    // Logged as it happened: closed at once (contact-log-entry.service.ts).
    times: { createdAt: at, assignedAt: at, firstResponseAt: at, closedAt: at },
    messages: [],
  };
}

/** A contact request from the finder or the shortlist, kept CONTACT_REQUEST_RETENTION_DAYS. */
export function planContactRequest(
  ctx: PlanContext,
  day: string,
  programmes: DemoProgramme[],
  retentionDays: number,
): PlannedContact | undefined {
  const { rng } = ctx;
  const language = pickLanguage(rng, 'other');
  const person = inventClient(ctx, language);
  const createdAt = instantAt(day, writingMinute(rng), rng.int(0, 59));
  const chosen =
    programmes.length > 0
      ? [...new Set(Array.from({ length: rng.int(1, 3) }, () => rng.pick(programmes)))]
      : [];
  const providers = [...new Set(chosen.map((p) => p.organisationId))];
  const topic = 'programme_choice';
  const staff = pickHandler(ctx, language, rng.pick(['applying', 'career_change']));
  const claimedAt = instantAt(nextWorkday(addDays(day, 1)), rng.int(9 * 60, 12 * 60), rng.int(0, 59));
  const closedAt = later(claimedAt, minutes(rng.int(10, 240)));
  if (closedAt >= ctx.now) return undefined;
  const situation = rng.pick(['working', 'unemployed', 'new_in_finland', 'career_change', 'returning']);
  return {
    id: rng.uuid(),
    channel: 'web_form',
    status: 'closed',
    client: { firstName: person.firstName, email: person.email, language, consent: true },
    organisationId: providers.length === 1 ? providers[0]! : staff.organisationId,
    assignedStaffId: staff.id,
    topic,
    language,
    subject: chosen.length
      ? chosen
          .map((p) => p.name)
          .join('; ')
          .slice(0, 300)
      : 'Koulutuksen valinta',
    sourcePage: rng.pick(['finder', 'shortlist', 'programme']),
    retainUntil: new Date(createdAt.getTime() + retentionDays * 86_400_000),
    outcome: pickOutcome(rng, 'written'),
    details: {
      answers: { situation, pace: rng.pick(['full_time', 'part_time', 'alongside_work']) },
      programmes: chosen.map((p) => ({
        id: p.id,
        name: p.name,
        provider: p.provider,
        providerName: p.providerName,
      })),
      demo: true,
    },
    times: { createdAt, assignedAt: claimedAt, closedAt },
    messages: [
      {
        kind: 'message',
        authorType: 'client',
        body: topicText(ctx, topic, language, 'questions'),
        createdAt,
      },
      {
        kind: 'event',
        authorType: 'system',
        eventType: 'assigned',
        details: { staffId: staff.id, firstName: firstName(staff.name) },
        createdAt: claimedAt,
      },
      {
        kind: 'note',
        authorType: 'staff',
        authorStaffId: staff.id,
        body: topicText(ctx, topic, language, 'answers'),
        createdAt: later(closedAt, -minutes(1)),
      },
      {
        kind: 'event',
        authorType: 'system',
        eventType: 'closed',
        details: { byStaffId: staff.id },
        createdAt: closedAt,
      },
    ],
  };
}
