import { createRandom } from './demo-random.js';
import { dayFactor, instantAt, weekdayOf, writingMinute, yearDays } from './demo-year-calendar.js';
import { planCallback, planChat, planMail } from './demo-year-contacts.js';
import {
  planBookings,
  planContactRequest,
  planPopUps,
  type DemoProgramme,
  type PlannedContact,
  type PlannedEvent,
} from './demo-year-meetings.js';
import type { DemoStaff, PlanContext } from './demo-year-people.js';
import { addDays } from './demo-year-calendar.js';
import type { YearTexts } from './demo-year-texts.js';
import {
  addSelfHelpToContacts,
  planSelfHelpOutcomes,
  type DemoGuide,
  type DemoSelfHelpOutcome,
} from './demo-year-self-help.js';

/** The seed of the demo year: the same seed and day give the same year. */
export const DEMO_YEAR_SEED = 2019;

export interface DemoYearInput {
  seed: number;
  now: Date;
  texts: YearTexts;
  providers: { id: string; slug: string }[];
  /** The bookable demo counsellors, with their weekly hours. */
  staff: DemoStaff[];
  programmes: DemoProgramme[];
  /** Contact requests are kept this many days from their creation (the catalogue's rule). */
  contactRequestRetentionDays: number;
  articleVersionIds: string[];
  invitationRuleIds: string[];
  /** The published guides, for chats started beside one and for the cards counsellors send. */
  guides?: DemoGuide[];
}

export interface DemoYearPlan {
  /** The first and last day (Helsinki) of the year. */
  from: string;
  to: string;
  events: PlannedEvent[];
  contacts: PlannedContact[];
  counters: { day: string; kind: string; key: string; count: number }[];
  articleRatings: { versionId: string; isHelpful: boolean; createdAt: Date }[];
  selfHelpOutcomes: DemoSelfHelpOutcome[];
}

/** Contacts of an ordinary Wednesday in April, per kind. */
const perDay = { chat: 4.2, email: 1.2, contactForm: 1.0, callback: 1.2, contactRequest: 0.6 };
/** The chance that a counsellor's bookable slot was booked, in an ordinary week. */
const BOOKED_SHARE = 0.09;
/** Days ahead with bookings already made. */
const UPCOMING_DAYS = 14;

/**
 * A year of contacts ending now, made from a seed: chats in the opening hours, mail and
 * contact-form messages, call-backs, bookings in the counsellors' hours (the last few still
 * ahead), pop-up events with their logged contacts, and contact requests from the finder — plus
 * the day counts of finder use and chat invitations, ratings of the guide articles, and
 * self-help (widget questions answered or gone on to a chat, chats beside a guide, cards). Pure:
 * the same input gives the same plan.
 */
export function planDemoYear(input: DemoYearInput): DemoYearPlan {
  const rng = createRandom(input.seed);
  const ctx: PlanContext = { rng, now: input.now, texts: input.texts, staff: input.staff };
  const days = yearDays(input.now);
  const from = instantAt(days[0]!, 0);
  const providerIds = new Map(input.providers.map((p) => [p.slug, p.id]));
  const providers = input.providers.map((p) => p.id);
  const contacts: PlannedContact[] = [];
  const counters: DemoYearPlan['counters'] = [];
  const articleRatings: DemoYearPlan['articleRatings'] = [];
  const keep = (contact: PlannedContact | undefined) => {
    if (contact) contacts.push(contact);
  };
  const requestsFrom = days.length - input.contactRequestRetentionDays;

  days.forEach((day, index) => {
    const busy = dayFactor(day);
    const weekday = weekdayOf(day);
    if (weekday <= 5) for (let i = rng.around(perDay.chat * busy); i > 0; i--) keep(planChat(ctx, day));
    for (let i = rng.around(perDay.email * busy); i > 0; i--) keep(planMail(ctx, day, 'email', providers));
    for (let i = rng.around(perDay.contactForm * busy); i > 0; i--)
      keep(planMail(ctx, day, 'contact_form', providers));
    for (let i = rng.around(perDay.callback * busy); i > 0; i--) keep(planCallback(ctx, day));
    if (index > requestsFrom)
      for (let i = rng.around(perDay.contactRequest * busy); i > 0; i--)
        keep(planContactRequest(ctx, day, input.programmes, input.contactRequestRetentionDays));
    if (weekday <= 5)
      contacts.push(...planBookings(ctx, day, weekday, BOOKED_SHARE * Math.min(busy, 1.3), from));
    counters.push(...dayCounters(ctx, day, busy, input.invitationRuleIds));
    articleRatings.push(...dayRatings(ctx, day, busy, input.articleVersionIds));
  });
  const today = days.at(-1)!;
  for (let ahead = 1; ahead <= UPCOMING_DAYS; ahead++) {
    const day = addDays(today, ahead);
    const weekday = weekdayOf(day);
    if (weekday <= 5) contacts.push(...planBookings(ctx, day, weekday, BOOKED_SHARE / (1 + ahead / 7), from));
  }
  const popUps = planPopUps(ctx, days, providerIds);
  contacts.push(...popUps.contacts);
  contacts.sort((a, b) => a.times.createdAt.getTime() - b.times.createdAt.getTime());
  // Self-help draws from a stream of its own, so the rest of the year is the same with or without it.
  const selfHelpRng = createRandom(input.seed + 1);
  const guides = input.guides ?? [];
  addSelfHelpToContacts(selfHelpRng, contacts, guides);
  const guideKeys = [...new Set(guides.map((g) => g.key))];
  const selfHelpOutcomes = planSelfHelpOutcomes(selfHelpRng, days, dayFactor, input.now, guideKeys);
  return {
    from: days[0]!,
    to: today,
    events: popUps.events,
    contacts,
    counters,
    articleRatings,
    selfHelpOutcomes,
  };
}

/** Finder use and the chat invitation's showings, acceptances and dismissals of a day. */
function dayCounters(ctx: PlanContext, day: string, busy: number, ruleIds: string[]) {
  const { rng } = ctx;
  const rows: DemoYearPlan['counters'] = [];
  const used = rng.around(7 * busy);
  if (used > 0) rows.push({ day, kind: 'finder.used', key: '', count: used });
  for (const key of ruleIds) {
    const shown = rng.around(24 * busy);
    if (shown === 0) continue;
    const accepted = Math.floor(shown * (0.04 + rng.next() * 0.05));
    const dismissed = Math.floor(shown * (0.3 + rng.next() * 0.2));
    rows.push({ day, kind: 'invitation.shown', key, count: shown });
    if (accepted > 0) rows.push({ day, kind: 'invitation.accepted', key, count: accepted });
    if (dismissed > 0) rows.push({ day, kind: 'invitation.dismissed', key, count: dismissed });
  }
  return rows;
}

/** "Was this helpful?" answers on the guide articles during a day (none after now). */
function dayRatings(ctx: PlanContext, day: string, busy: number, versionIds: string[]) {
  const { rng } = ctx;
  if (versionIds.length === 0) return [];
  return Array.from({ length: rng.around(3 * busy) }, () => ({
    // The first versions (the Finnish ones, loaded first) are read most.
    versionId: versionIds[Math.min(Math.floor(rng.next() ** 2 * versionIds.length), versionIds.length - 1)]!,
    isHelpful: rng.chance(0.8),
    createdAt: instantAt(day, writingMinute(rng), rng.int(0, 59)),
  })).filter((rating) => rating.createdAt < ctx.now);
}
