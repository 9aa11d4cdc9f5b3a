import { randomUUID } from 'node:crypto';
import { type APIRequest, type APIRequestContext, type Locator } from '@playwright/test';
import { io } from 'socket.io-client';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * Self-help while answering (issue 23): in the chat console a counsellor sees guides, programmes
 * and canned responses for the client's question, inserts a canned response and sends a guide
 * as a card, which the visitor's chat returns; on an emailed question's page a card goes with the
 * reply, shows in the thread and is a link in the mail. Everything before that is set up via the API.
 */

const GUIDE = 'Oppisopimus – opiskele työssä ja saa palkkaa';

test.use({ asAdmin: true });

let admin: APIRequestContext;
let savedHours: unknown;

test.beforeAll(async ({ playwright, adminState }, testInfo) => {
  admin = await playwright.request.newContext({
    baseURL: testInfo.project.use.baseURL,
    storageState: adminState,
  });
  savedHours = await (await admin.get('/api/v1/chat/opening-hours')).json();
});

test.afterAll(async () => {
  if (savedHours) await admin.put('/api/v1/chat/opening-hours', { data: savedHours });
  await admin.dispose();
});

/** An API session of a demo counsellor (the same person the page signs in as). */
async function counsellorApi(request: APIRequest, baseURL: string): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL });
  const login = await context.post('/api/v1/auth/login', {
    data: { email: demo.counsellor.email, password: DEMO_PASSWORD },
  });
  expect(login.ok(), await login.text()).toBe(true);
  return context;
}

/** The visitor's message, as the widget sends it: over the `/client` socket with the chat's secret. */
async function visitorSays(baseURL: string, conversationId: string, secret: string, body: string) {
  const socket = io(`${baseURL}/client`, { auth: { conversationId, secret }, transports: ['websocket'] });
  try {
    const ack = (await socket
      .timeout(10_000)
      .emitWithAck('message', { clientMsgId: randomUUID(), body })) as {
      seq?: number;
    };
    expect(ack.seq, JSON.stringify(ack)).toBeGreaterThan(0);
  } finally {
    socket.disconnect();
  }
}

const suggestionsOf = (pane: Locator) => pane.getByRole('region', { name: 'Ehdotukset' });

