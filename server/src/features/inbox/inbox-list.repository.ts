/* SQL of the all-channel inbox list: what a staff member may see, filtered, searched, sorted and counted. */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../db/database-types.js';
import type { StaffProfile } from '../../conversations/access.js';
import type { Channel } from '../../conversations/conversation.table.js';
import type { inboxSorts, inboxStatusFilters } from './inbox.types.js';

/** The search part of an inbox query, prepared by the service. */
export interface InboxSearch {
  /** Looked for anywhere in the subject and the client's name and address. */
  text: string;
  /** A tsquery over every message and note, or null. */
  tsquery: string | null;
  /** Digits looked for in the client's number (stored as E.164), or null. */
  digits: string | null;
}

export interface InboxListQuery {
  channel?: Channel;
  /** `open` is every status but closed. */
  status: (typeof inboxStatusFilters)[number];
  topic?: string;
  language?: string;
  organisationId?: string;
  assignedStaffId?: string;
  unassigned?: boolean;
  search?: InboxSearch;
  sort: (typeof inboxSorts)[number];
  limit: number;
  offset: number;
}

/**
 * The conversations a staff member may see, as SQL (the same rule as maySee): admins all;
 * otherwise their own, their provider's, queued chats they may take, and queued contacts of
 * the shared queue.
 */
function visibleTo(staff: StaffProfile): Expression<SqlBool> | undefined {
  if (staff.role === 'admin') return undefined;
  const org = staff.organisation_id;
  const expertise = staff.expertise;
  return sql<SqlBool>`(
    c.assigned_staff_id = ${staff.id}
    ${org ? sql`or c.organisation_id = ${org}` : sql``}
    or (c.status = 'queued' and c.channel = 'chat'
        and (c.queue_organisation_id is null ${org ? sql`or c.queue_organisation_id = ${org}` : sql``})
        and (c.queue_expertise is null ${
          expertise.length
            ? sql`or c.queue_expertise in (${sql.join(expertise.map((e) => sql`${e}`))})`
            : sql``
        }))
    or (c.status = 'queued' and c.channel <> 'chat' and c.organisation_id is null)
  )`;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The conversations of the list, filtered and searched, before selecting and sorting. */
function inboxBase(db: Db, staff: StaffProfile, query: InboxListQuery) {
  let base = db
    .selectFrom('conversations as c')
    .leftJoin('clients as cl', 'cl.id', 'c.client_id')
    .leftJoin('staff as s', 's.id', 'c.assigned_staff_id')
    .leftJoin('organisations as o', 'o.id', 'c.organisation_id');
  const visible = visibleTo(staff);
  if (visible) base = base.where(visible);
  if (query.channel) base = base.where('c.channel', '=', query.channel);
  if (query.status === 'open') base = base.where('c.status', '<>', 'closed');
  else base = base.where('c.status', '=', query.status);
  if (query.topic) base = base.where('c.topic', '=', query.topic);
  if (query.language) base = base.where('c.language', '=', query.language);
  if (query.organisationId) base = base.where('c.organisation_id', '=', query.organisationId);
  if (query.assignedStaffId) base = base.where('c.assigned_staff_id', '=', query.assignedStaffId);
  if (query.unassigned) base = base.where('c.assigned_staff_id', 'is', null);
  const search = query.search;
  if (search) {
    const pattern = likePattern(search.text);
    base = base.where((eb) =>
      eb.or([
        eb('c.subject', 'ilike', pattern),
        eb('cl.first_name', 'ilike', pattern),
        eb('cl.email', 'ilike', pattern),
        ...(search.digits ? [eb('cl.phone', 'like', `%${search.digits}%`)] : []),
        ...(search.tsquery
          ? [
              eb.exists(
                eb
                  .selectFrom('messages as m')
                  .select('m.id')
                  .whereRef('m.conversation_id', '=', 'c.id')
                  .where(
                    sql<SqlBool>`to_tsvector('simple', m.body) @@ to_tsquery('simple', ${search.tsquery})`,
                  ),
              ),
            ]
          : []),
      ]),
    );
  }
  return base;
}

/**
 * One page of the list, with the client's and the handler's names, the last message as a
 * preview, since when the client has waited for an answer, and whether a mail failed.
 */
export function selectInboxPage(db: Db, staff: StaffProfile, query: InboxListQuery) {
  const lastStaffSeq = sql`coalesce((select max(ms.seq) from messages ms where ms.conversation_id = c.id and ms.kind = 'message' and ms.author_type = 'staff'), 0)`;
  let page = inboxBase(db, staff, query)
    .selectAll('c')
    .select([
      'cl.first_name as client_first_name',
      'cl.email as client_email',
      'cl.phone as client_phone',
      's.name as assigned_name',
      'o.name_fi as organisation_name',
      sql<
        string | null
      >`(select mp.body from messages mp where mp.conversation_id = c.id and mp.kind = 'message' order by mp.seq desc limit 1)`.as(
        'preview',
      ),
      sql<Date | null>`case when c.status <> 'closed' then (select min(mw.created_at) from messages mw where mw.conversation_id = c.id and mw.kind = 'message' and mw.author_type = 'client' and mw.seq > ${lastStaffSeq}) end`.as(
        'waiting_since',
      ),
      sql<boolean>`exists (select 1 from outgoing_mail om where om.conversation_id = c.id and om.status = 'failed')`.as(
        'mail_failed',
      ),
    ]);
  if (query.sort === 'due') {
    page = page.orderBy(sql`c.due_at asc nulls last`).orderBy('c.created_at', 'asc');
  } else {
    const at = sql`coalesce(c.last_message_at, c.created_at)`;
    page = page.orderBy(query.sort === 'oldest' ? sql`${at} asc` : sql`${at} desc`).orderBy('c.id');
  }
  return page.limit(query.limit).offset(query.offset).execute();
}

export type InboxListRow = Awaited<ReturnType<typeof selectInboxPage>>[number];

/** How many conversations the list has in all (every page). */
export async function countInbox(db: Db, staff: StaffProfile, query: InboxListQuery): Promise<number> {
  const count = await inboxBase(db, staff, query)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(count.n);
}
