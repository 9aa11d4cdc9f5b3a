import { readFile } from 'node:fs/promises';
import type { APIRequestContext, Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { expect, test } from './support/fixtures.js';

/*
 * Data-subject requests: a visitor deletes their own ended chat from the widget; the service's
 * privacy contact finds a person by the chat's browser key, downloads the readable export,
 * is refused while a legal hold is on, and erases everything.
 */

test.use({ asAdmin: true });

let admin: APIRequestContext;
let counsellor: APIRequestContext;
let savedHours: unknown;

test.beforeAll(async ({ playwright, adminState }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL ?? '';
  admin = await playwright.request.newContext({ baseURL, storageState: adminState });
  savedHours = await (await admin.get('/api/v1/chat/opening-hours')).json();
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));
  const hours = await admin.put('/api/v1/chat/opening-hours', { data: { weekly, exceptions: [] } });
  expect(hours.status(), await hours.text()).toBe(200);
  counsellor = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const login = await counsellor.post('/api/v1/auth/login', {
    data: { email: demo.otherCounsellor.email, password: DEMO_PASSWORD },
  });
  expect(login.status()).toBe(200);
  const presence = await counsellor.put('/api/v1/inbox/presence', {
    data: { status: 'available', maxChats: 3 },
  });
  expect(presence.ok(), await presence.text()).toBe(true);
});

test.afterAll(async () => {
  await counsellor?.put('/api/v1/inbox/presence', { data: { status: 'offline', maxChats: 3 } });
  if (savedHours) await admin.put('/api/v1/chat/opening-hours', { data: savedHours });
  await admin?.dispose();
  await counsellor?.dispose();
});

const panel = (page: Page) => page.getByRole('dialog', { name: 'Kysy ohjaajalta' });

/** A chat from the service's own front page, with consent to remember the browser, then ended. */
async function chatAndEnd(page: Page, text: string): Promise<void> {
  await page.goto('/fi');
  await page.getByRole('button', { name: 'Kysy ohjaajalta' }).click();
  await page.getByLabel('Aihe').selectOption({ label: 'Oppisopimus' });
  await page.getByLabel(/^Saa tallentaa yhteystietoni/).check();
  await page.getByRole('button', { name: 'Aloita chat' }).click();
  const box = page.getByLabel('Viesti', { exact: true });
  await box.fill(text);
  await page.keyboard.press('Enter');
  const log = page.getByRole('list', { name: 'Viestit' });
  await expect(log.getByRole('listitem').filter({ hasText: 'Sinä:' })).toContainText(text);
  await expect(log).not.toContainText('lähetetään…');
  await page.getByRole('button', { name: 'Lopeta chat' }).click();
  await page.getByRole('button', { name: 'Kyllä, lopeta' }).click();
  await expect(panel(page)).toContainText('Keskustelu on päättynyt.');
}

test('a visitor deletes their ended chat from the widget, and the browser forgets it', async ({
  newPageInFreshContext,
}) => {
  const visitor = await newPageInFreshContext();
  await chatAndEnd(visitor, `Poistan tämän kysymyksen ${uniqueSuffix()}`);
  // The browser's key for a data request is there for the asking.
  await visitor.getByText('Selaimesi tunniste tietopyyntöä varten').click();
  await expect(visitor.locator('code.key')).toHaveText(/^[0-9a-f]{64}$/);
  await expectNoAxeViolations(visitor);

  await visitor.getByRole('button', { name: 'Poista tämä keskustelu' }).click();
  await expect(visitor.getByRole('button', { name: 'Kyllä, poista' })).toBeFocused();
  await visitor.getByRole('button', { name: 'Peruuta' }).click();
  await expect(visitor.getByRole('button', { name: 'Poista tämä keskustelu' })).toBeFocused();
  await visitor.getByRole('button', { name: 'Poista tämä keskustelu' }).click();
  await visitor.getByRole('button', { name: 'Kyllä, poista' }).click();
  await expect(panel(visitor)).toContainText('Keskustelu poistettiin.');
  await expectNoAxeViolations(visitor);

  const stored = await visitor.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => key.startsWith('opintori-chat:'))
      .map((key) => localStorage.getItem(key))
      .join(''),
  );
  expect(stored).not.toContain('conversationId');
  expect(stored).not.toContain('browserKey');
});

test('the privacy contact finds a person by the browser key, exports, meets a legal hold and erases', async ({
  page,
  newPageInFreshContext,
}) => {
  const question = `Voinko hakea jatkuvassa haussa, vaikka olen töissä? ${uniqueSuffix()}`;
  const visitor = await newPageInFreshContext();
  await chatAndEnd(visitor, question);
  await visitor.getByText('Selaimesi tunniste tietopyyntöä varten').click();
  const key = (await visitor.locator('code.key').textContent())!.trim();

  await page.goto('/console');
  await page.getByRole('button', { name: 'Ylläpito' }).click();
  await page.getByRole('link', { name: 'Tietopyynnöt' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tietopyynnöt' })).toBeVisible();

  // Part of a key is refused next to its field; a search needs a reason.
  await page.getByLabel('Chatin selaintunniste').fill(key.slice(0, 20));
  await page.getByRole('button', { name: 'Hae' }).click();
  await expect(page.getByRole('alert')).toContainText('Pyynnön peruste');
  await page.getByLabel('Pyynnön peruste').fill('Tietopyyntö chatin kautta');
  await page.getByRole('button', { name: 'Hae' }).click();
  await expect(page.getByLabel('Chatin selaintunniste')).toHaveAccessibleDescription(
    /Anna tunniste kokonaan/,
  );

  await page.getByLabel('Chatin selaintunniste').fill(key);
  await page.getByRole('button', { name: 'Hae' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Löytyi 1 yhteydenottoa' })).toBeVisible();
  const table = page.getByRole('region', { name: 'Yhteydenotot' });
  await expect(table.getByRole('link', { name: 'Chat' })).toBeVisible();
  await expectNoAxeViolations(page);

  // The readable export, in the person's language, holds the question.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Lataa tiedosto' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^opintori-tiedot-\d{4}-\d\d-\d\d\.html$/);
  const html = await readFile((await file.path())!, 'utf8');
  expect(html).toContain('<html lang="fi">');
  expect(html).toContain(question);

  // A legal hold refuses the erasure with its reason.
  await table.getByLabel('Säilytyksen syy').fill('Muistutus käsittelyssä');
  await table.getByRole('button', { name: 'Aseta säilytys' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'oikeudellisessa säilytyksessä' })).toBeVisible();
  await page.getByLabel('Olen tarkistanut listan').check();
  await page.getByRole('button', { name: 'Poista kaikki tiedot' }).click();
  await expect(page.getByRole('alert')).toContainText('Muistutus käsittelyssä');
  await table.getByLabel('Vapautuksen syy').fill('Muistutus ratkaistu');
  await table.getByRole('button', { name: 'Vapauta' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Säilytys vapautettiin' })).toBeVisible();

  // Erasure asks for the confirmation, then removes everything.
  await page.getByRole('button', { name: 'Poista kaikki tiedot' }).click();
  await expect(page.getByRole('alert')).toContainText('Vahvista ensin');
  await page.getByLabel('Olen tarkistanut listan').check();
  await page.getByRole('button', { name: 'Poista kaikki tiedot' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Tiedot poistettiin: 1 yhteydenottoa' }),
  ).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Palvelulla ei ole tietoja' })).toBeVisible();
  await expectNoAxeViolations(page);
});