test('a counsellor inserts a suggested canned response and sends a suggested guide as a card in a chat', async ({
  page,
  playwright,
  baseURL,
}) => {
  const origin = baseURL!;
  const suffix = uniqueSuffix();
  const firstName = `Kortti${suffix}`;
  const every = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));
  const hours = await admin.put('/api/v1/chat/opening-hours', { data: { weekly: every, exceptions: [] } });
  expect(hours.ok(), await hours.text()).toBe(true);

  const mikko = await counsellorApi(playwright.request, origin);
  const cannedTitle = `Oppisopimus ${suffix}`;
  const cannedBody = `Oppisopimuksesta kerrotaan ohjeessamme (${suffix}).`;
  const canned = await mikko.post('/api/v1/inbox/canned-responses', {
    data: { title: cannedTitle, body: cannedBody, language: 'fi', shared: false },
  });
  expect(canned.ok(), await canned.text()).toBe(true);
  await mikko.put('/api/v1/inbox/presence', { data: { status: 'available', maxChats: 3 } });

  try {
    const started = await page.request.post('/api/v1/chat/conversations', {
      data: { topic: 'apprenticeship', language: 'fi', firstName },
    });
    expect(started.status(), await started.text()).toBe(201);
    const { conversationId, secret } = (await started.json()) as { conversationId: string; secret: string };
    await visitorSays(origin, conversationId, secret, 'Miten oppisopimukseen haetaan?');
    const accepted = await mikko.post(`/api/v1/inbox/conversations/${conversationId}/accept`, { data: {} });
    // With automatic assignment the chat may already be his.
    expect([200, 409], await accepted.text()).toContain(accepted.status());

    await page.context().clearCookies();
    await signIn(page, demo.counsellor.email, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/console$/);
    await page.goto('/console/chat');
    const pane = page
      .getByRole('region', { name: new RegExp(`^${firstName}`) })
      .filter({ has: page.getByRole('textbox', { name: 'Viesti asiakkaalle' }) });
    const log = pane.getByRole('list', { name: `Viestit: ${firstName}` });
    await expect(log).toContainText('Miten oppisopimukseen haetaan?');

    // Suggestions for the client's question: guides (each opens in a new tab or goes as a card)
    // and the counsellor's canned response, which goes into the message box.
    const suggestions = suggestionsOf(pane);
    const firstGuide = suggestions.getByRole('list').first().getByRole('listitem').first();
    const guideLink = firstGuide.getByRole('link');
    await expect(guideLink).toHaveAttribute('target', '_blank');
    await expect(guideLink).toHaveAttribute('href', /^\/fi\/ohjeet\//);
    const guide = ((await guideLink.textContent()) ?? '').replace(/\s*\(avautuu uuteen välilehteen\)$/, '');
    const guideUrl = await guideLink.getAttribute('href');
    await suggestions.getByRole('button', { name: `Käytä vastausta: ${cannedTitle}` }).click();
    const composer = pane.getByLabel('Viesti asiakkaalle');
    await expect(composer).toBeFocused();
    await expect(composer).toHaveValue(cannedBody);
    await expectNoAxeViolations(page);

    // The guide goes to the client as a card: in the console's thread and in the visitor's chat.
    await firstGuide.getByRole('button', { name: `Lähetä kortti: ${guide}` }).click();
    await expect(suggestions.getByRole('status')).toHaveText(`Kortti lähetetty: ${guide}`);
    const cardLine = log.getByRole('listitem').filter({ hasText: 'Kortti · Ohje' });
    await expect(
      cardLine.getByRole('link', { name: `${guide} (avautuu uuteen välilehteen)` }),
    ).toHaveAttribute('href', guideUrl!);
    const visitorView = await page.request.get(`/api/v1/chat/conversations/${conversationId}`, {
      headers: { 'x-conversation-secret': secret },
    });
    const { messages } = (await visitorView.json()) as {
      messages: { author: string; card?: { type: string; title: string; url: string } }[];
    };
    expect(messages.find((m) => m.card)?.card).toEqual({
      type: 'article',
      title: guide,
      summary: expect.any(String),
      url: guideUrl,
    });
    // After a reload the card comes from the server's copy.
    await page.reload();
    await expect(
      log
        .getByRole('listitem')
        .filter({ hasText: 'Kortti · Ohje' })
        .getByRole('link', { name: new RegExp(guide.slice(0, 20)) }),
    ).toHaveAttribute('href', guideUrl!);

    // A search from the composer finds a programme too.
    await suggestions.getByLabel('Hae ohjeista ja koulutuksista').fill('kokki');
    await suggestions.getByRole('button', { name: 'Hae', exact: true }).click();
    await expect(suggestions.getByRole('heading', { name: 'Hakutulokset' })).toBeVisible();
    await expect(suggestions.getByRole('button', { name: /^Lähetä kortti: / }).first()).toBeVisible();
    await expectNoAxeViolations(page);

    // The staff handbook answers the composer's search too: to open, never to send.
    await suggestions.getByLabel('Hae ohjeista ja koulutuksista').fill('oppisopimus');
    await suggestions.getByRole('button', { name: 'Hae', exact: true }).click();
    await expect(
      suggestions.getByRole('heading', { name: 'Käsikirja (vain henkilökunnalle)' }),
    ).toBeVisible();
    const handbookLink = suggestions.locator('a[href="/console/handbook/fi/kasikirja-oppisopimus"]');
    await expect(handbookLink).toHaveAttribute('target', '_blank');
    await expect(
      suggestions.getByRole('listitem').filter({ has: handbookLink }).getByRole('button'),
    ).toHaveCount(0);
    await expectNoAxeViolations(page);

    const closed = await mikko.post(`/api/v1/inbox/conversations/${conversationId}/close`, {
      data: { topic: 'apprenticeship', outcome: 'answered' },
    });
    expect(closed.ok(), await closed.text()).toBe(true);
  } finally {
    await mikko.put('/api/v1/inbox/presence', { data: { status: 'offline', maxChats: 3 } });
    await mikko.dispose();
  }
});

