import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type APIRequestContext, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo } from './support/accounts.js';
import { expect, test } from './support/fixtures.js';

/*
 * The chat widget as a member provider's website embeds it: the demo member page served from
 * another origin, loading /widget.js (the launcher) from the service, which loads the chat
 * (/widget-chat.js) when it is wanted. The visitor ↔ counsellor journey is in the console's
 * chat journey; this file covers the widget's own states, keyboard use, the lazy load and the
 * origin allow-list.
 */

const PROVIDER = 'pohjoisrannikon-ammattiopisto';
const memberScript = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'scripts',
  'demo-member-site.mjs',
);

let member: ChildProcess | undefined;
let memberUrl = '';
let refusedUrl = '';
let admin: APIRequestContext;
let counsellor: APIRequestContext;
let providerId = '';
let savedOrigins: string[] = [];
let savedHours: unknown;

/** Starts scripts/demo-member-site.mjs on a free port and resolves with that port. */
function startMemberSite(serviceUrl: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [memberScript], {
      env: { ...process.env, MEMBER_PORT: '0', SERVICE_URL: serviceUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    member = child;
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`demo member site exited with ${code}`)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const port = /localhost:(\d+)/.exec(chunk)?.[1];
      if (port) resolve(Number(port));
    });
  });
}

const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));

async function setHours(weekly: typeof allDay): Promise<void> {
  const response = await admin.put('/api/v1/chat/opening-hours', { data: { weekly, exceptions: [] } });
  expect(response.status(), await response.text()).toBe(200);
}

async function setPresence(status: 'available' | 'offline'): Promise<void> {
  const response = await counsellor.put('/api/v1/inbox/presence', { data: { status, maxChats: 3 } });
  expect(response.ok(), await response.text()).toBe(true);
}

async function chatStatus(): Promise<{ open: boolean; available: boolean }> {
  return (await admin.get(`/api/v1/chat/status?provider=${PROVIDER}`)).json();
}

test.beforeAll(async ({ playwright, adminState }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL ?? '';
  const port = await startMemberSite(baseURL);
  memberUrl = `http://localhost:${port}/`;
  // The same page under another host name is another origin, and not on the allow-list.
  refusedUrl = `http://127.0.0.1:${port}/`;

  admin = await playwright.request.newContext({ baseURL, storageState: adminState });
  const { items } = (await (await admin.get('/api/v1/organisations')).json()) as {
    items: { id: string; slug: string; allowedOrigins: string[] }[];
  };
  const provider = items.find((item) => item.slug === PROVIDER);
  if (!provider) throw new Error(`demo provider ${PROVIDER} missing`);
  providerId = provider.id;
  savedOrigins = provider.allowedOrigins;
  const patched = await admin.patch(`/api/v1/organisations/${providerId}`, {
    data: { allowedOrigins: [...savedOrigins, new URL(memberUrl).origin] },
  });
  expect(patched.status(), await patched.text()).toBe(200);

  savedHours = await (await admin.get('/api/v1/chat/opening-hours')).json();
  await setHours(allDay);

  counsellor = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const login = await counsellor.post('/api/v1/auth/login', {
    data: { email: demo.counsellor.email, password: DEMO_PASSWORD },
  });
  expect(login.status()).toBe(200);
});

test.afterAll(async () => {
  await counsellor?.put('/api/v1/inbox/presence', { data: { status: 'offline', maxChats: 3 } });
  if (providerId)
    await admin.patch(`/api/v1/organisations/${providerId}`, { data: { allowedOrigins: savedOrigins } });
  if (savedHours) await admin.put('/api/v1/chat/opening-hours', { data: savedHours });
  await admin?.dispose();
  await counsellor?.dispose();
  member?.removeAllListeners('exit');
  member?.kill();
});

/** The chat the widget keeps for this service in the page's storage. */
async function storedConversationId(page: Page, baseURL: string): Promise<string> {
  const stored = await page.evaluate(
    (key) => localStorage.getItem(key),
    `opintori-chat:${new URL(baseURL).origin}`,
  );
  const conversationId = (JSON.parse(stored ?? '{}') as { conversation?: { conversationId: string } })
    .conversation?.conversationId;
  expect(conversationId).toBeTruthy();
  return conversationId!;
}

const launcher = (page: Page) => page.getByRole('button', { name: 'Kysy ohjaajalta' });
const panel = (page: Page) => page.getByRole('dialog', { name: 'Kysy ohjaajalta' });

