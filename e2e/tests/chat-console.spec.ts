import { type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, providers, uniqueSuffix } from './support/accounts.js';
import { followConsoleMenu, signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * The counsellor's side of a chat, from the first message to the rating: the admin opens chat
 * for the whole day in the console, a visitor starts a chat from the widget on the service's
 * own pages, one counsellor accepts it and hands it to a colleague, who closes it.
 */

test.use({ asAdmin: true });

let api: APIRequestContext;
let savedHours: unknown;

test.beforeAll(async ({ playwright, adminState }, testInfo) => {
  api = await playwright.request.newContext({
    baseURL: testInfo.project.use.baseURL,
    storageState: adminState,
  });
  savedHours = await (await api.get('/api/v1/chat/opening-hours')).json();
});

test.afterAll(async ({ playwright }, testInfo) => {
  // The demo counsellors go offline again and the hours are put back for the other journeys.
  for (const person of [demo.counsellor, demo.otherCounsellor, demo.foreignCounsellor]) {
    const context = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
    await context.post('/api/v1/auth/login', { data: { email: person.email, password: DEMO_PASSWORD } });
    await context.put('/api/v1/inbox/presence', { data: { status: 'offline', maxChats: 3 } });
    await context.dispose();
  }
  if (savedHours) await api.put('/api/v1/chat/opening-hours', { data: savedHours });
  await api.dispose();
});

/** From any console page, opens the chat console through the menu and sets the counsellor available. */
async function openConsoleAsAvailable(page: Page): Promise<void> {
  await followConsoleMenu(page, 'Työ', 'Chat');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chat');
  await expect(page.getByText('Yhteys: Yhteys kunnossa')).toBeVisible();
  await page.getByRole('radio', { name: 'Paikalla', exact: true }).check();
  await page.getByRole('button', { name: 'Tallenna tila' }).click();
  await expect(page.getByRole('heading', { name: 'Oma tilasi: Paikalla' })).toBeVisible();
}

const chatPane = (page: Page, name: string): Locator =>
  page.getByRole('region', { name: new RegExp(`^${name}`) }).filter({ has: page.getByRole('textbox') });

const visitorLog = (page: Page) => page.getByRole('list', { name: 'Viestit' });

test('a visitor’s chat is accepted, answered, transferred, closed and rated', async ({
  page,
  newPageInFreshContext,
}) => {
  test.setTimeout(120_000);
  const firstName = `Testi${uniqueSuffix()}`;

  // The admin opens chat for the whole day, every day.
  await page.goto('/console/chat/settings');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chatin asetukset');
  for (const day of [
    'maanantai',
    'tiistai',
    'keskiviikko',
    'torstai',
    'perjantai',
    'lauantai',
    'sunnuntai',
  ]) {
    await page.getByLabel(`${day}: Avautuu`).first().fill('00:00');
    await page.getByLabel(`${day}: Sulkeutuu`).first().fill('24:00');
  }
  await page.getByLabel('Poikkeukset').fill('');
  await page.getByRole('button', { name: 'Tallenna aukioloajat' }).click();
  await expect(page.getByRole('status')).toHaveText('Aukioloajat tallennettu.');
  await expect(page.getByLabel('sunnuntai: Sulkeutuu').first()).toHaveValue('24:00');
  await expectNoAxeViolations(page);

  // A counsellor with apprenticeship expertise writes a canned response and becomes available.
  const mikko = await newPageInFreshContext();
  await signIn(mikko, demo.counsellor.email, DEMO_PASSWORD);
  await mikko.goto('/console/chat/canned');
  const cannedTitle = `Oppisopimus ${uniqueSuffix()}`;
  await mikko.getByLabel('Otsikko', { exact: true }).fill(cannedTitle);
  await mikko.getByLabel('Kieli', { exact: true }).selectOption({ label: 'suomi' });
  await mikko.getByLabel('Teksti', { exact: true }).fill('Lue lisää oppisopimuksesta ohjeistamme.');
  await mikko.getByRole('button', { name: 'Lisää vastaus' }).click();
  await expect(mikko.getByRole('status')).toHaveText('Valmis vastaus lisätty.');
  await expect(mikko.getByRole('heading', { name: `${cannedTitle} (suomi)` })).toBeVisible();
  await expectNoAxeViolations(mikko);
  await openConsoleAsAvailable(mikko);

  // The visitor starts a chat from the widget on the service's own front page.
  const visitor = await newPageInFreshContext();
  await visitor.goto('/fi');
  await visitor.getByRole('button', { name: 'Kysy ohjaajalta' }).click();
  await visitor.getByLabel('Aihe').selectOption({ label: 'Oppisopimus' });
  await visitor.getByLabel('Etunimi (vapaaehtoinen)').fill(firstName);
  await visitor.getByRole('button', { name: 'Aloita chat' }).click();
  await expect(visitor.getByRole('dialog', { name: 'Kysy ohjaajalta' })).toContainText('Odotat vuoroa.');
  const visitorBox = visitor.getByLabel('Viesti', { exact: true });
  await visitorBox.fill('Hei! Voiko kokiksi opiskella oppisopimuksella?');
  await visitorBox.press('Enter');

  // The counsellor sees the chat in the queue and accepts it.
  const queue = mikko.getByRole('region', { name: /^Jono/ });
  const item = queue.getByRole('listitem').filter({ hasText: firstName });
  await expect(item).toContainText('Oppisopimus');
  await expect(item).toContainText('suomi');
  await item.getByRole('button', { name: 'Ota vastaan' }).click();
  const pane = chatPane(mikko, firstName);
  await expect(pane.getByRole('list', { name: `Viestit: ${firstName}` })).toContainText(
    'Hei! Voiko kokiksi opiskella oppisopimuksella?',
  );
  await expect(item).toHaveCount(0);

  // Messages both ways: Enter sends; the visitor's reply arrives live.
  const composer = pane.getByLabel('Viesti asiakkaalle');
  await composer.fill('Hei! Voi, kokin ammattitutkinnon voi suorittaa oppisopimuksella.');
  await composer.press('Enter');
  await expect(composer).toHaveValue('');
  await expect(visitorLog(visitor)).toContainText('kokin ammattitutkinnon voi suorittaa oppisopimuksella');

  // A canned response in the chat's language goes into the message box.
  await pane.getByLabel('Valmis vastaus').selectOption({ label: cannedTitle });
  await pane.getByRole('button', { name: 'Lisää tekstiin' }).click();
  await expect(composer).toBeFocused();
  await expect(composer).toHaveValue('Lue lisää oppisopimuksesta ohjeistamme.');
  await composer.press('Enter');
  await expect(visitorLog(visitor)).toContainText('Lue lisää oppisopimuksesta ohjeistamme.');

  await visitorBox.fill('Kiitos! Mistä löydän työpaikan?');
  await visitorBox.press('Enter');
  await expect(pane.getByRole('list', { name: `Viestit: ${firstName}` })).toContainText(
    'Kiitos! Mistä löydän työpaikan?',
  );

  // A note for colleagues stays in the console.
  await pane.getByRole('checkbox', { name: 'Sisäinen muistiinpano' }).check();
  const noteBox = pane.getByLabel('Sisäinen muistiinpano (ei näy asiakkaalle)');
  await noteBox.fill('Kysyy työpaikkaa, ohjaa rekrytointipalveluun.');
  await noteBox.press('Enter');
  const note = pane.getByRole('listitem').filter({ hasText: 'Kysyy työpaikkaa' });
  await expect(note).toContainText('Sisäinen muistiinpano – ei näy asiakkaalle');
  await pane.getByRole('checkbox', { name: 'Sisäinen muistiinpano' }).uncheck();
  await expectNoAxeViolations(mikko);

  // On a narrow screen the chats are tabs.
  const wide = mikko.viewportSize();
  await mikko.setViewportSize({ width: 700, height: 900 });
  await expect(mikko.getByRole('tab', { name: firstName })).toHaveAttribute('aria-selected', 'true');
  await expect(
    mikko.getByRole('tabpanel', { name: firstName }).getByLabel('Viesti asiakkaalle'),
  ).toBeVisible();
  await expectNoAxeViolations(mikko);
  if (wide) await mikko.setViewportSize(wide);

  // The visitor reloads mid-conversation and sees the whole history, without the note.
  await visitor.reload();
  await expect(visitor.getByRole('dialog', { name: 'Kysy ohjaajalta' })).toBeVisible();
  await expect(visitorLog(visitor)).toContainText('Hei! Voiko kokiksi opiskella oppisopimuksella?');
  await expect(visitorLog(visitor)).toContainText('kokin ammattitutkinnon voi suorittaa oppisopimuksella');
  await expect(visitorLog(visitor)).toContainText('Kiitos! Mistä löydän työpaikan?');
  await expect(visitorLog(visitor)).not.toContainText('Kysyy työpaikkaa');

  // A colleague comes online; the chat is transferred to her with a note.
  const sanna = await newPageInFreshContext();
  await signIn(sanna, demo.otherCounsellor.email, DEMO_PASSWORD);
  await expect(sanna).toHaveURL(/\/console$/);
  await openConsoleAsAvailable(sanna);
  await pane.getByRole('button', { name: 'Siirrä' }).click();
  const transfer = mikko.getByRole('dialog', { name: 'Siirrä chat' });
  await expect(transfer.getByRole('radio', { name: 'Kollegalle' })).toBeFocused();
  // Colleagues are listed with their provider and whether they are online.
  await transfer
    .getByLabel('Kollega', { exact: true })
    .selectOption({ label: `${demo.otherCounsellor.name}, ${providers.pohjoisrannikko} – Paikalla` });
  await transfer.getByLabel('Viesti vastaanottajalle').fill('Työpaikkakysymys, jatkatko?');
  await expectNoAxeViolations(mikko);
  await transfer.getByRole('button', { name: 'Siirrä chat' }).click();
  await expect(transfer).toBeHidden();
  await expect(chatPane(mikko, firstName)).toHaveCount(0);
  await expect(mikko.getByRole('region', { name: 'Keskustelut' }).getByRole('status')).toHaveText(
    'Chat siirretty.',
  );

  const sannaPane = chatPane(sanna, firstName);
  const sannaLog = sannaPane.getByRole('list', { name: `Viestit: ${firstName}` });
  await expect(sannaLog).toContainText('Kiitos! Mistä löydän työpaikan?');
  await expect(sannaLog).toContainText('Työpaikkakysymys, jatkatko?');
  await expect(sannaLog).toContainText('Chat siirrettiin: Sanna.');
  await sannaPane.getByLabel('Viesti asiakkaalle').fill('Hei, olen Sanna. Katsotaan työpaikkoja yhdessä.');
  await sannaPane.getByLabel('Viesti asiakkaalle').press('Enter');
  await expect(visitorLog(visitor)).toContainText('Katsotaan työpaikkoja yhdessä.');

  // She closes it with a topic and an outcome.
  await sannaPane.getByRole('button', { name: 'Päätä' }).click();
  const close = sanna.getByRole('dialog', { name: 'Päätä chat' });
  await expect(close.getByLabel('Aihe')).toHaveValue('apprenticeship');
  await close.getByLabel('Lopputulos').selectOption({ label: 'Ohjattiin toiseen palveluun' });
  // What the visitor told about themselves in the talk, folded away in the same step.
  await close.getByText('Asiakkaasta', { exact: true }).click();
  await close.getByLabel('Ikä').selectOption({ label: 'alle 25 vuotta' });
  await expectNoAxeViolations(sanna);
  await close.getByRole('button', { name: 'Päätä chat' }).click();
  await expect(close).toBeHidden();
  await expect(chatPane(sanna, firstName)).toHaveCount(0);
  await expectNoAxeViolations(sanna);
  const closed = await sanna.request.get(
    '/api/v1/inbox/conversations?channel=chat&status=closed&assigned=me',
  );
  const closedChat = (
    (await closed.json()) as { items: { id: string; clientName: string | null }[] }
  ).items.find((item) => item.clientName === firstName);
  const detail = await sanna.request.get(`/api/v1/inbox/conversations/${closedChat!.id}`);
  expect(
    ((await detail.json()) as { context: { about: { ageBand: string | null } } }).context.about,
  ).toMatchObject({ ageBand: 'under_25' });

  // The visitor rates the conversation.
  const rating = visitor.getByRole('group', { name: 'Miten hyödyllinen keskustelu oli?' });
  await expect(rating).toBeVisible();
  await rating.getByLabel('5').check();
  await visitor.getByRole('button', { name: 'Lähetä arvio' }).click();
  await expect(visitor.getByRole('button', { name: 'Aloita uusi chat' })).toBeVisible();
  // The rating can be changed; the chat keeps one.
  await visitor.getByRole('button', { name: 'Muuta arviota' }).click();
  await rating.getByLabel('4').check();
  await visitor.getByRole('button', { name: 'Lähetä arvio' }).click();
  await expect(visitor.getByText('Kiitos palautteesta!')).toBeVisible();
});

test('an Arabic chat: offered in its own name, taken by the counsellor who speaks it, right to left on both sides', async ({
  newPageInFreshContext,
}) => {
  const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));
  const hours = await api.put('/api/v1/chat/opening-hours', { data: { weekly: allDay, exceptions: [] } });
  expect(hours.status(), await hours.text()).toBe(200);
  const firstName = `Amal${uniqueSuffix()}`;

  const leila = await newPageInFreshContext();
  await signIn(leila, demo.foreignCounsellor.email, DEMO_PASSWORD);
  await expect(leila).toHaveURL(/\/console$/);
  // Leila keeps her Arabic answers as canned responses: every language of guidance is offered.
  const arabicAnswer = 'أهلاً! يمكنك التقديم في أي وقت من خلال القبول المستمر.';
  const cannedTitle = `Jatkuva haku arabiaksi ${uniqueSuffix()}`;
  await leila.goto('/console/chat/canned');
  await leila.getByLabel('Otsikko', { exact: true }).fill(cannedTitle);
  await leila.getByLabel('Kieli', { exact: true }).selectOption({ label: 'arabia' });
  await leila.getByLabel('Teksti', { exact: true }).fill(arabicAnswer);
  await leila.getByRole('button', { name: 'Lisää vastaus' }).click();
  await expect(leila.getByRole('status')).toHaveText('Valmis vastaus lisätty.');
  await expect(leila.getByRole('heading', { name: `${cannedTitle} (arabia)` })).toBeVisible();
  await expect(leila.getByText(arabicAnswer)).toHaveCSS('direction', 'rtl');
  await openConsoleAsAvailable(leila);

  const visitor = await newPageInFreshContext();
  await visitor.goto('/fi');
  await visitor.getByRole('button', { name: 'Kysy ohjaajalta' }).click();
  const language = visitor.getByLabel('Millä kielellä haluat keskustella?');
  await expect(language.locator('option[value="ar"]')).toHaveText('العربية');
  await expect(language.locator('option[value="ar"]')).toHaveAttribute('lang', 'ar');
  // Nobody who speaks Somali is free: said at once, with a way to book a time.
  await language.selectOption('so');
  await expect(language).toHaveAccessibleDescription(
    /Kukaan tätä kieltä puhuva ohjaaja ei ole juuri nyt vapaana/,
  );
  await expect(
    visitor.getByRole('link', { name: /Varaa puhelin-, video- tai tapaamisaika/ }),
  ).toHaveAttribute('href', /\/fi\/varaa-aika\?language=so$/);
  await language.selectOption('ar');
  await expect(language).not.toHaveAccessibleDescription(/Kukaan/);
  await visitor.getByLabel('Aihe').selectOption({ label: 'Maahan muuttaneiden koulutus' });
  await visitor.getByLabel('Etunimi (vapaaehtoinen)').fill(firstName);
  await visitor.getByRole('button', { name: 'Aloita chat' }).click();
  const visitorBox = visitor.getByLabel('Viesti', { exact: true });
  await visitorBox.fill('مرحبا، أريد أن أدرس في فنلندا');
  await visitorBox.press('Enter');

  const item = leila
    .getByRole('region', { name: /^Jono/ })
    .getByRole('listitem')
    .filter({ hasText: firstName });
  await item.getByRole('button', { name: 'Ota vastaan' }).click();
  const pane = chatPane(leila, firstName);
  const question = pane.getByText('مرحبا، أريد أن أدرس في فنلندا');
  await expect(question).toHaveCSS('direction', 'rtl');
  const composer = pane.getByLabel('Viesti asiakkaalle');
  await pane.getByLabel('Valmis vastaus').selectOption({ label: cannedTitle });
  await pane.getByRole('button', { name: 'Lisää tekstiin' }).click();
  await expect(composer).toHaveValue(arabicAnswer);
  await expect(composer).toHaveCSS('direction', 'rtl');
  await composer.press('Enter');
  const answer = visitorLog(visitor).getByText('أهلاً! يمكنك التقديم');
  await expect(answer).toHaveCSS('direction', 'rtl');
  // The name before it stays where a left-to-right page puts it.
  await expect(
    visitorLog(visitor).getByRole('listitem').filter({ hasText: 'أهلاً! يمكنك التقديم' }),
  ).toHaveCSS('direction', 'ltr');
  await expectNoAxeViolations(leila);
  await expectNoAxeViolations(visitor);

  const stored = await visitor.evaluate(() =>
    Object.entries(localStorage).find(([key]) => key.startsWith('opintori-chat:')),
  );
  const conversationId = (JSON.parse(stored?.[1] ?? '{}') as { conversation?: { conversationId: string } })
    .conversation?.conversationId;
  const closed = await leila.request.post(`/api/v1/inbox/conversations/${conversationId}/close`, {
    data: { topic: 'immigrants', outcome: 'answered' },
  });
  expect(closed.ok(), await closed.text()).toBe(true);
  // Offline once her console is closed (afterAll too), so that no later journey finds her free.
  await leila.close();
});
