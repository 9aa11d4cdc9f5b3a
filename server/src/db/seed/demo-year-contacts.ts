import type { RecordedConversation, RecordedMessage } from '../../conversations/record-history.js';
import { firstName } from '../../shared/names.js';
import { SERVICE_TIME_ZONE, minuteText } from '../../shared/helsinki-time.js';
import {
  addDays,
  instantAt,
  later,
  minutes,
  nextWorkday,
  officeMinute,
  weekdayOf,
  writingMinute,
} from './demo-year-calendar.js';
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

/*
 * The written and spoken contacts of the demo year — chats, mail, the contact form and
 * call-backs — each with the stream the service writes for it (the events of queueing, taking,
 * calling and closing, the messages both ways) at the times they happened. A contact that would
 * not be over by now is left out: the history holds closed contacts only.
 */

function assigned(at: Date, staff: DemoStaff): RecordedMessage {
  return {
    kind: 'event',
    authorType: 'system',
    eventType: 'assigned',
    details: { staffId: staff.id, firstName: firstName(staff.name) },
    createdAt: at,
  };
}

function closed(at: Date, staff: DemoStaff): RecordedMessage {
  return {
    kind: 'event',
    authorType: 'system',
    eventType: 'closed',
    details: { byStaffId: staff.id },
    createdAt: at,
  };
}

/** When a counsellor gets to a message left at `at`: within hours on a workday, else next morning. */
function pickedUp(ctx: PlanContext, at: Date, day: string): Date {
  const minute = Math.round((at.getTime() - instantAt(day, 0).getTime()) / 60_000);
  if (weekdayOf(day) <= 5 && minute >= 8 * 60 && minute < 15 * 60)
    return later(at, minutes(ctx.rng.int(15, 150)));
  const next = nextWorkday(addDays(day, 1));
  return instantAt(next, ctx.rng.int(8 * 60 + 30, 11 * 60), ctx.rng.int(0, 59));
}

/** A chat in the opening hours: answered within minutes, or left by the visitor in the queue. */
export function planChat(ctx: PlanContext, day: string): RecordedConversation | undefined {
  const { rng } = ctx;
  const topic = pickTopic(rng);
  const language = pickLanguage(rng, topic);
  const createdAt = instantAt(
    day,
    officeMinute(rng, weekdayOf(day) === 5 ? 16 * 60 : 18 * 60),
    rng.int(0, 59),
  );
  const question = later(createdAt, rng.int(5, 40) * 1000);
  const base = {
    id: rng.uuid(),
    channel: 'chat' as const,
    client: { language, consent: false },
    topic,
    language,
    sourcePage: rng.pick(['/fi', '/fi/ohjeet/hakeminen-aikuisena', '/fi/koulutukset', '/sv', '/en']),
    details: { firstName: null, consent: false, sourceOrganisationId: null, shortlist: [], demo: true },
  };
  const opening: RecordedMessage[] = [
    { kind: 'event', authorType: 'system', eventType: 'queued', createdAt },
    {
      kind: 'message',
      authorType: 'client',
      body: topicText(ctx, topic, language, 'questions'),
      clientMsgId: rng.hex(16),
      createdAt: question,
    },
  ];
  if (rng.chance(0.08)) {
    const left = later(question, minutes(rng.int(1, 8)));
    if (left >= ctx.now) return undefined;
    return {
      ...base,
      status: 'closed',
      outcome: 'client_left',
      times: { createdAt, closedAt: left },
      messages: [
        ...opening,
        { kind: 'event', authorType: 'system', eventType: 'client_left', createdAt: left },
      ],
    };
  }
  const staff = pickHandler(ctx, language, topic);
  const answeredAt = later(createdAt, rng.int(20, 240) * 1000);
  const assignedAt = later(answeredAt, -rng.int(5, 15) * 1000);
  const messages: RecordedMessage[] = [
    ...opening.map((m) => (m.createdAt > assignedAt ? { ...m, createdAt: later(assignedAt, -1000) } : m)),
    assigned(assignedAt, staff),
    {
      kind: 'message',
      authorType: 'staff',
      authorStaffId: staff.id,
      body: topicText(ctx, topic, language, 'answers'),
      clientMsgId: rng.hex(16),
      createdAt: answeredAt,
    },
  ];
  let last = answeredAt;
  if (rng.chance(0.6)) {
    last = later(last, minutes(rng.int(1, 6)));
    messages.push({
      kind: 'message',
      authorType: 'client',
      body: rng.pick(ctx.texts.thanks[language]),
      clientMsgId: rng.hex(16),
      createdAt: last,
    });
  }
  const closedAt = later(last, minutes(rng.int(2, 20)));
  if (closedAt >= ctx.now) return undefined;
  messages.push(closed(closedAt, staff));
  return {
    ...base,
    status: 'closed',
    organisationId: staff.organisationId,
    assignedStaffId: staff.id,
    outcome: pickOutcome(rng, 'chat'),
    ...clientGroup(rng, topic, 0.45),
    times: { createdAt, assignedAt, closedAt },
    messages,
    feedback: maybeFeedback(ctx, closedAt, language, 0.22),
  };
}