test('a visitor opens the widget from the keyboard, starts a chat and waits in the queue', async ({
  page,
}) => {
  await setPresence('available');
  await page.goto(memberUrl);
  await expectNoAxeViolations(page);

  // Keyboard: Enter opens and focuses the first field, Escape closes and focus returns.
  await launcher(page).focus();
  await page.keyboard.press('Enter');
  await expect(panel(page)).toBeVisible();
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'true');
  const topic = page.getByLabel('Aihe');
  const question = page.getByLabel('Kysymyksesi (vapaaehtoinen)');
  await expect(question).toBeFocused();
  await expectNoAxeViolations(page);

  await page.keyboard.press('Escape');
  await expect(panel(page)).toBeHidden();
  await expect(launcher(page)).toBeFocused();
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'false');

  await page.keyboard.press('Enter');
  await expect(question).toBeFocused();
  await page.getByRole('button', { name: 'Sulje chat-ikkuna' }).click();
  await expect(launcher(page)).toBeFocused();
  await page.keyboard.press('Enter');

  // A start without a topic is stopped next to the field.
  await page.getByRole('button', { name: 'Aloita chat' }).click();
  await expect(topic).toHaveAccessibleDescription('Täytä tämä kenttä.');
  await expect(topic).toBeFocused();
  await expectNoAxeViolations(page);

  await topic.selectOption({ label: 'Oppisopimus' });
  await page.getByLabel('Etunimi (vapaaehtoinen)').fill('Testi');
  await page.getByRole('button', { name: 'Aloita chat' }).click();

  // Waiting: the queue position, and focus in the message box.
  await expect(panel(page)).toContainText('Odotat vuoroa.');
  await expect(panel(page)).toContainText(/Olet jonossa sijalla \d+\./);
  const box = page.getByLabel('Viesti', { exact: true });
  await expect(box).toBeFocused();
  await box.fill('Hei! Mietin oppisopimusta <b>kokin</b> alalle.');
  await page.keyboard.press('Enter');
  const log = page.getByRole('list', { name: 'Viestit' });
  await expect(log.getByRole('listitem').filter({ hasText: 'Sinä:' })).toHaveText(
    'Sinä: Hei! Mietin oppisopimusta <b>kokin</b> alalle.',
  );
  await expect(log).not.toContainText('lähetetään…');
  await expect(log).toContainText('Keskustelu on jonossa.');
  await expectNoAxeViolations(page);

  // A reload restores the conversation from localStorage and resyncs it.
  await page.reload();
  await expect(panel(page)).toBeVisible();
  await expect(page.getByRole('list', { name: 'Viestit' })).toContainText('Hei! Mietin oppisopimusta');

  // The language switch changes the widget's texts, not the page's.
  await page.getByLabel('Kieli – Språk – Language').selectOption('sv');
  await expect(page.getByRole('dialog', { name: 'Fråga en vägledare' })).toContainText(
    'Du väntar på din tur.',
  );
  await page.getByLabel('Kieli – Språk – Language').selectOption('fi');

  // Ending the chat asks first. Nobody took it from the queue, so no rating is asked
  // (an answered chat is rated: chat-console.spec.ts).
  await page.getByRole('button', { name: 'Lopeta chat' }).click();
  await expect(page.getByRole('button', { name: 'Kyllä, lopeta' })).toBeFocused();
  await page.getByRole('button', { name: 'Kyllä, lopeta' }).click();
  await expect(panel(page)).toContainText('Keskustelu on päättynyt.');
  await expect(page.getByRole('list', { name: 'Viestit' })).toContainText('Lopetit keskustelun.');
  await expect(page.getByRole('group', { name: 'Miten hyödyllinen keskustelu oli?' })).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Aloita uusi chat' }).click();
  await expect(page.getByLabel('Kysymyksesi (vapaaehtoinen)')).toBeFocused();

  await setPresence('offline');
});

