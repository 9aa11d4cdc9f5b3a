import { type APIRequestContext, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo } from './support/accounts.js';
import { signIn, submitSignIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * The console home as a counsellor's day starts: the chat queue by language and topic updates
 * while the page is open, without a reload; when the connection drops the page keeps the last
 * figures with the time they were read, and reads them again once it is back. The chats are
 * queued through the widget's API; only what the browser shows is driven through it.
 */

const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));
/** A language and topic no other journey queues, so the row counts only this journey's chats. */
const language = 'ruotsi';
const topic = 'Osaamisen tunnistaminen';

let admin: APIRequestContext;
let counsellor: APIRequestContext;
let savedHours: unknown;
const chats: { conversationId: string; secret: string }[] = [];

test.beforeAll(async ({ playwright, adminState }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL ?? '';
  admin = await playwright.request.newContext({ baseURL, storageState: adminState });
  savedHours = await (await admin.get('/api/v1/chat/opening-hours')).json();
  const hours = await admin.put('/api/v1/chat/opening-hours', { data: { weekly: allDay, exceptions: [] } });
  expect(hours.status(), await hours.text()).toBe(200);
  // A colleague at hand, so the widget lets visitors into the queue.
  counsellor = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const login = await counsellor.post('/api/v1/auth/login', {
    data: { email: demo.counsellor.email, password: DEMO_PASSWORD },
  });
  expect(login.status()).toBe(200);
});

test.afterAll(async ({ playwright }, testInfo) => {
  const visitor = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  for (const chat of chats) {
    await visitor.post(`/api/v1/chat/conversations/${chat.conversationId}/close`, {
      headers: { 'x-conversation-secret': chat.secret },
    });
  }
  await visitor.dispose();
  await counsellor?.put('/api/v1/inbox/presence', { data: { status: 'offline', maxChats: 3 } });
  if (savedHours) await admin?.put('/api/v1/chat/opening-hours', { data: savedHours });
  await admin?.dispose();
  await counsellor?.dispose();
});

/** A visitor's chat in Swedish about recognition, queued through the widget's API. */
async function queueChat(): Promise<void> {
  const presence = await counsellor.put('/api/v1/inbox/presence', {
    data: { status: 'available', maxChats: 3 },
  });
  expect(presence.ok(), await presence.text()).toBe(true);
  const started = await counsellor.post('/api/v1/chat/conversations', {
    data: { topic: 'recognition', language: 'sv' },
  });
  expect(started.status(), await started.text()).toBe(201);
  chats.push(await started.json());
}

const queueRegion = (page: Page) => page.getByRole('region', { name: 'Chat-jono nyt' });

/** How many chats the home's queue table shows for the journey's language and topic (0 without a row). */
async function queuedHere(page: Page): Promise<number> {
  const row = queueRegion(page)
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: language, exact: true }) })
    .filter({ has: page.getByRole('cell', { name: topic, exact: true }) });
  if ((await row.count()) === 0) return 0;
  return Number(await row.getByRole('cell').nth(2).textContent());
}

test('a counsellor’s home follows the queue live, and keeps the last figures while offline', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, demo.otherCounsellor.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    `Tervetuloa, ${demo.otherCounsellor.name}`,
  );
  for (const name of [
    'Chat-jono nyt',
    'Soittopyynnöt tänään',
    'Omat avoimet yhteydenotot',
    'Seuraavat tapaamiset',
  ]) {
    await expect(page.getByRole('region', { name: new RegExp(`^${name}`) })).toBeVisible();
  }
  // Counsellors get no figures of the whole day; those are for admins.
  await expect(page.getByRole('region', { name: 'Päivän luvut' })).toHaveCount(0);
  const updated = page.getByText(/^Päivitetty klo \d{2}[.:]\d{2}$/);
  await expect(updated).toBeVisible();
  await expectNoAxeViolations(page);

  // A visitor queues a chat: the home shows it without a reload.
  const before = await queuedHere(page);
  await queueChat();
  await expect.poll(() => queuedHere(page)).toBe(before + 1);
  await expect(queueRegion(page).getByRole('link', { name: 'Avaa chat' })).toHaveAttribute(
    'href',
    '/console/chat',
  );

  // The connection drops: the page says since when its figures are, and stays as it was.
  const shownAt = (await updated.textContent())!.replace('Päivitetty klo ', '');
  await page.context().setOffline(true);
  const notice = page.getByRole('status').filter({ hasText: 'Yhteys palvelimeen katkesi.' });
  await expect(notice).toHaveText(
    `Yhteys palvelimeen katkesi. Näet tiedot sellaisina kuin ne olivat klo ${shownAt}. Yhdistetään uudelleen…`,
  );
  await expectNoAxeViolations(page);
  await queueChat();
  await page.waitForTimeout(3000);
  expect(await queuedHere(page)).toBe(before + 1);

  // Back online, the socket reconnects and the day is read again: the chat queued meanwhile shows.
  await page.context().setOffline(false);
  await expect(notice).toHaveCount(0, { timeout: 20_000 });
  await expect.poll(() => queuedHere(page), { timeout: 20_000 }).toBe(before + 2);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the home is rendered whole on the server', async ({ page }) => {
    await page.goto('/console/login');
    await submitSignIn(page, demo.otherCounsellor.email, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/console$/);
    await expect(queueRegion(page)).toBeVisible();
    await expect(page.getByText(/^Päivitetty klo \d{2}[.:]\d{2}$/)).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Yhteys' })).toHaveCount(0);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
  });
});
