import type { APIRequestContext, Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { signIn, staffApi } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * Online group sessions that take registrations (docs/events.md, "Online and hybrid group
 * sessions"), set up through the API. Visitors register on a session's page (one without
 * scripts), the last of them onto the waiting list; the first cancels through the link in the
 * mail and the one waiting gets the place by mail; the counsellor sees who registered and raises
 * the places on the form. At a session about to start the counsellor marks attendance, which
 * the day's report then counts.
 */

/** The Helsinki day `days` from today, YYYY-MM-DD. */
function helsinkiDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

interface MailItem {
  to: string;
  kind: string;
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; text: string | null }[];
}

/** The mails sent to `to`, newest first, once `count` of them match `accept` (they go out in the background). */
async function mailsTo(
  admin: APIRequestContext,
  to: string,
  accept: (mail: MailItem) => boolean = () => true,
  count = 1,
): Promise<MailItem[]> {
  let mails: MailItem[] = [];
  await expect(async () => {
    const log = await admin.get('/api/v1/dev-mailbox?limit=200');
    expect(log.status()).toBe(200);
    mails = ((await log.json()) as { items: MailItem[] }).items.filter((m) => m.to === to && accept(m));
    expect(mails.length, `mails to ${to}`).toBeGreaterThanOrEqual(count);
  }).toPass({ timeout: 15_000 });
  return mails;
}

const hasCalendarFile = (mail: MailItem) =>
  mail.attachments.some((a) => a.contentType.startsWith('text/calendar') && a.filename.endsWith('.ics'));

/** Registers on the (Finnish) public page of a session: the address, the consent, the button. */
async function register(page: Page, email: string): Promise<void> {
  await page.getByLabel('Sähköposti').fill(email);
  await page.getByRole('checkbox', { name: /^Hyväksyn/ }).check();
  await page.getByRole('button', { name: 'Ilmoittaudu' }).click();
}