test('a guide and a programme the counsellor sends as cards are links in the visitor’s chat', async ({
  page,
  baseURL,
}) => {
  await setPresence('available');
  await page.goto(memberUrl);
  await launcher(page).click();
  await page.getByLabel('Aihe').selectOption({ label: 'Oppisopimus' });
  await page.getByRole('button', { name: 'Aloita chat' }).click();
  await expect(panel(page)).toContainText('Odotat vuoroa.');
  // The chat the widget keeps for this service; the counsellor takes it and sends a guide and
  // a programme the suggestions name.
  const conversationId = await storedConversationId(page, baseURL!);
  const conversation = `/api/v1/inbox/conversations/${conversationId}`;
  expect((await counsellor.post(`${conversation}/accept`, { data: {} })).ok()).toBe(true);
  const found = (await (await counsellor.get('/api/v1/suggestions?q=kokki&lang=fi&limit=5')).json()) as {
    results: { type: string; id: string; title: string }[];
  };
  const programme = found.results.find((r) => r.type === 'program');
  expect(programme, 'a programme for a cook in the demo catalogue').toBeTruthy();
  for (const card of [
    { type: 'article', id: 'oppisopimus' },
    { type: 'program', id: programme!.id },
  ]) {
    const sent = await counsellor.post(`${conversation}/messages`, {
      data: { clientMsgId: `card-${card.type}-${Date.now()}`, body: '', kind: 'message', card },
    });
    expect(sent.ok(), await sent.text()).toBe(true);
  }

  const cards = page
    .getByRole('list', { name: 'Viestit' })
    .getByRole('link', { name: /avautuu uuteen välilehteen/ });
  await expect(cards).toHaveCount(2);
  await expect(cards.first()).toHaveAttribute('href', new RegExp(`^${baseURL}/fi/ohjeet/`));
  await expect(cards.first()).toHaveAttribute('target', '_blank');
  await expectNoAxeViolations(page);
  // The visitor opens the programme: its page on the service, in a new tab.
  const opened = page.waitForEvent('popup');
  await cards.nth(1).click();
  const tab = await opened;
  await expect(tab).toHaveURL(`${baseURL}/fi/koulutukset/${programme!.id}`);
  await expect(tab.getByRole('heading', { level: 1 })).toHaveText(programme!.title);
  await tab.close();
  const closed = await counsellor.post(`${conversation}/close`, {
    data: { topic: 'apprenticeship', outcome: 'answered' },
  });
  expect(closed.ok(), await closed.text()).toBe(true);
  await setPresence('offline');
});

test('the visitor tells about themselves after the chat, or skips it in one step while waiting', async ({
  page,
  baseURL,
}) => {
  await setPresence('available');
  await page.goto(memberUrl);
  await launcher(page).click();
  await page.getByLabel('Aihe').selectOption({ label: 'Opintojen rahoitus' });
  await page.getByRole('button', { name: 'Aloita chat' }).click();
  await expect(panel(page)).toContainText('Odotat vuoroa.');
  // While waiting: offered, folded away so that the queue stays in view.
  const offer = panel(page).getByText('Kerro halutessasi itsestäsi', { exact: true });
  const form = page.getByRole('form', { name: 'Kerro halutessasi itsestäsi' });
  await expect(offer).toBeVisible();
  await expect(form).toBeHidden();

  // Not answered while waiting: asked again, unfolded, when the chat has ended.
  const conversationId = await storedConversationId(page, baseURL!);
  const conversation = `/api/v1/inbox/conversations/${conversationId}`;
  expect((await counsellor.post(`${conversation}/accept`, { data: {} })).ok()).toBe(true);
  await expect(offer).toBeHidden();
  const closed = await counsellor.post(`${conversation}/close`, {
    data: { topic: 'financing', outcome: 'answered' },
  });
  expect(closed.ok(), await closed.text()).toBe(true);
  await expect(panel(page)).toContainText('Keskustelu on päättynyt.');
  await expect(form).toBeVisible();
  await expect(form).toHaveAccessibleDescription(/Vapaaehtoista ja nimetöntä/);
  await expectNoAxeViolations(page);
  await form.getByLabel('Ikä').selectOption({ label: '25–34 vuotta' });
  await form.getByLabel('Tilanne').selectOption({ label: 'Olen työtön tai lomautettu' });
  await form.getByLabel('Kotikunta').selectOption({ label: 'Pudasjärvi' });
  await form.getByRole('button', { name: 'Tallenna' }).click();
  const thanks = panel(page).getByRole('status').filter({ hasText: 'Kiitos vastauksestasi!' });
  await expect(thanks).toBeFocused();
  const read = await counsellor.get(conversation);
  expect((await read.json()).context.about).toEqual({
    ageBand: '25_34',
    situation: 'unemployed',
    municipality: '615',
    municipalityName: 'Pudasjärvi',
    regionClass: 'rural',
  });

  // A new chat: skipped while waiting, in one step, and not asked again after it.
  await page.getByRole('button', { name: 'Aloita uusi chat' }).click();
  await page.getByLabel('Aihe').selectOption({ label: 'Muu asia' });
  await page.getByRole('button', { name: 'Aloita chat' }).click();
  await offer.click();
  await form.getByRole('button', { name: 'Ohita' }).click();
  await expect(offer).toBeHidden();
  await expect(page.getByLabel('Viesti', { exact: true })).toBeFocused();
  await page.getByRole('button', { name: 'Lopeta chat' }).click();
  await page.getByRole('button', { name: 'Kyllä, lopeta' }).click();
  await expect(panel(page)).toContainText('Keskustelu on päättynyt.');
  await expect(offer).toBeHidden();
  await setPresence('offline');
});

