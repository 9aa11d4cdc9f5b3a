import path from 'node:path';
import { sql } from 'kysely';
import { bookingTokens } from '../../conversations/link-tokens.js';
import { recordConversations } from '../../conversations/record-history.js';
import { insertFeedbackGiven } from '../../features/articles/article-read.repository.js';
import { insertAppointments } from '../../features/booking/appointment.repository.js';
import { selectAvailabilityRules } from '../../features/booking/availability.repository.js';
import { CONTACT_REQUEST_RETENTION_DAYS } from '../../features/catalogue/contact-request.js';
import { insertEventsWithStaff } from '../../features/events/event.repository.js';
import { insertDailyCounts } from '../../features/reports/daily-counters.repository.js';
import { sha256 } from '../../shared/secrets.js';
import type { Db } from '../database-types.js';
import { DEMO_YEAR_SEED, planDemoYear, type DemoYearPlan } from './demo-year-plan.js';
import type { DemoStaff } from './demo-year-people.js';
import { readYearTexts, type YearTexts } from './demo-year-texts.js';
import {
  hasSeedMark,
  insertSeedMark,
  selectArticleVersionIds,
  selectContactStaff,
  insertSelfHelpOutcomes,
  selectInvitationRuleIds,
  selectProviderSlugs,
  selectPublishedGuides,
  selectSomeProgrammes,
} from './demo-year.repository.js';

export interface DemoYearResult {
  seeded: boolean;
  contacts: number;
  /** The first and last day of the year made (Helsinki days). */
  from?: string;
  to?: string;
}

const notSeeded: DemoYearResult = { seeded: false, contacts: 0 };

/**
 * Adds a year of demo history to the demo data: contacts in every channel ending now, the
 * pop-up events they were logged at, bookings (a few still ahead), finder and invitation counts
 * article ratings and self-help (docs/operations.md, "Demo data"). Runs once, on a database the demo seed
 * made (audit `seed.demo_data`) and never on one that has the year already (`seed.demo_year`),
 * so it never touches real data and a restart or a second node adds nothing. Made from a fixed
 * seed, so every fresh demo has the same year relative to its first day.
 */
export async function seedDemoYear(
  db: Db,
  contentDir: string,
  options: { now?: Date; seed?: number } = {},
): Promise<DemoYearResult> {
  const texts = await readYearTexts(path.join(contentDir, 'demo'));
  if (!texts) return notSeeded;
  const now = options.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    // Nodes starting together take turns; the one after the first sees its mark.
    await sql`select pg_advisory_xact_lock(hashtext('opintori:demo-year'))`.execute(trx);
    if (!(await hasSeedMark(trx, 'seed.demo_data')) || (await hasSeedMark(trx, 'seed.demo_year'))) {
      return notSeeded;
    }
    const plan = await planFromDatabase(trx, texts, now, options.seed ?? DEMO_YEAR_SEED);
    if (!plan) return notSeeded;
    await writePlan(trx, plan);
    await insertSeedMark(trx, 'seed.demo_year', {
      contacts: plan.contacts.length,
      events: plan.events.length,
      from: plan.from,
      to: plan.to,
    });
    return { seeded: true, contacts: plan.contacts.length, from: plan.from, to: plan.to };
  });
}

/** The year planned on what the demo seed made: its providers, counsellors and their hours. */
export async function planFromDatabase(
  db: Db,
  texts: YearTexts,
  now: Date,
  seed: number,
): Promise<DemoYearPlan | undefined> {
  const [providers, staffRows, programmes, articleVersionIds, invitationRuleIds, guides] = await Promise.all([
    selectProviderSlugs(db),
    selectContactStaff(db),
    selectSomeProgrammes(db, 40),
    selectArticleVersionIds(db),
    selectInvitationRuleIds(db),
    selectPublishedGuides(db),
  ]);
  if (staffRows.length === 0) return undefined;
  const hours = await selectAvailabilityRules(
    db,
    staffRows.map((s) => s.id),
  );
  const staff: DemoStaff[] = staffRows.map((s) => ({
    id: s.id,
    email: s.email,
    name: s.name,
    organisationId: s.organisation_id,
    languages: s.languages,
    expertise: s.expertise,
    hours: hours
      .filter((h) => h.staff_id === s.id)
      .map((h) => ({
        channel: h.channel,
        weekday: h.weekday,
        startMinute: h.start_minute,
        endMinute: h.end_minute,
        location: h.location,
        directions: h.directions,
      })),
  }));
  return planDemoYear({
    seed,
    now,
    texts,
    providers,
    staff,
    programmes: programmes.map((p) => ({
      id: p.id,
      name: p.name,
      provider: p.slug,
      providerName: p.name_fi,
      organisationId: p.organisation_id,
    })),
    contactRequestRetentionDays: CONTACT_REQUEST_RETENTION_DAYS,
    articleVersionIds,
    invitationRuleIds,
    guides,
  });
}

async function writePlan(trx: Db, plan: DemoYearPlan): Promise<void> {
  await insertEventsWithStaff(
    trx,
    plan.events.map((e) => ({
      id: e.id,
      organisation_id: e.organisationId,
      title: e.title,
      place: e.place,
      address: e.address,
      municipality: e.municipality,
      starts_at: e.startsAt,
      ends_at: e.endsAt,
      languages: e.languages,
      status: 'published',
      created_by: null,
      created_at: new Date(e.startsAt.getTime() - 30 * 86_400_000),
      updated_at: new Date(e.startsAt.getTime() - 30 * 86_400_000),
      staffIds: e.staffIds,
    })),
  );
  await recordConversations(trx, plan.contacts);
  const appointments = [];
  for (const contact of plan.contacts) {
    const a = contact.appointment;
    if (!a) continue;
    // The links' tokens come from the installation's key, as for any booking: an upcoming demo
    // booking's manage link works like a real one.
    const tokens = await bookingTokens(trx, a.id);
    appointments.push({
      id: a.id,
      conversation_id: contact.id,
      staff_id: a.staffId,
      channel: a.channel,
      starts_at: a.startsAt,
      ends_at: a.endsAt,
      busy_until: a.busyUntil,
      location: a.location,
      directions: a.directions,
      status: a.status,
      manage_token_hash: sha256(tokens.manage),
      meeting_token_hash: a.channel === 'video' ? sha256(tokens.meeting) : null,
      request_key: null,
      created_at: a.createdAt,
      reminded_day_before_at: a.remindedDayBeforeAt,
      reminded_hour_before_at: a.remindedHourBeforeAt,
    });
  }
  await insertAppointments(trx, appointments);
  await insertDailyCounts(trx, plan.counters);
  await insertFeedbackGiven(trx, plan.articleRatings);
  await insertSelfHelpOutcomes(trx, plan.selfHelpOutcomes);
}