test('an online session: registering, the waiting list, cancelling through the mail, the list', async ({
  page,
  browser,
  playwright,
  baseURL,
  newPageInFreshContext,
}) => {
  const suffix = uniqueSuffix();
  const title = `Verkkoinfo: oppisopimus ${suffix}`;
  const joinUrl = `https://teams.example.com/l/meetup-join/${suffix}`;
  const [first, second, third, fourth] = ['aino', 'eero', 'iida', 'oona'].map(
    (name) => `${name}.${suffix}@example.com`,
  ) as [string, string, string, string];
  const counsellorApi = await staffApi(playwright, baseURL, demo.counsellor.email);
  const admin = await staffApi(playwright, baseURL, demo.admin.email);

  // The session: online, two places, an external join link, a few days ahead.
  const day = helsinkiDay(4);
  const created = await counsellorApi.post('/api/v1/events/manage', {
    data: {
      title,
      format: 'online',
      capacity: 2,
      joinUrl,
      startsAt: `${day}T17:00`,
      endsAt: `${day}T18:30`,
      languages: ['fi', 'en'],
      description: 'Mitä oppisopimus on ja miten sen voi aloittaa aikuisena.',
      status: 'published',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const eventId = ((await created.json()) as { id: string }).id;
  const eventPath = `/fi/tapahtumat/${eventId}`;

  // The public page: online, the places left, no join link for those not registered.
  await page.goto(eventPath);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByText('Verkossa', { exact: true })).toBeVisible();
  await expect(page.getByText('Paikkoja jäljellä 2/2')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Liity tilaisuuteen' })).toHaveCount(0);
  await expect(page.getByLabel('Ohjauksen kieli')).toHaveValue('fi');
  await expectNoAxeViolations(page);

  // A missing consent is explained at the field, the address kept; then the place.
  await page.getByLabel('Sähköposti').fill(first);
  await page.getByRole('button', { name: 'Ilmoittaudu' }).click();
  await expect(page.getByRole('alert')).toContainText('Lupa tietojen tallentamiseen');
  await expect(page.getByRole('checkbox', { name: /^Hyväksyn/ })).toHaveAccessibleDescription(
    /Anna lupa tietojen tallentamiseen/,
  );
  await expect(page.getByLabel('Sähköposti')).toHaveValue(first);
  await expectNoAxeViolations(page);
  await register(page, first);
  await expect(page.getByRole('main').getByRole('status')).toHaveText(
    `Ilmoittautumisesi on vastaanotettu. Lähetimme vahvistuksen ja peruutuslinkin osoitteeseen ${first}.`,
  );
  await expect(page.getByText('Paikkoja jäljellä 1/2')).toBeVisible();

  // The confirmation mail: the calendar file, the join link and the link to cancel.
  const [confirmation] = await mailsTo(admin, first, hasCalendarFile);
  expect(confirmation!.text).toContain(joinUrl);
  const cancelLink = /https?:\/\/\S+(\/fi\/tapahtumat\/ilmoittautuminen\/[A-Za-z0-9_-]+)/.exec(
    confirmation!.text,
  )?.[1];
  expect(cancelLink, 'the cancel link in the confirmation').toBeTruthy();

  // The second place goes through the API; the third person lands on the waiting list.
  const secondPlace = await page.request.post(`/api/v1/events/${eventId}/registrations`, {
    data: { email: second, language: 'en', lang: 'fi', consent: true },
  });
  expect(secondPlace.status(), await secondPlace.text()).toBe(201);
  expect(await secondPlace.json()).toMatchObject({ status: 'registered', position: null });
  await page.goto(eventPath);
  await expect(page.getByText('Täynnä – voit ilmoittautua jonoon')).toBeVisible();
  await register(page, third);
  await expect(page.getByRole('main').getByRole('status')).toContainText(
    'Tilaisuus on täynnä. Olet jonossa sijalla 1; saat viestin, jos paikka vapautuu.',
  );
  await expectNoAxeViolations(page);

  // The first person opens the link from the mail (twice, in two tabs) and cancels in one.
  await page.goto(cancelLink!);
  const staleTab = await page.context().newPage();
  await staleTab.goto(cancelLink!);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ilmoittautumisesi');
  await expect(page.getByRole('link', { name: title })).toHaveAttribute('href', eventPath);
  await expect(page.getByText('Sinulla on paikka', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Avaa järjestäjän osallistumislinkki' })).toHaveAttribute(
    'href',
    joinUrl,
  );
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Peru ilmoittautuminen' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Ilmoittautumisesi on peruttu.');
  await expect(page.getByText('Peruttu', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Peru ilmoittautuminen' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Avaa järjestäjän osallistumislinkki' })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The other tab still shows the button: cancelling again is explained, not failed.
  await staleTab.getByRole('button', { name: 'Peru ilmoittautuminen' }).click();
  await expect(staleTab.getByRole('alert')).toHaveText('Tämä ilmoittautuminen on jo peruttu.');
  await expect(staleTab.getByText('Peruttu', { exact: true })).toBeVisible();
  await staleTab.close();

  // An unknown token is not found.
  const unknown = await page.goto('/fi/tapahtumat/ilmoittautuminen/tuntematon-tunniste');
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ilmoittautumista ei löytynyt');

  // The place went to the one waiting, with a mail carrying the calendar file and the join link.
  const [placeOpened] = await mailsTo(admin, third, hasCalendarFile);
  expect(placeOpened!.text).toContain(joinUrl);

  // Without scripts: the session is full again, so the fourth person waits; the same address
  // again is told it is already registered.
  const noScripts = await browser.newContext({
    baseURL,
    javaScriptEnabled: false,
    storageState: { cookies: [], origins: [] },
  });
  try {
    const plain = await noScripts.newPage();
    await plain.goto(eventPath);
    await expect(plain.getByText('Täynnä – voit ilmoittautua jonoon')).toBeVisible();
    await register(plain, fourth);
    await expect(plain.getByRole('status')).toContainText('Olet jonossa sijalla 1');
    await expectNoAxeViolations(plain, { javaScriptDisabled: true });
    await plain.goto(eventPath);
    await register(plain, fourth);
    await expect(plain.getByRole('status')).toContainText(
      `Olet jo ilmoittautunut tähän tilaisuuteen osoitteella ${fourth}.`,
    );
    await expect(plain.getByRole('status')).toContainText('Olet jonossa sijalla 1.');
  } finally {
    await noScripts.close();
  }

  // The counsellor: the list shows the places taken, the registrations page who they are.
  const counsellor = await newPageInFreshContext();
  await signIn(counsellor, demo.counsellor.email, DEMO_PASSWORD);
  await expect(counsellor).toHaveURL(/\/console$/);
  await counsellor.goto('/console/events');
  const row = counsellor.getByRole('row').filter({ hasText: title });
  await expect(row).toContainText('Verkossa');
  await row.getByRole('link', { name: /^Ilmoittautuneet 2\/2/ }).click();
  await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText(`Ilmoittautuneet: ${title}`);
  await expect(counsellor.locator('[data-count="registered"]')).toHaveText('2');
  await expect(counsellor.locator('[data-count="waiting"]')).toHaveText('1');
  await expect(counsellor.locator('[data-count="cancelled"]')).toHaveText('1');
  const registrations = counsellor.getByRole('table');
  await expect(registrations.getByRole('row').filter({ hasText: first })).toContainText('Peruttu');
  await expect(registrations.getByRole('row').filter({ hasText: second })).toContainText('englanti');
  await expect(registrations.getByRole('row').filter({ hasText: fourth })).toContainText('Jonossa');
  await expectNoAxeViolations(counsellor);

  // The form shows an online session's fields only; one more place moves the queue on.
  await counsellor.goto(`/console/events/${eventId}`);
  await expect(counsellor.getByRole('radio', { name: 'Verkossa' })).toBeChecked();
  await expect(counsellor.getByLabel('Paikka', { exact: true })).toBeHidden();
  await expect(counsellor.getByLabel(/^Liittymislinkki/)).toHaveValue(joinUrl);
  await expect(counsellor.getByRole('checkbox', { name: 'Tapahtumaan ilmoittaudutaan' })).toBeChecked();
  await counsellor.getByLabel('Paikkoja').fill('3');
  await counsellor.getByRole('button', { name: 'Tallenna tapahtuma' }).click();
  await expect(counsellor.getByRole('status')).toHaveText('Tapahtuma tallennettu.');
  await expect(row.getByRole('link', { name: /^Ilmoittautuneet 3\/3/ })).toBeVisible();
  await mailsTo(admin, fourth, hasCalendarFile);

  await counsellorApi.dispose();
  await admin.dispose();
});

test('attendance at a session about to start, and the report of its day', async ({
  page,
  playwright,
  baseURL,
  newPageInFreshContext,
}) => {
  const suffix = uniqueSuffix();
  const [first, second] = ['aino', 'eero'].map((name) => `${name}.${suffix}@example.com`) as [string, string];
  const counsellorApi = await staffApi(playwright, baseURL, demo.counsellor.email);
  const admin = await staffApi(playwright, baseURL, demo.admin.email);
  const startsAt = new Date(Date.now() + 15 * 60_000);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(startsAt);
  // Other journeys may hold sessions that day too: the report is compared with its figures before.
  const onlineFigures = async () => {
    const report = await admin.get(`/api/v1/reports?from=${day}&to=${day}`);
    expect(report.status(), await report.text()).toBe(200);
    const { groupSessions } = (await report.json()) as {
      groupSessions: { byFormat: ({ format: string } & Record<string, number>)[] };
    };
    const online = groupSessions.byFormat.find((row) => row.format === 'online');
    return ['events', 'capacity', 'registered', 'waiting', 'cancelled', 'attended'].map(
      (key) => online?.[key] ?? 0,
    );
  };
  const before = await onlineFigures();

  // Attendance is marked from half an hour before the start; registrations go through the API.
  const soon = await counsellorApi.post('/api/v1/events/manage', {
    data: {
      title: `Ryhmäohjaus alkaa pian ${suffix}`,
      format: 'online',
      capacity: 5,
      joinUrl: `https://teams.example.com/l/meetup-join/${suffix}`,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 60 * 60_000).toISOString(),
      languages: ['fi'],
      status: 'published',
    },
  });
  expect(soon.status(), await soon.text()).toBe(201);
  const soonId = ((await soon.json()) as { id: string }).id;
  for (const email of [first, second]) {
    const registered = await page.request.post(`/api/v1/events/${soonId}/registrations`, {
      data: { email, language: 'fi', lang: 'fi', consent: true },
    });
    expect(registered.status(), await registered.text()).toBe(201);
  }
  const counsellor = await newPageInFreshContext();
  await signIn(counsellor, demo.counsellor.email, DEMO_PASSWORD);
  await expect(counsellor).toHaveURL(/\/console$/);
  await counsellor.goto(`/console/events/${soonId}/registrations`);
  const attendee = counsellor.getByRole('row').filter({ hasText: first });
  const absentee = counsellor.getByRole('row').filter({ hasText: second });
  const state = (row: typeof attendee, text: string) => row.getByRole('cell', { name: text, exact: true });
  await expect(state(attendee, 'Ei merkitty')).toBeVisible();
  await attendee.getByRole('button', { name: /^Osallistui/ }).click();
  await expect(counsellor.getByRole('status')).toHaveText('Osallistuminen tallennettu.');
  await expect(state(attendee, 'Osallistui')).toBeVisible();
  await absentee.getByRole('button', { name: /^Ei osallistunut/ }).click();
  await expect(state(absentee, 'Ei osallistunut')).toBeVisible();
  await expect(state(attendee, 'Osallistui')).toBeVisible();
  await expect(counsellor.locator('[data-count="attended"]')).toHaveText('1');
  await expectNoAxeViolations(counsellor);

  // The day's report: this session adds one online session, five places, two with a place and
  // one who came, in the table and in its CSV.
  const after = [1, 5, 2, 0, 0, 1].map((added, i) => before[i]! + added);
  const reports = await newPageInFreshContext();
  await signIn(reports, demo.admin.email, DEMO_PASSWORD);
  await expect(reports).toHaveURL(/\/console$/);
  await reports.goto(`/console/reports?from=${day}&to=${day}`);
  const figures = reports.getByRole('table', { name: 'Ryhmätilaisuudet muodon mukaan' });
  // Sessions, places, with a place, waiting, cancelled, attended.
  await expect(figures.getByRole('row', { name: `Verkossa ${after.join(' ')}` })).toBeVisible();
  const csvLink = reports.getByRole('link', { name: 'Lataa CSV: Ryhmätilaisuudet' });
  await expect(csvLink).toHaveAttribute('href', `/api/v1/reports/group-sessions.csv?from=${day}&to=${day}`);
  const csv = await reports.request.get((await csvLink.getAttribute('href'))!);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain(`online;${after.join(';')}\r\n`);
  await expectNoAxeViolations(reports);

  // The funder report of the day by month: sessions, and the people with 1–4 as "< 5".
  const shown = (n: number) => (n > 0 && n < 5 ? '< 5' : String(n));
  await reports.goto(`/console/reports/funder?from=${day}&to=${day}&period=month`);
  const funder = reports.getByRole('table', {
    name: 'Ryhmätilaisuudet jaksoittain: ilmoittautuneet ja osallistuneet',
  });
  await expect(
    funder.getByRole('row', {
      name: `${day.slice(0, 7)} Verkossa ${after[0]} ${shown(after[2]!)} ${shown(after[5]!)}`,
    }),
  ).toBeVisible();
  await expectNoAxeViolations(reports);

  await counsellorApi.dispose();
  await admin.dispose();
});
