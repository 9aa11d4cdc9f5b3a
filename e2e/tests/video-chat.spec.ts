import { type APIRequestContext, type Page } from '@playwright/test';
import config from '../playwright.config.js';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * A video call inside a chat: the counsellor offers it in the console, the visitor accepts in
 * the widget and the meeting page opens in a new tab; the counsellor joins from the chat, admits
 * the visitor and both browsers receive each other's (fake) camera.
 */

const baseArgs = config.use?.launchOptions?.args ?? [];
test.use({
  launchOptions: {
    ...config.use?.launchOptions,
    args: [...baseArgs, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  },
});

const alwaysOpen = {
  weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })),
  exceptions: [],
};

let admin: APIRequestContext;
let savedHours: unknown;

test.beforeAll(async ({ playwright, adminState }, testInfo) => {
  admin = await playwright.request.newContext({
    baseURL: testInfo.project.use.baseURL,
    storageState: adminState,
  });
  savedHours = await (await admin.get('/api/v1/chat/opening-hours')).json();
  expect((await admin.put('/api/v1/chat/opening-hours', { data: alwaysOpen })).ok()).toBe(true);
});

test.afterAll(async ({ playwright }, testInfo) => {
  const context = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  await context.post('/api/v1/auth/login', {
    data: { email: demo.counsellor.email, password: DEMO_PASSWORD },
  });
  await context.put('/api/v1/inbox/presence', { data: { status: 'offline', maxChats: 3 } });
  await context.dispose();
  if (savedHours) await admin.put('/api/v1/chat/opening-hours', { data: savedHours });
  await admin.dispose();
});

const meeting = (page: Page) => page.locator('section.meeting');
const connectionState = (page: Page) => meeting(page).getAttribute('data-connection-state');
const framesDecoded = async (page: Page) => Number(await meeting(page).getAttribute('data-frames-decoded'));