test('guides that may answer the first question come as it is typed; one that answers ends it, before or while queued', async ({
  page,
  baseURL,
}) => {
  await setPresence('available');
  const queueLength = async () =>
    ((await (await counsellor.get('/api/v1/inbox/queue')).json()) as { items: unknown[] }).items.length;
  const queuedBefore = await queueLength();
  await page.goto(memberUrl);
  await launcher(page).click();
  const question = page.getByLabel('Kysymyksesi (vapaaehtoinen)');
  await expect(question).toBeFocused();
  // A one-letter question brings nothing, and no error.
  await question.fill('o');
  await expect(panel(page).getByRole('status').filter({ hasText: 'osum' })).toHaveCount(0);
  await question.fill('Miten oppisopimus toimii, jos olen jo töissä?');
  const suggestions = page.getByRole('region', { name: 'Nämä voivat vastata kysymykseesi' });
  const guide = suggestions.getByRole('link', { name: /^Oppisopimus.*avautuu uuteen välilehteen/ });
  await expect(guide).toHaveAttribute('href', new RegExp(`^${baseURL}/fi/ohjeet/`));
  await expect(guide).toHaveAttribute('target', '_blank');
  expect(await suggestions.getByRole('listitem').count()).toBeLessThanOrEqual(3);
  await expectNoAxeViolations(page);
  const opened = page.waitForEvent('popup');
  await guide.click();
  await (await opened).close();

  // It answered: thanks, and nothing went to the queue.
  await suggestions.getByRole('button', { name: 'Tämä vastasi kysymykseeni' }).click();
  const thanks = panel(page).getByText('Hienoa, että löysit vastauksen!');
  await expect(thanks).toBeFocused();
  expect(await queueLength()).toBe(queuedBefore);
  await expectNoAxeViolations(page);

  // Asking anyway keeps the question; it becomes the chat's first message, and its guides stay
  // beside the queue.
  await page.getByRole('button', { name: 'Kysy silti ohjaajalta' }).click();
  await expect(question).toHaveValue('Miten oppisopimus toimii, jos olen jo töissä?');
  await page.getByLabel('Aihe').selectOption({ label: 'Oppisopimus' });
  await page.getByRole('button', { name: 'Aloita chat' }).click();
  await expect(panel(page)).toContainText('Odotat vuoroa.');
  await expect(page.getByRole('list', { name: 'Viestit' })).toContainText(
    'Sinä: Miten oppisopimus toimii, jos olen jo töissä?',
  );
  const waiting = page.getByRole('region', { name: 'Nämä voivat vastata kysymykseesi' });
  await expect(waiting.getByRole('link', { name: /^Oppisopimus/ })).toBeVisible();
  await expectNoAxeViolations(page);
  const conversationId = await storedConversationId(page, baseURL!);
  await waiting.getByRole('button', { name: 'Tämä vastasi kysymykseeni' }).click();
  await expect(panel(page).getByText('Poistuit jonosta.')).toBeFocused();
  const left = await admin.get(`/api/v1/inbox/conversations/${conversationId}`);
  expect(left.status(), await left.text()).toBe(200);
  expect(((await left.json()) as { conversation: { status: string } }).conversation.status).toBe('closed');
  expect(await queueLength()).toBe(queuedBefore);
  await setPresence('offline');
});

