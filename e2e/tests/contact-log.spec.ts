import { type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo } from './support/accounts.js';
import { followConsoleMenu, signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * The quick contact log at a busy fair: a counsellor with a phone in one hand logs a
 * face-to-face conversation in three taps, then another while the connection is gone; the
 * queued entry is sent once when the connection returns.
 */

test.use({ viewport: { width: 360, height: 740 }, hasTouch: true });

interface LogContext {
  today: { count: number; items: { id: string; topics: string[]; status: string }[] };
}

async function todayFromApi(page: Page): Promise<LogContext['today']> {
  const response = await page.request.get('/api/v1/contact-log/context');
  expect(response.status()).toBe(200);
  return ((await response.json()) as LogContext).today;
}

async function expectTapTarget(locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  expect(box, 'a visible tap target').not.toBeNull();
  expect(box!.height).toBeGreaterThanOrEqual(48);
  expect(box!.width).toBeGreaterThanOrEqual(48);
}

const queuedEntries = (page: Page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => key.startsWith('opintori.contactLog.outbox.'))
      .flatMap((key) => JSON.parse(localStorage.getItem(key) ?? '[]') as { body: { topics: string[] } }[]),
  );

test('a counsellor logs a face-to-face contact in three taps, and another while offline that is sent once', async ({
  page,
  context,
}) => {
  await signIn(page, demo.counsellor.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console$/);
  await followConsoleMenu(page, 'Työ', 'Kirjaa tapaaminen');
  await expect(page).toHaveURL('/console/contact-log');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kirjaa tapaaminen');

  const before = await todayFromApi(page);
  const main = page.getByRole('main');
  const counter = main.getByText(/^Tänään kirjattu: \d+$/);
  await expect(counter).toHaveText(`Tänään kirjattu: ${before.count}`);
  // Preselected: the console's language and an outcome; the place is the ongoing event or walk-in.
  await expect(main.getByRole('radio', { name: 'suomi' })).toBeChecked();
  await expect(main.getByRole('radio', { name: 'Kysymykseen vastattiin' })).toBeChecked();
  await expect(main.getByRole('radio', { checked: true }).first()).toBeVisible();

  const applying = main.getByRole('checkbox', { name: 'Hakeminen' });
  const referred = main.getByRole('radio', { name: 'Ohjattiin oppilaitokseen' });
  const save = main.getByRole('button', { name: 'Tallenna', exact: true });
  for (const target of [applying, referred, save]) await expectTapTarget(target);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectNoAxeViolations(page);

  // Three taps: a topic, an outcome, save.
  await applying.tap();
  await referred.tap();
  await save.tap();
  await expect(main.getByRole('status')).toHaveText('Tallennettu: Hakeminen.');
  await expect(counter).toHaveText(`Tänään kirjattu: ${before.count + 1}`);
  await expect(applying).not.toBeChecked();
  const todayList = main.getByRole('region', { name: 'Tänään kirjatut' }).getByRole('listitem');
  await expect(todayList.first()).toContainText('Hakeminen');
  await expect(todayList.first()).toContainText('Ohjattiin oppilaitokseen');

  // The connection goes: the entry is kept on the device and shown as waiting.
  await context.setOffline(true);
  await expect(main.getByText('Ei verkkoyhteyttä.', { exact: false })).toBeVisible();
  await main.getByRole('checkbox', { name: 'Oppisopimus' }).tap();
  await save.tap();
  await expect(main.getByRole('status')).toHaveText(
    'Tallennettu laitteelle: Oppisopimus. Lähetetään, kun yhteys palaa.',
  );
  await expect(main.getByText('1 odottaa lähetystä')).toBeVisible();
  await expect(counter).toHaveText(`Tänään kirjattu: ${before.count + 1}`);
  expect((await queuedEntries(page)).map((entry) => entry.body.topics)).toEqual([['apprenticeship']]);
  await expectNoAxeViolations(page);

  // Back online: sent without a tap, exactly once.
  await context.setOffline(false);
  await expect(main.getByRole('status')).toHaveText('Lähetetty jonosta: 1.');
  await expect(counter).toHaveText(`Tänään kirjattu: ${before.count + 2}`);
  await expect(main.getByText('odottaa lähetystä')).toHaveCount(0);
  expect(await queuedEntries(page)).toEqual([]);
  await expect(todayList.first()).toContainText('Oppisopimus');

  // Another "online" (a flaky connection) sends nothing more.
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  const after = await todayFromApi(page);
  expect(after.count).toBe(before.count + 2);
  const fresh = after.items.filter((item) => !before.items.some((old) => old.id === item.id));
  expect(fresh.map((item) => item.topics)).toEqual([['apprenticeship'], ['applying']]);
  expect(fresh.map((item) => item.status)).toEqual(['closed', 'closed']);

  // In the inbox they are closed face-to-face conversations.
  const inbox = await page.request.get(
    '/api/v1/inbox/conversations?channel=in_person&status=closed&assigned=me',
  );
  const ids = ((await inbox.json()) as { items: { id: string; channel: string }[] }).items.map((i) => i.id);
  for (const item of fresh) expect(ids).toContain(item.id);
});