/** A message by mail or from the contact form: taken, answered, perhaps thanked for, closed. */
export function planMail(
  ctx: PlanContext,
  day: string,
  origin: 'email' | 'contact_form',
  providers: string[],
): RecordedConversation | undefined {
  const { rng } = ctx;
  const topic = pickTopic(rng);
  const language = pickLanguage(rng, topic);
  const person = inventClient(ctx, language);
  const createdAt = instantAt(day, writingMinute(rng), rng.int(0, 59));
  const staff = pickHandler(ctx, language, topic);
  const claimedAt = pickedUp(ctx, createdAt, day);
  const repliedAt = later(claimedAt, minutes(rng.int(4, 40)));
  const question = topicText(ctx, topic, language, 'questions');
  const subject = origin === 'email' ? topicText(ctx, topic, language, 'subjects') : question.slice(0, 80);
  const sentTo = rng.chance(0.3) ? rng.pick(providers) : null;
  const messages: RecordedMessage[] = [
    {
      kind: 'message',
      authorType: 'client',
      body: question,
      details:
        origin === 'email'
          ? {
              email: { from: person.email, subject, messageId: null, autoReply: false },
              attachments: [],
              refusedAttachments: [],
            }
          : {},
      createdAt,
    },
    assigned(claimedAt, staff),
    {
      kind: 'message',
      authorType: 'staff',
      authorStaffId: staff.id,
      body: topicText(ctx, topic, language, 'answers'),
      clientMsgId: rng.hex(16),
      createdAt: repliedAt,
    },
  ];
  let last = repliedAt;
  if (rng.chance(0.4)) {
    last = later(last, minutes(rng.int(30, 1_440)));
    messages.push({
      kind: 'message',
      authorType: 'client',
      body: rng.pick(ctx.texts.thanks[language]),
      createdAt: last,
    });
  }
  const closedAt = later(last, minutes(rng.int(5, 1_440)));
  if (closedAt >= ctx.now) return undefined;
  messages.push(closed(closedAt, staff));
  return {
    id: rng.uuid(),
    channel: 'email',
    status: 'closed',
    client: { firstName: person.firstName, email: person.email, language, consent: true },
    organisationId: sentTo ?? staff.organisationId,
    assignedStaffId: staff.id,
    topic,
    language,
    subject,
    outcome: pickOutcome(rng, 'written'),
    ...clientGroup(rng, topic, 0.25),
    details: { origin, firstName: person.firstName, sourceOrganisationId: sentTo, demo: true },
    times: { createdAt, assignedAt: claimedAt, closedAt },
    messages,
    feedback: maybeFeedback(ctx, closedAt, language, 0.08),
  };
}

/** A call-back request: called in the chosen window, reached (or not after two tries), closed. */
export function planCallback(ctx: PlanContext, day: string): RecordedConversation | undefined {
  const { rng } = ctx;
  const topic = pickTopic(rng);
  const language = pickLanguage(rng, topic);
  const person = inventClient(ctx, language);
  const createdAt = instantAt(day, writingMinute(rng), rng.int(0, 59));
  const windowDay = nextWorkday(addDays(day, rng.chance(0.7) ? 1 : 2));
  const fromMinute = rng.pick([9, 10, 12, 13, 14]) * 60;
  const window = { date: windowDay, from: minuteText(fromMinute), to: minuteText(fromMinute + 120) };
  const dueAt = instantAt(windowDay, fromMinute);
  const staff = pickHandler(ctx, language, topic);
  const note = rng.chance(0.8) ? topicText(ctx, topic, language, 'questions') : '';
  const firstCall = later(dueAt, minutes(rng.int(0, 90)));
  const reached = rng.chance(0.88);
  const attempt = (outcome: string, at: Date, retryAt: Date | null, text: string) => ({
    event: {
      kind: 'event' as const,
      authorType: 'system' as const,
      authorStaffId: staff.id,
      eventType: 'call_outcome',
      body: text,
      details: { outcome, retryAt: retryAt?.toISOString() ?? null, note: text, byStaffId: staff.id },
      createdAt: at,
    },
    detail: {
      outcome,
      at: at.toISOString(),
      by: staff.name,
      retryAt: retryAt?.toISOString() ?? null,
      note: text,
    },
  });
  const calls = reached
    ? [attempt('reached', firstCall, null, '')]
    : [
        attempt('no_answer', firstCall, later(firstCall, minutes(1_440)), ''),
        attempt('wrong_number', later(firstCall, minutes(1_440 + rng.int(0, 60))), null, ''),
      ];
  const lastCall = calls.at(-1)!.event.createdAt;
  const closedAt = later(lastCall, minutes(reached ? rng.int(5, 25) : 1));
  if (closedAt >= ctx.now) return undefined;
  return {
    id: rng.uuid(),
    channel: 'phone',
    status: 'closed',
    client: { firstName: person.firstName, phone: person.phone, language, consent: true },
    organisationId: staff.organisationId,
    assignedStaffId: staff.id,
    topic,
    language,
    subject: note ? note.replace(/\s+/g, ' ').slice(0, 80) : null,
    dueAt,
    outcome: reached ? 'answered' : 'client_unreachable',
    ...clientGroup(rng, topic, 0.55),
    details: {
      origin: 'callback_form',
      firstName: person.firstName,
      sourceOrganisationId: null,
      callback: {
        phone: person.phone,
        window,
        note,
        timeZone: SERVICE_TIME_ZONE,
        attempts: calls.map((c) => c.detail),
      },
      demo: true,
    },
    times: {
      createdAt,
      assignedAt: later(firstCall, -minutes(2)),
      ...(reached ? { firstResponseAt: firstCall } : {}),
      closedAt,
    },
    messages: [
      { kind: 'message', authorType: 'client', body: note, createdAt },
      assigned(later(firstCall, -minutes(2)), staff),
      ...calls.map((c) => c.event),
      closed(closedAt, staff),
    ],
    feedback: reached ? maybeFeedback(ctx, closedAt, language, 0.1) : undefined,
  };
}