test('with nobody available the visitor asks for a call back and gets a confirmation', async ({
  page,
}, testInfo) => {
  await setPresence('offline');
  expect(await chatStatus(), 'no counsellor may be available for this journey').toMatchObject({
    open: true,
    available: false,
  });
  await page.goto(memberUrl);
  await launcher(page).click();
  await expect(panel(page)).toContainText('Kaikki ohjaajat ovat juuri nyt varattuja.');
  // A booked time is offered too, on the service's booking page.
  await expect(
    panel(page).getByRole('link', { name: /^Varaa puhelin-, video- tai tapaamisaika/ }),
  ).toHaveAttribute('href', `${testInfo.project.use.baseURL}/fi/varaa-aika`);
  // The guides can be searched beside the ways to be contacted.
  await panel(page).getByLabel('Hae ohjeista').fill('oppisopimus');
  await expect(
    page
      .getByRole('region', { name: 'Nämä voivat vastata kysymykseesi' })
      .getByRole('link', { name: /^Oppisopimus/ }),
  ).toHaveAttribute('target', '_blank');
  await page.getByRole('button', { name: 'Pyydä soittoa' }).click();
  const form = page.getByRole('form', { name: 'Pyydä soittoa' });
  await expect(form.getByLabel('Aihe')).toBeFocused();

  await form.getByRole('button', { name: 'Lähetä soittopyyntö' }).click();
  await expect(form.getByLabel('Puhelinnumero')).toHaveAccessibleDescription('Täytä tämä kenttä.');
  await expect(form.getByRole('checkbox')).toHaveAccessibleDescription(
    'Tarvitsemme suostumuksesi, jotta voimme ottaa sinuun yhteyttä.',
  );
  await expectNoAxeViolations(page);

  const tomorrow = new Date(Date.now() + 86_400_000);
  const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
  await form.getByLabel('Aihe').selectOption({ label: 'Opintojen rahoitus' });
  await form.getByLabel('Puhelinnumero').fill('040 123 4567');
  await form.getByLabel('Päivä').fill(day);
  await form.getByLabel('Kello alkaen').fill('10:00');
  await form.getByLabel('Kello viimeistään').fill('12:00');
  const email = `soitto-${Date.now()}@example.net`;
  await form.getByLabel('Sähköposti vahvistusta varten (vapaaehtoinen)').fill(email);
  // "About you", folded and optional here too.
  await form.getByText('Kerro halutessasi itsestäsi', { exact: true }).click();
  await form.getByLabel('Kotikunta').selectOption({ label: 'Taivalkoski' });
  await form.getByRole('checkbox').check();
  await form.getByRole('button', { name: 'Lähetä soittopyyntö' }).click();
  const confirmation = panel(page).getByText('Kiitos! Soittopyyntösi on vastaanotettu.');
  await expect(confirmation).toBeVisible();
  await expect(confirmation).toBeFocused();
  // The address given gets a confirmation with the number and the time.
  const log = await admin.get('/api/v1/dev-mailbox');
  const mail = (await log.json()).items.find((m: { to: string }) => m.to === email);
  expect(mail).toMatchObject({ kind: 'callback_confirmation' });
  expect(mail.text).toContain('+358401234567');
  expect(mail.text).toContain('klo 10.00–12.00');
  const found = (await (
    await admin.get(`/api/v1/inbox/conversations?q=${encodeURIComponent(email)}`)
  ).json()) as { items: { id: string }[] };
  expect(found.items).toHaveLength(1);
  const stored = await (await admin.get(`/api/v1/inbox/conversations/${found.items[0]!.id}`)).json();
  expect(stored.context.about).toMatchObject({ municipality: '832', regionClass: 'rural' });
});

test('when the chat is closed the widget shows the hours and takes a message', async ({ page }) => {
  await setHours([]);
  try {
    await page.goto(memberUrl);
    await launcher(page).click();
    await expect(panel(page)).toContainText('Chat on nyt suljettu.');
    await expect(panel(page)).toContainText('Chat ei ole tänään auki.');
    await page.getByRole('button', { name: 'Jätä viesti' }).click();
    const form = page.getByRole('form', { name: 'Jätä viesti' });
    await expect(form.getByLabel('Aihe')).toBeFocused();
    await form.getByLabel('Aihe').selectOption({ label: 'Koulutukseen hakeminen' });
    await form.getByLabel('Sähköposti').fill('ei-osoite');
    await form.getByLabel('Viesti', { exact: true }).fill('Milloin seuraava haku alkaa?');
    await form.getByRole('checkbox').check();
    await form.getByRole('button', { name: 'Lähetä viesti' }).click();
    await expect(form.getByLabel('Sähköposti')).toHaveAccessibleDescription(
      'Kirjoita sähköpostiosoite muodossa nimi@esimerkki.fi.',
    );
    await expectNoAxeViolations(page);

    await form.getByLabel('Sähköposti').fill('testi@example.fi');
    await form.getByRole('button', { name: 'Lähetä viesti' }).click();
    await expect(panel(page).getByText('Kiitos! Viestisi on lähetetty.')).toBeFocused();
    await expectNoAxeViolations(page);
  } finally {
    await setHours(allDay);
  }
});