test('an entry the server could not take survives a reload and is sent once when it can', async ({
  page,
}) => {
  await signIn(page, demo.otherCounsellor.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console$/);
  // The server answers 503 to every entry until the route is lifted (a connection that is up
  // but failing, e.g. a captive portal or an overloaded link).
  await page.route('**/api/v1/contact-log', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: '{"error":{"code":"x","message":"x"}}',
        })
      : route.fallback(),
  );
  await page.goto('/console/contact-log');
  const before = await todayFromApi(page);
  const main = page.getByRole('main');
  await main.getByRole('checkbox', { name: 'Osaamisen tunnistaminen' }).tap();
  await main.getByRole('button', { name: 'Tallenna', exact: true }).tap();
  await expect(main.getByRole('status')).toHaveText(
    'Tallennettu laitteelle: Osaamisen tunnistaminen. Lähetetään, kun yhteys palaa.',
  );
  await expect(main.getByText('1 odottaa lähetystä')).toBeVisible();

  await page.reload();
  await expect(main.getByText('1 odottaa lähetystä')).toBeVisible();
  expect((await queuedEntries(page)).map((entry) => entry.body.topics)).toEqual([['recognition']]);

  await page.unroute('**/api/v1/contact-log');
  await main.getByRole('button', { name: 'Lähetä nyt' }).tap();
  await expect(main.getByRole('status')).toHaveText('Lähetetty jonosta: 1.');
  await expect(main.getByText(/^Tänään kirjattu: \d+$/)).toHaveText(`Tänään kirjattu: ${before.count + 1}`);
  expect(await queuedEntries(page)).toEqual([]);
  expect((await todayFromApi(page)).count).toBe(before.count + 1);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the log is a plain form: a follow-up with consent is stored and waits in the inbox', async ({
    page,
  }) => {
    await signIn(page, demo.otherCounsellor.email, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/console$/);
    await page.goto('/console/contact-log');
    const before = await todayFromApi(page);
    const main = page.getByRole('main');

    // Nothing chosen: told what to fix, nothing stored.
    await main.getByRole('button', { name: 'Tallenna', exact: true }).click();
    await expect(main.getByText('Valitse vähintään yksi aihe.')).toBeVisible();

    await main.getByRole('checkbox', { name: 'Opintojen rahoitus' }).check();
    await main.getByText('Lisätiedot: asiakasryhmä ja yhteydenotto').click();
    await main.getByRole('radio', { name: 'Uusi Suomessa' }).check();
    await main
      .getByRole('checkbox', { name: 'Asiakas haluaa, että häneen otetaan myöhemmin yhteyttä' })
      .check();
    await main.getByLabel('Puhelin').fill('040 765 4321');
    // A phone number but no consent: refused, and what was typed is kept.
    await main.getByRole('button', { name: 'Tallenna', exact: true }).click();
    await expect(main.getByText('Yhteydenottoon tarvitaan asiakkaan lupa.')).toBeVisible();
    await expect(main.getByLabel('Puhelin')).toHaveValue('040 765 4321');
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // The section with the refused field is shown open.
    await main.getByRole('checkbox', { name: /antoi luvan/ }).check();
    await main.getByRole('button', { name: 'Tallenna', exact: true }).click();
    await expect(page).toHaveURL('/console/contact-log?saved=waiting');
    await expect(main.getByRole('status')).toHaveText('Tallennettu. Yhteydenotto odottaa saapuneissasi.');
    await expect(main.getByText(/^Tänään kirjattu: \d+$/)).toHaveText(`Tänään kirjattu: ${before.count + 1}`);

    const inbox = await page.request.get('/api/v1/inbox/conversations?channel=in_person&assigned=me');
    const items = ((await inbox.json()) as { items: { id: string; status: string; topic: string }[] }).items;
    const followUps = items.filter((i) => i.topic === 'financing');
    expect(followUps.map((i) => i.status)).toEqual(['waiting']);
    // The counsellor opens it from the inbox and sees the number to call.
    await page.goto(`/console/inbox/${followUps[0]!.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('main')).toContainText('+358407654321');
  });
});

test('an incoming phone call is logged in two taps and counted as a phone conversation', async ({ page }) => {
  await signIn(page, demo.counsellor.email, DEMO_PASSWORD);
  await page.goto('/console/contact-log');
  const main = page.getByRole('main');
  // The chip around the choice is what a thumb taps.
  const call = main.locator('label.chip', { hasText: 'Saapuva puhelu' });
  await expectTapTarget(call);
  await call.tap();
  await expect(main.getByRole('radio', { name: 'Saapuva puhelu' })).toBeChecked();
  await main.getByRole('checkbox', { name: 'Hakeminen' }).tap();
  await main.getByRole('button', { name: 'Tallenna', exact: true }).tap();
  await expect(main.getByRole('status')).toHaveText('Tallennettu: Hakeminen.');
  const latest = main.getByRole('region', { name: 'Tänään kirjatut' }).getByRole('listitem').first();
  await expect(latest).toContainText('Saapuva puhelu');
  await expectNoAxeViolations(page);

  const inbox = await page.request.get('/api/v1/inbox/conversations?channel=phone&status=closed&assigned=me');
  const items = ((await inbox.json()) as { items: { channel: string; topic: string | null }[] }).items;
  expect(items[0]).toMatchObject({ channel: 'phone', topic: 'applying' });
});
