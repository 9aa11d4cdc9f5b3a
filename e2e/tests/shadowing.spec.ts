import type { APIRequestContext } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo } from './support/accounts.js';
import { signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * Shadowing: a counsellor in training asks to follow a colleague's live chat; the colleague
 * accepts in the chat console; the visitor is told in their language; the observer follows the
 * chat read-only and writes private notes. The chat is set up through the API.
 */

test.use({ asAdmin: true });

let admin: APIRequestContext;
let savedHours: unknown;

test.beforeAll(async ({ playwright, adminState }, testInfo) => {
  admin = await playwright.request.newContext({
    baseURL: testInfo.project.use.baseURL,
    storageState: adminState,
  });
  savedHours = await (await admin.get('/api/v1/chat/opening-hours')).json();
  const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));
  expect(
    (await admin.put('/api/v1/chat/opening-hours', { data: { weekly: always, exceptions: [] } })).status(),
  ).toBe(200);
});

test.afterAll(async () => {
  if (savedHours) await admin.put('/api/v1/chat/opening-hours', { data: savedHours });
  await admin.dispose();
});

test('a counsellor in training follows a colleague’s live chat read-only once the colleague accepts', async ({
  newPageInFreshContext,
  playwright,
  baseURL,
}) => {
  // Sanna has a live chat with a Swedish-speaking visitor.
  const sanna = await newPageInFreshContext();
  await signIn(sanna, demo.otherCounsellor.email, DEMO_PASSWORD);
  expect(
    (
      await sanna.request.put('/api/v1/inbox/presence', { data: { status: 'available', maxChats: 3 } })
    ).status(),
  ).toBe(200);
  const visitor = await playwright.request.newContext({ baseURL });
  const started = await visitor.post('/api/v1/chat/conversations', {
    data: { topic: 'applying', language: 'sv', firstName: 'Demo-Elsa' },
  });
  expect(started.status()).toBe(201);
  const { conversationId, secret } = await started.json();
  const accepted = await sanna.request.post(`/api/v1/inbox/conversations/${conversationId}/accept`);
  expect(accepted.status()).toBe(200);
  await sanna.goto('/console/chat');
  await expect(sanna.getByRole('heading', { level: 3, name: /Demo-Elsa/ })).toBeVisible();

  // Mikko asks to follow it from his training page.
  const page = await newPageInFreshContext();
  await signIn(page, demo.counsellor.email, DEMO_PASSWORD);
  await page.goto('/console/training');
  await page
    .getByRole('button', { name: `Pyydä lupaa seurata (${demo.otherCounsellor.name})` })
    .first()
    .click();
  await expect(
    page.getByRole('heading', { level: 1, name: `Seuraat keskustelua: ${demo.otherCounsellor.name}` }),
  ).toBeVisible();
  await expect(
    page.getByText(`Odotetaan, että ${demo.otherCounsellor.name} hyväksyy pyynnön.`),
  ).toBeVisible();
  await expect(page.getByRole('list', { name: 'Keskustelu (vain luku)' })).toHaveCount(0);

  // Sanna accepts beside her chats; the visitor is told, in Swedish in the widget.
  const request = sanna.getByRole('region', { name: 'Pyyntö seurata keskustelua' });
  await expect(request).toContainText(`${demo.counsellor.name} (koulutettava) pyytää saada seurata`);
  await expectNoAxeViolations(sanna);
  await request.getByRole('button', { name: `Hyväksy: ${demo.counsellor.name}` }).click();
  await expect(request).toHaveCount(0);
  const chat = await (
    await visitor.get(`/api/v1/chat/conversations/${conversationId}`, {
      headers: { 'x-conversation-secret': secret },
    })
  ).json();
  expect(chat.messages.map((m: { eventType: string | null }) => m.eventType)).toContain('observer_joined');

  // Mikko's page follows the chat as it goes, with no way to write in it.
  await expect(page.getByText('Seuraat keskustelua lukijana.')).toBeVisible();
  const followed = page.getByRole('list', { name: 'Keskustelu (vain luku)' });
  await expect(followed).toContainText('Koulutettava ohjaaja seuraa keskustelua');
  const composer = sanna.getByLabel('Viesti asiakkaalle');
  await composer.fill('Hej Elsa! Vad kan jag hjälpa dig med?');
  await composer.press('Enter');
  await expect(followed).toContainText('Hej Elsa! Vad kan jag hjälpa dig med?');
  await expect(page.getByLabel('Viesti asiakkaalle')).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page
    .getByRole('textbox', { name: 'Muistiinpano' })
    .fill('Hyvä avaus ruotsiksi; kysy, miten valitsit ensimmäisen kysymyksen.');
  await page.getByRole('button', { name: 'Tallenna muistiinpano' }).click();
  await expect(page.getByText('Muistiinpano tallennettiin.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Omat muistiinpanot' })).toContainText(
    'Hyvä avaus ruotsiksi',
  );

  await page.getByRole('button', { name: 'Lopeta seuraaminen' }).click();
  await expect(page.getByText('Seuraaminen on päättynyt. Muistiinpanosi ovat tallessa.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Keskustelu (vain luku)' })).toHaveCount(0);

  // The chat ends; Sanna goes offline for the other journeys.
  await sanna.request.post(`/api/v1/inbox/conversations/${conversationId}/close`, {
    data: { topic: 'applying', outcome: 'answered' },
  });
  await sanna.request.put('/api/v1/inbox/presence', { data: { status: 'offline', maxChats: 3 } });
  await visitor.dispose();
});