test('a site that is not on the provider’s allow-list is refused', async ({ page }) => {
  const refusedOrigin = new URL(refusedUrl).origin;
  const direct = await admin.get(`/api/v1/chat/status?provider=${PROVIDER}`, {
    headers: { origin: refusedOrigin },
  });
  expect(direct.status()).toBe(403);
  expect((await direct.json()).error.code).toBe('chat.origin_not_allowed');

  // The refusal is readable by the refused site, so the widget says why.
  const refused = page.waitForResponse((response) => response.url().includes('/api/v1/chat/status'));
  await page.goto(refusedUrl);
  await launcher(page).click();
  expect((await refused).status()).toBe(403);
  await expect(panel(page).getByRole('alert')).toHaveText('Chat ei ole käytettävissä tällä sivustolla.');
  await expect(panel(page).getByLabel('Aihe')).toHaveCount(0);
});

test('a stored conversation the server does not know is forgotten', async ({ page, baseURL }) => {
  const key = `opintori-chat:${new URL(baseURL ?? '').origin}`;
  const stale = { conversationId: '00000000-0000-4000-8000-000000000000', secret: 'x'.repeat(43) };
  await page.addInitScript(
    ([storageKey, conversation]) => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem(storageKey, JSON.stringify({ conversation, isOpen: true }));
        sessionStorage.setItem('seeded', '1');
      }
    },
    [key, stale] as const,
  );
  await page.goto(memberUrl);
  // Nobody is available after the journeys above: the offline choices replace the dead chat.
  await expect(page.getByRole('button', { name: 'Jätä viesti' })).toBeVisible();
  await expect
    .poll(() => page.evaluate((storageKey) => localStorage.getItem(storageKey), key))
    .not.toContain(stale.conversationId);
});

test('a page loads only the launcher; the chat comes when wanted, and a failed load says so', async ({
  page,
}) => {
  await setPresence('offline');
  const chatRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/widget-chat.js')) chatRequests.push(request.url());
  });
  await page.goto(memberUrl);
  await expect(launcher(page)).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(chatRequests, 'the chat is not loaded before anyone wants it').toEqual([]);

  // A failed load is said next to the launcher, which stays as it was for another try.
  await page.route('**/widget-chat.js', (route) => route.abort());
  await launcher(page).click();
  const failed = 'Chatin lataaminen epäonnistui. Yritä uudelleen painamalla painiketta.';
  await expect(page.getByRole('alert')).toHaveText(failed);
  await expect(launcher(page)).toHaveAccessibleDescription(failed);
  await expect(launcher(page)).toBeFocused();
  await expect(launcher(page)).not.toHaveAttribute('aria-busy', 'true');
  await expect(panel(page)).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Another press tries again: busy while loading, then the panel opens with focus inside.
  await page.unroute('**/widget-chat.js');
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/widget-chat.js', async (route) => {
    await held;
    await route.continue();
  });
  await page.keyboard.press('Enter');
  await expect(launcher(page)).toHaveAttribute('aria-busy', 'true');
  await expect(page.getByRole('alert')).toHaveCount(0);
  release();
  // Nobody is available: the offline choices come first.
  await expect(page.getByRole('button', { name: 'Jätä viesti' })).toBeFocused();
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'true');
  await expect(launcher(page)).not.toHaveAttribute('aria-busy', 'true');
  await expect(launcher(page)).not.toHaveAttribute('aria-describedby');
  await page.keyboard.press('Escape');
  await expect(launcher(page)).toBeFocused();
});

test('pointing at the launcher fetches the chat ahead of the press', async ({ page }) => {
  await page.goto(memberUrl);
  const fetched = page.waitForRequest(/\/widget-chat\.js/);
  await launcher(page).hover();
  await fetched;
  // Handed over to the chat: the launcher now controls its panel.
  await expect(launcher(page)).toHaveAttribute('aria-controls', 'panel');
  await launcher(page).click();
  await expect(panel(page)).toBeVisible();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('the open widget fills the screen and closes back to the launcher', async ({ page }) => {
    await page.goto(memberUrl);
    await launcher(page).click();
    // Nobody is available after the journeys above: the offline choices come first.
    await expect(page.getByRole('button', { name: 'Jätä viesti' })).toBeFocused();
    expect(await panel(page).boundingBox()).toEqual({ x: 0, y: 0, width: 375, height: 740 });
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Sulje chat-ikkuna' }).click();
    await expect(panel(page)).toBeHidden();
    await expect(launcher(page)).toBeFocused();
  });
});