test('a card goes with an emailed reply, shows in the thread and is a link in the mail', async ({ page }) => {
  const suffix = uniqueSuffix();
  const address = `kortti-${suffix}@example.fi`;
  const question = `Miten oppisopimukseen haetaan? (${suffix})`;
  const left = await page.request.post('/api/v1/contact/messages', {
    data: {
      lang: 'fi',
      topic: 'applying',
      consent: true,
      name: `Kysyjä ${suffix}`,
      email: address,
      message: question,
    },
  });
  expect(left.status(), await left.text()).toBe(201);
  const list = await admin.get(`/api/v1/inbox/conversations?q=${suffix}`);
  const id = ((await list.json()) as { items: { id: string }[] }).items[0]!.id;
  const claimed = await admin.post(`/api/v1/inbox/conversations/${id}/claim`, { data: {} });
  expect(claimed.ok(), await claimed.text()).toBe(true);

  await page.goto(`/console/inbox/${id}`);
  const suggestions = page.getByRole('region', { name: 'Ehdotukset' });
  await expect(suggestions).toContainText('Kortti lähtee vastauksen mukana');
  await expect(suggestions.getByRole('button', { name: `Lähetä kortti: ${GUIDE}` }).first()).toBeVisible();
  await expectNoAxeViolations(page);

  // A search of the catalogue and the guides, then the reply with the guide as a card.
  await suggestions.getByLabel('Hae ohjeista ja koulutuksista').fill('oppisopimus');
  await suggestions.getByRole('button', { name: 'Hae', exact: true }).click();
  await expect(page).toHaveURL(/[?&]cardq=oppisopimus/);
  const results = suggestions
    .getByRole('list')
    .filter({ has: page.getByRole('button') })
    .last();
  await expect(results.getByRole('button', { name: `Lähetä kortti: ${GUIDE}` })).toBeVisible();
  await page.getByLabel('Vastaus', { exact: true }).fill(`Tässä ohje oppisopimuksesta. (${suffix})`);
  await results.getByRole('button', { name: `Lähetä kortti: ${GUIDE}` }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(
    'Kortti lähetetty asiakkaalle. Se lähtee sähköpostina linkkinä.',
  );
  const line = page
    .getByRole('region', { name: 'Viestit' })
    .getByRole('listitem')
    .filter({ hasText: `Tässä ohje oppisopimuksesta. (${suffix})` });
  await expect(line.getByRole('link', { name: `${GUIDE} (avautuu uuteen välilehteen)` })).toBeVisible();
  await expectNoAxeViolations(page);

  // The mail carries the guide as a link on the service.
  await expect(async () => {
    const log = (await (await admin.get('/api/v1/dev-mailbox?limit=50')).json()) as {
      items: { text: string; kind?: string }[];
    };
    const mail = log.items.find((item) => item.text.includes(`Tässä ohje oppisopimuksesta. (${suffix})`));
    expect(mail?.text).toContain('/fi/ohjeet/oppisopimus');
  }).toPass({ timeout: 15_000 });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a suggested canned response starts the reply and a suggested guide goes with it as a card', async ({
    page,
  }) => {
    const suffix = uniqueSuffix();
    const question = `Miten oppisopimukseen haetaan? (${suffix})`;
    const cannedTitle = `Oppisopimushaku ${suffix}`;
    const cannedBody = `Oppisopimukseen haetaan työpaikan kautta (${suffix}).`;
    const canned = await admin.post('/api/v1/inbox/canned-responses', {
      data: { title: cannedTitle, body: cannedBody, language: 'fi', shared: false },
    });
    expect(canned.ok(), await canned.text()).toBe(true);
    const left = await page.request.post('/api/v1/contact/messages', {
      data: {
        lang: 'fi',
        topic: 'applying',
        consent: true,
        name: `Ilman ${suffix}`,
        email: `ilman-${suffix}@example.fi`,
        message: question,
      },
    });
    expect(left.status(), await left.text()).toBe(201);
    const list = await admin.get(`/api/v1/inbox/conversations?q=${suffix}`);
    const id = ((await list.json()) as { items: { id: string }[] }).items[0]!.id;
    await admin.post(`/api/v1/inbox/conversations/${id}/claim`, { data: {} });

    await page.goto(`/console/inbox/${id}`);
    const suggestions = page.getByRole('region', { name: 'Ehdotukset' });
    await suggestions.getByRole('link', { name: `Käytä vastausta: ${cannedTitle}` }).click();
    await expect(page.getByLabel('Vastaus', { exact: true })).toHaveValue(cannedBody);
    const firstGuide = suggestions.getByRole('list').first().getByRole('listitem').first();
    const guide = ((await firstGuide.getByRole('link').textContent()) ?? '').replace(
      /\s*\(avautuu uuteen välilehteen\)$/,
      '',
    );
    await firstGuide.getByRole('button', { name: `Lähetä kortti: ${guide}` }).click();
    await expect(page.getByRole('main').getByRole('status')).toHaveText(
      'Kortti lähetetty asiakkaalle. Se lähtee sähköpostina linkkinä.',
    );
    const line = page
      .getByRole('region', { name: 'Viestit' })
      .getByRole('listitem')
      .filter({ hasText: cannedBody });
    await expect(line).toContainText('Kortti · Ohje');
    await expect(line.getByRole('link', { name: `${guide} (avautuu uuteen välilehteen)` })).toBeVisible();
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
  });
});

test('a card for something that is not this service’s guide is refused with a coded 400', async () => {
  const suffix = uniqueSuffix();
  const left = await admin.post('/api/v1/contact/messages', {
    data: {
      lang: 'fi',
      topic: 'applying',
      consent: true,
      name: `X ${suffix}`,
      email: `x-${suffix}@example.fi`,
      message: `Kysymys (${suffix})`,
    },
  });
  expect(left.status()).toBe(201);
  const id = (
    (await (await admin.get(`/api/v1/inbox/conversations?q=${suffix}`)).json()) as { items: { id: string }[] }
  ).items[0]!.id;
  await admin.post(`/api/v1/inbox/conversations/${id}/claim`, { data: {} });
  const refused = await admin.post(`/api/v1/inbox/conversations/${id}/messages`, {
    data: { clientMsgId: randomUUID(), body: '', kind: 'message', card: { type: 'article', id: 'ei-ole' } },
  });
  expect(refused.status()).toBe(400);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('card.unknown');
});
