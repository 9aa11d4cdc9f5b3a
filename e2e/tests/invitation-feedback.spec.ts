import { type APIRequestContext, type Page } from '@playwright/test';
import { startCaptureServer, type CaptureServer } from '../../server/src/test/mail-helpers.js';
import { smtpRelayPort } from '../playwright.config.js';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { followConsoleMenu, signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * Outreach: the admin sets up a proactive chat invitation in the console; a visitor who
 * stays on a matching guide page while a counsellor is free is offered the chat, once per
 * rule in its number of days. After an email conversation is closed, the client gets a
 * feedback mail whose one-click link records the rating.
 */

const GUIDE = '/fi/ohjeet/koulumatkatuki';

let admin: APIRequestContext;
let counsellor: APIRequestContext;
let relay: CaptureServer;
let savedHours: unknown;
let ruleId = '';

const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));

/** A counsellor free for chats (again: presence goes stale after 90 s without the console). */
async function counsellorFree(): Promise<void> {
  const response = await counsellor.put('/api/v1/inbox/presence', {
    data: { status: 'available', maxChats: 10 },
  });
  expect(response.ok(), await response.text()).toBe(true);
}

test.beforeAll(async ({ playwright, adminState }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL ?? '';
  relay = await startCaptureServer(smtpRelayPort);
  admin = await playwright.request.newContext({ baseURL, storageState: adminState });
  savedHours = await (await admin.get('/api/v1/chat/opening-hours')).json();
  const hours = await admin.put('/api/v1/chat/opening-hours', { data: { weekly: allDay, exceptions: [] } });
  expect(hours.status(), await hours.text()).toBe(200);
  counsellor = await playwright.request.newContext({ baseURL });
  const login = await counsellor.post('/api/v1/auth/login', {
    data: { email: demo.counsellor.email, password: DEMO_PASSWORD },
  });
  expect(login.status()).toBe(200);
});

test.afterAll(async () => {
  // The rule is switched off, the counsellor goes offline and the hours are put back.
  if (ruleId) {
    const rule = await (await admin.get(`/api/v1/invitations/${ruleId}`)).json();
    const { id: _id, updatedAt: _updatedAt, ...body } = rule;
    await admin.put(`/api/v1/invitations/${ruleId}`, { data: { ...body, active: false } });
  }
  await counsellor.put('/api/v1/inbox/presence', { data: { status: 'offline', maxChats: 3 } });
  if (savedHours) await admin.put('/api/v1/chat/opening-hours', { data: savedHours });
  await counsellor.dispose();
  await admin.dispose();
  await relay.close();
});

const invitation = (page: Page) => page.getByRole('status', { name: 'Kutsu chattiin' });

async function counts(): Promise<{ shown: number; accepted: number; dismissed: number }> {
  const { items } = (await (await admin.get('/api/v1/invitations')).json()) as {
    items: { id: string; last30Days: { shown: number; accepted: number; dismissed: number } }[];
  };
  return items.find((item) => item.id === ruleId)!.last30Days;
}

test.describe.configure({ mode: 'serial' });