test('the counsellor offers a video call in a chat and the visitor joins it from the widget', async ({
  newPageInFreshContext,
}) => {
  test.setTimeout(120_000);
  const firstName = `Video${uniqueSuffix()}`;

  const mikko = await newPageInFreshContext();
  await signIn(mikko, demo.counsellor.email, DEMO_PASSWORD);
  await mikko.goto('/console/chat');
  await expect(mikko.getByText('Yhteys: Yhteys kunnossa')).toBeVisible();
  await mikko.getByRole('radio', { name: 'Paikalla', exact: true }).check();
  await mikko.getByRole('button', { name: 'Tallenna tila' }).click();
  await expect(mikko.getByRole('heading', { name: 'Oma tilasi: Paikalla' })).toBeVisible();

  // The visitor starts a chat from the widget and Mikko accepts it.
  const visitor = await newPageInFreshContext();
  await visitor.goto('/fi');
  await visitor.getByRole('button', { name: 'Kysy ohjaajalta' }).click();
  await visitor.getByLabel('Aihe').selectOption({ label: 'Alanvaihto' });
  await visitor.getByLabel('Etunimi (vapaaehtoinen)').fill(firstName);
  await visitor.getByRole('button', { name: 'Aloita chat' }).click();
  const widget = visitor.getByRole('dialog', { name: 'Kysy ohjaajalta' });
  const box = visitor.getByLabel('Viesti', { exact: true });
  await box.fill('Voisimmeko jutella kasvokkain? Alanvaihto mietityttää.');
  await box.press('Enter');
  const item = mikko
    .getByRole('region', { name: /^Jono/ })
    .getByRole('listitem')
    .filter({ hasText: firstName });
  await item.getByRole('button', { name: 'Ota vastaan' }).click();
  const pane = mikko.getByRole('region', { name: new RegExp(`^${firstName}`) }).filter({
    has: mikko.getByRole('textbox'),
  });
  const composer = pane.getByLabel('Viesti asiakkaalle');
  await composer.fill('Hei! Jutellaan videolla, lähetän kutsun.');
  await composer.press('Enter');
  await expect(widget).toContainText('Jutellaan videolla');

  // A first offer the visitor declines: the decline shows in the console.
  const log = pane.getByRole('list', { name: `Viestit: ${firstName}` });
  await pane.getByRole('button', { name: 'Tarjoa videopuhelu' }).click();
  await widget.getByRole('button', { name: 'Ei nyt' }).click();
  await expect(log).toContainText('Asiakas ei halunnut videopuhelua nyt.');
  await expect(widget).toContainText('Et halunnut videopuhelua nyt.');
  await expect(widget.getByRole('button', { name: 'Liity videopuheluun' })).toHaveCount(0);
  // The console's offer box drops the declined call's link and says why.
  // (The pane has another status line: the suggestions panel's.)
  const declined = pane.getByRole('status').filter({ hasText: 'Asiakas ei halunnut videopuhelua nyt.' });
  await expect(declined).toHaveText('Asiakas ei halunnut videopuhelua nyt.');
  await expect(declined.getByRole('link')).toHaveCount(0);

  // Mikko offers again; the widget shows the new offer.
  await pane.getByRole('button', { name: 'Tarjoa videopuhelu' }).click();
  await expect(pane.getByText('Videopuhelu tarjottu asiakkaalle.')).toBeVisible();
  await expect(widget).toContainText('Ohjaaja tarjoaa videopuhelua.');
  await expect(widget.getByRole('button', { name: 'Ei nyt' })).toBeVisible();
  await expectNoAxeViolations(visitor);

  // Joining opens the meeting page in a new tab.
  const popup = visitor.waitForEvent('popup');
  await widget.getByRole('button', { name: 'Liity videopuheluun' }).click();
  const call = await popup;
  await call.waitForURL(/\/fi\/tapaaminen\/[A-Za-z0-9_-]{20,}$/);
  await expect(log).toContainText('Asiakas hyväksyi videopuhelun.');
  await expect(widget).toContainText('Videopuhelu on auki toisessa välilehdessä.');

  // Mikko joins from the chat; the visitor waits until admitted.
  const staffTab = mikko.waitForEvent('popup');
  await pane.getByRole('status').getByRole('link', { name: 'Liity videopuheluun' }).click();
  const room = await staffTab;
  await room.waitForURL(/\/console\/chat\/video\/[0-9a-f-]{36}$/);
  await room.getByRole('button', { name: 'Liity tapaamiseen' }).click();
  await call.getByRole('button', { name: 'Liity tapaamiseen' }).click();
  await expect(call.getByTestId('meeting-status')).toHaveText(/odotushuoneessa/);
  await room.getByRole('button', { name: 'Päästä asiakas tapaamiseen' }).click();
  await expect.poll(() => connectionState(call), { timeout: 30_000 }).toBe('connected');
  await expect.poll(() => connectionState(room), { timeout: 30_000 }).toBe('connected');
  await expect.poll(() => framesDecoded(call), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(() => framesDecoded(room), { timeout: 30_000 }).toBeGreaterThan(0);

  // The meeting's chat panel starts with the chat, and its lines join the same chat.
  const panel = call.getByRole('complementary', { name: 'Keskustelu' });
  await expect(panel).toContainText('Hei! Jutellaan videolla, lähetän kutsun.');
  // The panel's own field: the chat widget of the same tab may be open too.
  await panel.getByLabel('Viesti').fill('Kuva näkyy hyvin.');
  await panel.getByLabel('Viesti').press('Enter');
  await expect(log).toContainText('Kuva näkyy hyvin.');
  await expectNoAxeViolations(call);
  await expectNoAxeViolations(room);

  // Closing the chat ends the call on both sides.
  await pane.getByRole('button', { name: 'Päätä' }).click();
  const close = mikko.getByRole('dialog', { name: 'Päätä chat' });
  await close.getByLabel('Lopputulos').selectOption({ label: 'Kysymykseen vastattiin' });
  await close.getByRole('button', { name: 'Päätä chat' }).click();
  await expect(close).toBeHidden();
  const ended = 'Chat, johon videopuhelu kuului, on päättynyt.';
  await expect(call.getByText(ended).first()).toBeVisible({ timeout: 15_000 });
  await expect(room.getByText(ended).first()).toBeVisible({ timeout: 15_000 });
  await expect(call.getByRole('button', { name: 'Liity tapaamiseen' })).toHaveCount(0);
  await expectNoAxeViolations(call);
});
