import { describe, expect, it } from 'vitest';
import { countRows } from '../../test/factories.js';
import { expectError, invalidFields } from '../../test/http-helpers.js';
import { useTestApp, useOrganisation, useSignedIn, useStaff } from '../../test/test-app.js';
import { addDays, helsinkiDay } from './event-times.js';

/** The Helsinki day `n` days from today. */
const inDays = (n: number) => addDays(helsinkiDay(new Date()), n);

/** The last Sunday of March next year: Finland moves to summer time at 03:00 that night. */
function nextSpringChange(): string {
  const year = new Date().getUTCFullYear() + 1;
  const lastOfMarch = new Date(Date.UTC(year, 2, 31));
  lastOfMarch.setUTCDate(31 - lastOfMarch.getUTCDay());
  return lastOfMarch.toISOString().slice(0, 10);
}

/** An iCalendar text as its logical lines (folded lines joined again). */
function icsLines(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true);
  return text.replace(/\r\n /g, '').split('\r\n').slice(0, -1);
}
const valueOf = (lines: string[], name: string) =>
  lines
    .filter((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`))
    .map((l) => l.slice(l.indexOf(':') + 1));

describe('pop-up events', () => {
  const t = useTestApp({ PUBLIC_URL: 'https://opintori.test' });
  const mine = useOrganisation(t, {
    slug: 'rannikko',
    name_fi: 'Rannikon opisto',
    name_sv: 'Kustinstitutet',
  });
  const theirs = useOrganisation(t, { slug: 'jokivarsi', name_fi: 'Jokivarren opisto' });
  const counsellor = useSignedIn(t, () => ({ name: 'Mikko Haapala', organisation_id: mine.id }));
  const colleague = useStaff(t, () => ({ name: 'Sanna Rautio', organisation_id: mine.id }));
  const inactive = useStaff(t, () => ({ name: 'Pekka Poissa', organisation_id: mine.id, is_active: false }));
  const stranger = useSignedIn(t, () => ({ name: 'Leila Haddad', organisation_id: theirs.id }));
  const admin = useSignedIn(t, { role: 'admin' });

  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, cookie?: string) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
  const event = (overrides: Record<string, unknown> = {}) => ({
    title: 'Koulutusneuvontaa Valkeassa',
    place: 'Kauppakeskus Valkea, 1. krs',
    address: 'Isokatu 23',
    municipality: '564',
    startsAt: `${inDays(10)}T10:00`,
    endsAt: `${inDays(10)}T14:00`,
    languages: ['fi', 'en'],
    description: 'Kysy jatkuvasta hausta, oppisopimuksesta ja osaamisen tunnistamisesta.',
    staffIds: [colleague.id],
    ...overrides,
  });
  const create = async (overrides: Record<string, unknown> = {}, cookie = counsellor.cookie) => {
    const response = await inject('POST', '/api/v1/events/manage', event(overrides), cookie);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; startsAt: string; endsAt: string; status: string };
  };

  it('lets a counsellor publish an event for their provider, in Helsinki time', async () => {
    const created = await create();
    // 10:00 in Helsinki in winter (UTC+2) or summer (UTC+3): either way the wall clock says 10.
    const shown = new Intl.DateTimeFormat('fi-FI', {
      timeZone: 'Europe/Helsinki',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(created.startsAt));
    expect(shown).toBe('10.00');
    expect(created.status).toBe('published');
    const read = (
      await inject('GET', `/api/v1/events/manage/${created.id}`, undefined, counsellor.cookie)
    ).json();
    expect(read.organisationId).toBe(mine.id);
    expect(read.staff).toEqual([{ id: colleague.id, name: 'Sanna Rautio' }]);
  });

  it('refuses absurd times, unknown places and counsellors from elsewhere with a code', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ startsAt: `${inDays(5)}T14:00`, endsAt: `${inDays(5)}T10:00` }, 'event.ends_before_start'],
      [{ startsAt: `${inDays(5)}T10:00`, endsAt: `${inDays(5)}T10:00` }, 'event.ends_before_start'],
      [{ startsAt: `${inDays(5)}T06:00`, endsAt: `${inDays(5)}T21:00` }, 'event.too_long'],
      [{ startsAt: `${inDays(-60)}T10:00`, endsAt: `${inDays(-60)}T12:00` }, 'event.too_far_in_past'],
      [{ startsAt: '2099-01-05T10:00', endsAt: '2099-01-05T12:00' }, 'event.too_far_in_future'],
      [{ municipality: '999' }, 'event.unknown_municipality'],
      [{ municipality: 'Oulu' }, 'request.invalid'],
      [{ languages: ['de'] }, 'request.invalid'],
      [{ languages: [] }, 'request.invalid'],
      [{ title: '' }, 'request.invalid'],
      [{ startsAt: '3.12.2026 klo 10' }, 'request.invalid'],
      [{ staffIds: [stranger.id] }, 'event.staff_not_eligible'],
      [{ staffIds: [inactive.id] }, 'event.staff_not_eligible'],
    ];
    for (const [overrides, code] of cases) {
      expectError(
        await inject('POST', '/api/v1/events/manage', event(overrides), counsellor.cookie),
        400,
        code,
      );
    }
    expectError(await inject('POST', '/api/v1/events/manage', event()), 401, 'auth.unauthenticated');
    // A counsellor cannot publish in another provider's name.
    expectError(
      await inject(
        'POST',
        '/api/v1/events/manage',
        event({ organisationId: theirs.id, staffIds: [] }),
        counsellor.cookie,
      ),
      403,
      'auth.forbidden',
    );
  });

  it('refuses line breaks and control characters in an event’s text fields and stores nothing', async () => {
    const count = () => countRows(t.database.db, 'events');
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 'Messu\rBEGIN:VEVENT' }, 'title'],
      [{ title: 'Messu\nBEGIN:VEVENT' }, 'title'],
      [{ title: 'Messu\tOulussa' }, 'title'],
      [{ place: 'Kirjasto\u0001' }, 'place'],
      [{ address: 'Isokatu 1\r\nX-EVIL:1' }, 'address'],
      [{ address: 'Isokatu 1\u2028X-EVIL:1' }, 'address'],
      [{ description: 'Tervetuloa\u0002' }, 'description'],
    ];
    for (const [overrides, field] of cases) {
      const response = await inject('POST', '/api/v1/events/manage', event(overrides), counsellor.cookie);
      const body = expectError(response, 400, 'request.invalid');
      expect(invalidFields(body), JSON.stringify(overrides)).toEqual([field]);
      expect(body.error.message).toContain('must not contain control characters');
    }
    expect(await count()).toBe(before);

    // A description keeps its lines, whichever line break the browser sent.
    const created = await create({ description: 'Rivi 1\r\nRivi 2\rRivi 3\n\tRivi 4' });
    const row = await t.database.db
      .selectFrom('events')
      .select('description')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.description).toBe('Rivi 1\nRivi 2\nRivi 3\n\tRivi 4');
  });

  it("keeps other providers' staff away from an event; admins may edit any", async () => {
    const created = await create({ title: 'Rajattu tapahtuma' });
    const changed = event({ title: 'Muutettu', staffIds: [] });
    expectError(
      await inject('PUT', `/api/v1/events/manage/${created.id}`, changed, stranger.cookie),
      403,
      'auth.forbidden',
    );
    expectError(
      await inject('POST', `/api/v1/events/manage/${created.id}/cancel`, {}, stranger.cookie),
      403,
      'auth.forbidden',
    );
    expectError(
      await inject('GET', `/api/v1/events/manage/${created.id}`, undefined, stranger.cookie),
      403,
      'auth.forbidden',
    );
    expectError(
      await inject('GET', `/api/v1/events/manage?organisationId=${mine.id}`, undefined, stranger.cookie),
      403,
      'auth.forbidden',
    );
    const theirList = (await inject('GET', '/api/v1/events/manage', undefined, stranger.cookie)).json();
    expect(theirList.items.map((e: { id: string }) => e.id)).not.toContain(created.id);
    expectError(
      await inject(
        'PUT',
        '/api/v1/events/manage/00000000-0000-4000-8000-000000000000',
        changed,
        counsellor.cookie,
      ),
      404,
      'event.not_found',
    );
    const byAdmin = await inject('PUT', `/api/v1/events/manage/${created.id}`, changed, admin.cookie);
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect(byAdmin.json().title).toBe('Muutettu');
    expect(byAdmin.json().staff).toEqual([]);
    const ownList = (await inject('GET', '/api/v1/events/manage', undefined, counsellor.cookie)).json();
    expect(ownList.items.find((e: { id: string }) => e.id === created.id).title).toBe('Muutettu');
  });

  it('lists published events by period and municipality; reversed or year-long ranges get a code', async () => {
    const oulu = await create({
      title: 'Neuvontaa Oulun kirjastossa',
      startsAt: `${inDays(3)}T12:00`,
      endsAt: `${inDays(3)}T16:00`,
    });
    const raahe = await create({
      title: 'Neuvontaa Raahen kirjastossa',
      place: 'Raahen kaupunginkirjasto',
      municipality: '678',
      startsAt: `${inDays(4)}T12:00`,
      endsAt: `${inDays(4)}T15:00`,
    });
    const draft = await create({
      title: 'Luonnos',
      status: 'draft',
      startsAt: `${inDays(4)}T09:00`,
      endsAt: `${inDays(4)}T10:00`,
    });
    const later = await create({
      title: 'Myöhemmin',
      startsAt: `${inDays(40)}T09:00`,
      endsAt: `${inDays(40)}T10:00`,
    });
    const cancelled = await create({
      title: 'Peruttava',
      startsAt: `${inDays(4)}T13:00`,
      endsAt: `${inDays(4)}T14:00`,
    });
    const cancel = await inject(
      'POST',
      `/api/v1/events/manage/${cancelled.id}/cancel`,
      {},
      counsellor.cookie,
    );
    expect(cancel.json().status).toBe('cancelled');

    const list = await inject('GET', `/api/v1/events?from=${inDays(3)}&to=${inDays(4)}`);
    expect(list.statusCode).toBe(200);
    const body = list.json();
    const ids = body.items.map((e: { id: string }) => e.id);
    expect(ids).toEqual([oulu.id, raahe.id, cancelled.id]);
    expect(ids).not.toContain(draft.id);
    expect(ids).not.toContain(later.id);
    const first = body.items[0];
    expect(first.municipality).toEqual({ code: '564', name: 'Oulu' });
    expect(first.counsellors).toEqual(['Sanna']);
    expect(list.body).not.toContain('Rautio');
    expect(first.organisation).toEqual({ slug: 'rannikko', name: 'Rannikon opisto' });
    expect(first.calendarUrl).toBe(`/api/v1/events/${oulu.id}/calendar.ics`);
    expect(body.items[2].status).toBe('cancelled');
    expect(body.municipalities.map((m: { code: string }) => m.code)).toEqual(['564', '678']);

    const raaheOnly = (
      await inject('GET', `/api/v1/events?from=${inDays(3)}&to=${inDays(4)}&municipality=678`)
    ).json();
    expect(raaheOnly.items.map((e: { id: string }) => e.id)).toEqual([raahe.id]);
    const swedish = (await inject('GET', `/api/v1/events/${oulu.id}?lang=sv`)).json();
    expect(swedish.municipality.name).toBe('Uleåborg');
    expect(swedish.organisation.name).toBe('Kustinstitutet');
    expectError(await inject('GET', `/api/v1/events/${draft.id}`), 404, 'event.not_found');

    expectError(
      await inject('GET', `/api/v1/events?from=${inDays(10)}&to=${inDays(3)}`),
      400,
      'event.range_reversed',
    );
    expectError(
      await inject('GET', `/api/v1/events?from=${inDays(0)}&to=${inDays(400)}`),
      400,
      'event.range_too_long',
    );
    expectError(await inject('GET', '/api/v1/events?from=2026-02-30'), 400, 'request.invalid');
    expectError(await inject('GET', '/api/v1/events?municipality=123'), 400, 'event.unknown_municipality');
  });

  it('gives an iCalendar file per event with a stable UID, escaped text and Helsinki times', async () => {
    const created = await create({
      title: 'Neuvontaa; kysy, mitä vain',
      place: 'Oulun kaupunginkirjasto',
      address: 'Kaarlenväylä 3',
      startsAt: `${inDays(12)}T09:30`,
      endsAt: `${inDays(12)}T12:00`,
    });
    const first = await inject('GET', `/api/v1/events/${created.id}/calendar.ics`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(first.headers['content-disposition']).toMatch(
      /^attachment; filename="opintori-[0-9a-f]{8}\.ics"$/,
    );
    const lines = icsLines(first.body);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(valueOf(lines, 'UID')).toEqual([`event-${created.id}@opintori`]);
    expect(valueOf(lines, 'SUMMARY')).toEqual(['Neuvontaa\\; kysy\\, mitä vain']);
    expect(valueOf(lines, 'LOCATION')).toEqual(['Oulun kaupunginkirjasto\\, Kaarlenväylä 3\\, Oulu']);
    expect(lines).toContain(`DTSTART;TZID=Europe/Helsinki:${inDays(12).replace(/-/g, '')}T093000`);
    expect(lines).toContain(`DTEND;TZID=Europe/Helsinki:${inDays(12).replace(/-/g, '')}T120000`);
    expect(valueOf(lines, 'URL;VALUE=URI')).toEqual([`https://opintori.test/fi/tapahtumat/${created.id}`]);
    expect(valueOf(lines, 'STATUS')).toEqual(['CONFIRMED']);
    expect(valueOf(lines, 'DESCRIPTION')[0]).toContain('Paikalla: Sanna');
    const second = icsLines((await inject('GET', `/api/v1/events/${created.id}/calendar.ics`)).body);
    expect(valueOf(second, 'UID')).toEqual(valueOf(lines, 'UID'));
  });

  it('stores the right instant on either side of the spring change to summer time', async () => {
    const change = nextSpringChange();
    const dayBefore = addDays(change, -1);
    const summer = await create({ startsAt: `${change}T10:00`, endsAt: `${change}T14:00` });
    const winter = await create({ startsAt: `${dayBefore}T10:00`, endsAt: `${dayBefore}T14:00` });
    // Summer time (EEST) is UTC+3, winter time (EET) UTC+2.
    expect(summer.startsAt).toBe(`${change}T07:00:00.000Z`);
    expect(summer.endsAt).toBe(`${change}T11:00:00.000Z`);
    expect(winter.startsAt).toBe(`${dayBefore}T08:00:00.000Z`);
    // An instant with a zone is taken as it is.
    const exact = await create({ startsAt: `${change}T09:00:00Z`, endsAt: `${change}T13:00:00+03:00` });
    expect(exact.startsAt).toBe(`${change}T09:00:00.000Z`);
    expect(exact.endsAt).toBe(`${change}T10:00:00.000Z`);
    const lines = icsLines((await inject('GET', `/api/v1/events/${summer.id}/calendar.ics`)).body);
    expect(lines).toContain(`DTSTART;TZID=Europe/Helsinki:${change.replace(/-/g, '')}T100000`);
    expect(lines).toContain('TZOFFSETTO:+0300');
  });

  it('publishes a feed with calendar headers, cancelled events marked and a municipality filter', async () => {
    const kuusamo = await create({
      title: 'Neuvontaa Kuusamossa',
      place: 'Kuusamon kaupunginkirjasto',
      municipality: '305',
      startsAt: `${inDays(20)}T10:00`,
      endsAt: `${inDays(20)}T13:00`,
    });
    const dropped = await create({
      title: 'Peruttu Kuusamossa',
      place: 'Kuusamotalo',
      municipality: '305',
      startsAt: `${inDays(21)}T10:00`,
      endsAt: `${inDays(21)}T13:00`,
    });
    await inject('POST', `/api/v1/events/manage/${dropped.id}/cancel`, {}, counsellor.cookie);
    const feed = await inject('GET', '/api/v1/events/feed.ics?municipality=305');
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const lines = icsLines(feed.body);
    expect(lines.slice(0, 5)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//OpinTori//Tapahtumat//FI',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
    ]);
    expect(valueOf(lines, 'X-WR-CALNAME')).toEqual(['OpinTori – ohjaustapahtumat (Kuusamo)']);
    expect(valueOf(lines, 'X-WR-TIMEZONE')).toEqual(['Europe/Helsinki']);
    expect(valueOf(lines, 'UID')).toEqual([`event-${kuusamo.id}@opintori`, `event-${dropped.id}@opintori`]);
    expect(valueOf(lines, 'STATUS')).toEqual(['CONFIRMED', 'CANCELLED']);
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);

    const all = icsLines((await inject('GET', '/api/v1/events/feed.ics')).body);
    expect(valueOf(all, 'UID').length).toBeGreaterThan(4);
    expect(valueOf(all, 'SUMMARY')).not.toContain('Luonnos');
    expectError(
      await inject('GET', '/api/v1/events/feed.ics?municipality=abc'),
      400,
      'event.unknown_municipality',
    );
  });

  it('finds upcoming published events in the site search with types=event', async () => {
    const valkea = await create({
      title: 'Oppisopimusinfo',
      place: 'Kauppakeskus Valkea',
      startsAt: `${inDays(8)}T10:00`,
      endsAt: `${inDays(8)}T12:00`,
    });
    await create({ title: 'Salainen luonnos Valkeassa', place: 'Kauppakeskus Valkea', status: 'draft' });
    const search = async (query: string) => {
      const response = await inject('GET', `/api/v1/search?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().results as {
        type: string;
        id: string;
        title: string;
        url: string;
        place?: string;
        startsAt?: string;
      }[];
    };
    const byPlace = await search('types=event&q=valkea');
    expect(byPlace.map((r) => r.title)).toContain('Oppisopimusinfo');
    expect(byPlace.map((r) => r.title)).not.toContain('Salainen luonnos Valkeassa');
    const hit = byPlace.find((r) => r.id === valkea.id)!;
    expect(hit).toMatchObject({
      type: 'event',
      url: `/fi/tapahtumat/${valkea.id}`,
      place: 'Kauppakeskus Valkea, Oulu',
    });
    expect(hit.startsAt).toBe(valkea.startsAt);
    // The title match ranks first.
    const byTitle = await search('types=event&q=oppisopimus');
    expect(byTitle[0]?.id).toBe(valkea.id);
    // The municipality's name matches though the text only holds its code.
    const byMunicipality = await search('types=event&q=kuusamo&lang=en');
    expect(byMunicipality.length).toBeGreaterThan(0);
    expect(byMunicipality.every((r) => r.url.startsWith('/en/events/'))).toBe(true);
    expect(await search('types=event&q=kuusamossa')).not.toEqual([]);
    expect(await search('types=event&q=zzyzx')).toEqual([]);
    const mixed = await search('types=article,event&q=valkea');
    expect(mixed.every((r) => r.type === 'event' || r.type === 'article')).toBe(true);
    expectError(await inject('GET', '/api/v1/search?types=events&q=x'), 400, 'request.invalid');
  });
});