test.describe('proactive chat invitation', () => {
  test.use({ asAdmin: true });

  test('the admin adds a rule in the console', async ({ page }) => {
    await page.goto('/console');
    await followConsoleMenu(page, 'Ylläpito', 'Chat-kutsut');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chat-kutsut');
    await expect(page.getByRole('cell', { name: 'Hakeminen aikuisena (demo)', exact: true })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Uusi kutsu' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Uusi chat-kutsu');
    const name = `Koulumatkatuki ${uniqueSuffix()}`;
    await page.getByLabel('Nimi', { exact: true }).fill(name);
    await page.getByLabel('Sivujen osoitteen alku').fill('ohjeet');
    await page.getByLabel('Viive sekunteina').fill('2');
    await page.getByLabel('Enintään kerran päivässä').fill('7');
    await page
      .getByLabel('Kutsun teksti suomeksi')
      .fill('Kysyttävää koulumatkoista? Ohjaaja on nyt vapaana chatissa.');
    await page.getByRole('button', { name: 'Tallenna' }).click();
    // A path must start with /: the form says so and keeps what was typed.
    await expect(page.getByRole('alert')).toContainText('Sivujen osoitteen alku');
    await expect(page.getByLabel('Nimi', { exact: true })).toHaveValue(name);
    await expectNoAxeViolations(page);
    await page.getByLabel('Sivujen osoitteen alku').fill(GUIDE);
    await page.getByRole('button', { name: 'Tallenna' }).click();
    await expect(page.getByRole('status')).toHaveText('Kutsu tallennettu.');
    const row = page.getByRole('row').filter({ hasText: name });
    await expect(row).toContainText(GUIDE);
    await expect(row).toContainText('2 s');
    await expect(row).toContainText('0 / 0 / 0');
    const href = await row.getByRole('link', { name: `Muokkaa kutsua ${name}` }).getAttribute('href');
    ruleId = href!.split('/').pop()!;
    await expectNoAxeViolations(page);
  });

  test('a visitor sees it after the delay, dismisses it, and is not asked again on reload', async ({
    newPageInFreshContext,
  }) => {
    await counsellorFree();
    const visitor = await newPageInFreshContext();
    await visitor.goto(GUIDE);
    const card = invitation(visitor);
    await expect(card).toContainText('Kysyttävää koulumatkoista? Ohjaaja on nyt vapaana chatissa.', {
      timeout: 15_000,
    });
    // Polite: focus stays on the page, and the chat is not opened.
    expect(await visitor.evaluate(() => document.activeElement?.tagName)).toBe('BODY');
    await expect(visitor.getByRole('dialog', { name: 'Kysy ohjaajalta' })).toHaveCount(0);
    await expectNoAxeViolations(visitor);
    await card.getByRole('button', { name: 'Ei kiitos' }).click();
    await expect(card.getByRole('button')).toHaveCount(0);
    await expect(visitor.getByRole('button', { name: 'Kysy ohjaajalta' })).toBeFocused();

    await visitor.reload();
    await expect(visitor.getByRole('button', { name: 'Kysy ohjaajalta' })).toBeVisible();
    await visitor.waitForTimeout(4_000);
    await expect(invitation(visitor).getByRole('button')).toHaveCount(0);
    await expect.poll(counts).toEqual({ shown: 1, accepted: 0, dismissed: 1 });
  });

  test('Escape puts it away, and accepting opens the chat', async ({ newPageInFreshContext }) => {
    await counsellorFree();
    const first = await newPageInFreshContext();
    await first.goto(GUIDE);
    await expect(invitation(first).getByRole('button', { name: 'Aloita keskustelu' })).toBeVisible({
      timeout: 15_000,
    });
    await first.keyboard.press('Escape');
    await expect(invitation(first).getByRole('button')).toHaveCount(0);

    const visitor = await newPageInFreshContext();
    await visitor.goto(GUIDE);
    const accept = invitation(visitor).getByRole('button', { name: 'Aloita keskustelu' });
    await expect(accept).toBeVisible({ timeout: 15_000 });
    await accept.click();
    const panel = visitor.getByRole('dialog', { name: 'Kysy ohjaajalta' });
    await expect(panel).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Aloita chat' })).toBeVisible();
    await expect(invitation(visitor).getByRole('button')).toHaveCount(0);
    await expect.poll(counts).toEqual({ shown: 3, accepted: 1, dismissed: 2 });
  });

  test('nobody is invited while no counsellor is free', async ({ newPageInFreshContext }) => {
    await counsellor.put('/api/v1/inbox/presence', { data: { status: 'offline', maxChats: 3 } });
    const visitor = await newPageInFreshContext();
    await visitor.goto(GUIDE);
    await expect(visitor.getByRole('button', { name: 'Kysy ohjaajalta' })).toBeVisible();
    await visitor.waitForTimeout(4_000);
    await expect(invitation(visitor).getByRole('button')).toHaveCount(0);
  });
});

