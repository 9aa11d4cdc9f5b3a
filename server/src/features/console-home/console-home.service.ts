/**
 * The console's front page: the day's work of one staff member, composed from the services of
 * the pages it links to (the chat queue, the inbox, the calendar, the events, the reports and
 * the guides), so each part is checked and scoped exactly as on its own page.
 */
import type { StaffActor } from '../../access/actor.js';
import { authorize, can } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import type { Db } from '../../db/database-types.js';
import { helsinkiClock, helsinkiInstant } from '../../shared/helsinki-time.js';
import { municipalityName } from '../../shared/municipalities.js';
import { listArticlesForEditor } from '../articles/article-editor.service.js';
import { listAppointments } from '../booking/appointment-list.service.js';
import { listQueue } from '../chat/chat-console.service.js';
import { listStaffEvents } from '../events/event.service.js';
import { inboxListSchema, listInbox } from '../inbox/inbox-list.service.js';
import { listOrganisations } from '../organisations/organisation.service.js';
import { buildReport } from '../reports/report.service.js';
import {
  presentCallbacks,
  presentContactList,
  presentEvents,
  presentFigures,
  presentGuides,
  presentQueue,
  presentWaiting,
} from './console-home.presenter.js';
import { HOME_LIST_LIMIT, type Today, type TodayQuery } from './console-home.schema.js';

/** How many call-backs are read per list to find those due today (sorted by due time). */
const CALLBACK_PAGE = 30;
/** How far ahead "my next appointments" looks, in days. */
const APPOINTMENT_DAYS = 8;

const DAY = 86_400_000;

/** Today in Helsinki and the instant the next Helsinki day begins. */
function helsinkiToday(now: Date): { day: string; endOfDay: Date } {
  const day = helsinkiClock(now).day;
  const tomorrow = new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
  return { day, endOfDay: helsinkiInstant(tomorrow, '00:00') };
}

const inboxPage = (filter: Record<string, unknown>) => inboxListSchema.parse(filter);

async function queueSection(db: Db, ctx: RequestContext) {
  return presentQueue(await listQueue(db, ctx, {}));
}

async function waitingSection(db: Db, ctx: RequestContext, actor: StaffActor) {
  const pages = await Promise.all(
    (['email', 'web_form'] as const).map((channel) =>
      listInbox(
        db,
        ctx,
        inboxPage({
          channel,
          status: 'queued',
          assigned: 'unassigned',
          sort: 'oldest',
          limit: HOME_LIST_LIMIT,
        }),
      ),
    ),
  );
  return presentWaiting(pages, actor.staffId);
}

async function mineSection(db: Db, ctx: RequestContext, actor: StaffActor) {
  const page = await listInbox(
    db,
    ctx,
    inboxPage({ assigned: 'me', status: 'open', limit: HOME_LIST_LIMIT }),
  );
  return presentContactList(page, actor.staffId);
}

/** Call-backs due by the end of today: the person's own and those nobody has taken yet. */
async function callbackSection(db: Db, ctx: RequestContext, actor: StaffActor, endOfDay: Date) {
  const pages = await Promise.all(
    (['me', 'unassigned'] as const).map(async (assigned) => {
      const page = await listInbox(
        db,
        ctx,
        inboxPage({ channel: 'phone', status: 'open', assigned, sort: 'due', limit: CALLBACK_PAGE }),
      );
      return { items: page.items, limit: CALLBACK_PAGE };
    }),
  );
  return presentCallbacks(pages, endOfDay, actor.staffId);
}

async function appointmentSection(db: Db, ctx: RequestContext, day: string, now: Date, endOfDay: Date) {
  const { items } = await listAppointments(
    db,
    ctx,
    { from: day, days: APPOINTMENT_DAYS, status: 'booked' },
    'mine',
  );
  const coming = items.filter((item) => Date.parse(item.end) > now.getTime());
  return {
    today: coming.filter((item) => Date.parse(item.start) < endOfDay.getTime()).length,
    items: coming.slice(0, HOME_LIST_LIMIT).map((item) => ({
      id: item.id,
      conversationId: item.conversationId,
      channel: item.channel,
      start: item.start,
      end: item.end,
      topic: item.topic,
      language: item.language,
      clientName: item.clientName,
      location: item.location,
    })),
  };
}

/** Events of the person's provider (an admin's: every provider's) that are on today. */
async function eventSection(
  db: Db,
  ctx: RequestContext,
  actor: StaffActor,
  lang: TodayQuery['lang'],
  endOfDay: Date,
) {
  const [{ items }, organisations] = await Promise.all([
    listStaffEvents(db, ctx, { includePast: false }),
    listOrganisations(db, ctx, {}),
  ]);
  const today = items.filter((event) => Date.parse(event.startsAt) < endOfDay.getTime());
  const names = new Map(organisations.map((o) => [o.id, o.name[lang] || o.name.fi]));
  return presentEvents(
    today,
    {
      municipality: (code) => municipalityName(code, lang),
      organisation: (id, fallback) => names.get(id) ?? fallback,
    },
    actor.staffId,
  );
}

/**
 * What the staff member's day holds now. Those who handle contacts get the chat queue by
 * language and topic, contacts waiting to be taken, their own open contacts, the call-backs due
 * today, their next appointments and today's events; admins and provider admins also the day's
 * figures for what their reports cover; editors the guides that need work.
 */
export async function readToday(
  db: Db,
  ctx: RequestContext,
  query: TodayQuery,
  now = new Date(),
): Promise<Today> {
  const actor = authorize(ctx.actor, 'console.use');
  const { day, endOfDay } = helsinkiToday(now);
  const handles = can(actor, 'chat.handle');
  // Events belong to a provider; an admin sees every provider's.
  const hasEvents = handles && (actor.role === 'admin' || actor.organisationId !== null);
  const hasFigures = actor.role === 'admin' || (actor.role === 'org_admin' && actor.organisationId !== null);
  const skip = Promise.resolve(null);
  const [queue, waiting, mine, callbacks, appointments, events, figures, guides] = await Promise.all([
    handles ? queueSection(db, ctx) : skip,
    handles ? waitingSection(db, ctx, actor) : skip,
    handles ? mineSection(db, ctx, actor) : skip,
    handles ? callbackSection(db, ctx, actor, endOfDay) : skip,
    handles ? appointmentSection(db, ctx, day, now, endOfDay) : skip,
    hasEvents ? eventSection(db, ctx, actor, query.lang, endOfDay) : skip,
    hasFigures ? buildReport(db, ctx, { from: day, to: day }).then(presentFigures) : skip,
    actor.role === 'editor' ? listArticlesForEditor(db, ctx).then(presentGuides) : skip,
  ]);
  return {
    generatedAt: now.toISOString(),
    day,
    queue,
    waiting,
    mine,
    callbacks,
    appointments,
    events,
    figures,
    guides,
  };
}