test('an email conversation closed in the inbox brings a feedback mail whose link records the rating', async ({
  page,
  newPageInFreshContext,
}) => {
  const suffix = uniqueSuffix();
  const email = `kerttu-${suffix}@example.net`;
  const sent = await page.request.post('/api/v1/contact/messages', {
    data: {
      lang: 'fi',
      name: 'Kerttu',
      email,
      topic: 'applying',
      consent: true,
      message: `Milloin kevään yhteishaku alkaa? (${suffix})`,
    },
  });
  expect(sent.status(), await sent.text()).toBe(201);

  await signIn(page, demo.counsellor.email, DEMO_PASSWORD);
  await page.goto(`/console/inbox?q=${encodeURIComponent(suffix)}`);
  await page.getByRole('row').filter({ hasText: 'Kerttu' }).getByRole('link').first().click();
  await page.getByRole('button', { name: 'Ota hoitoon' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Otit yhteydenoton hoitoosi.');
  await page
    .getByLabel('Vastaus', { exact: true })
    .fill('Hei Kerttu! Kevään yhteishaku alkaa maaliskuussa; katso tarkat päivät Opintopolusta.');
  await page.getByRole('button', { name: 'Lähetä vastaus' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(
    'Vastaus tallennettu. Se lähtee asiakkaalle sähköpostina.',
  );
  await page.getByLabel('Lopputulos', { exact: true }).selectOption({ label: 'Kysymykseen vastattiin' });
  await page.getByRole('button', { name: 'Sulje yhteydenotto' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Yhteydenotto suljettu.');

  const mail = await relay.waitFor(
    (m) => m.envelope.to.includes(email) && m.parsed.subject === 'Miten onnistuimme? – OpinTori',
    15_000,
  );
  expect(mail.parsed.text).toContain('Hei Kerttu,');
  const link = /https?:\/\/[^/\s]+(\/fi\/palaute\/[\w-]+)\?arvio=4/.exec(mail.parsed.text ?? '');
  expect(link, mail.parsed.text).not.toBeNull();
  const path = link![1]!;

  // One click records 4 at once, also without JavaScript.
  const client = await newPageInFreshContext();
  await client.context().route('**/*.js', (route) => route.abort());
  await client.goto(`${path}?arvio=4`);
  await expect(client.getByRole('heading', { level: 1 })).toHaveText('Kiitos!');
  await expect(client.getByRole('status')).toHaveText('Arviosi 4/5 on tallennettu.');
  await expect(client.getByRole('radio', { name: '4' })).toBeChecked();
  await expectNoAxeViolations(client, { javaScriptDisabled: true });

  // The client changes it and adds a comment.
  await client.getByRole('radio', { name: '5 – erittäin hyödyllistä' }).check();
  await client.getByLabel('Kommentti (vapaaehtoinen)').fill('Selkeä vastaus, kiitos!');
  await client.getByRole('button', { name: 'Tallenna muutokset' }).click();
  await expect(client.getByRole('status')).toHaveText('Arviosi 5/5 on tallennettu.');
  await client.goto(path);
  await expect(client.getByRole('radio', { name: '5 – erittäin hyödyllistä' })).toBeChecked();
  await expect(client.getByLabel('Kommentti (vapaaehtoinen)')).toHaveValue('Selkeä vastaus, kiitos!');

  // A link that is not one: a friendly not-found page.
  const wrong = await client.goto('/fi/palaute/tama-linkki-ei-ole-oikea-mutta-pitka');
  expect(wrong?.status()).toBe(404);
  await expect(client.getByRole('heading', { level: 1 })).toHaveText('Sivua ei löytynyt');
});
