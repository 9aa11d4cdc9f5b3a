import { type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { followConsoleMenu, signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * The unified inbox: contacts of every channel in one list, one contact's page with its thread
 * and actions, the call-back queue, closing several at once, and the outgoing mail log.
 * Contacts are left through the public API, as the service's forms and the widget leave them.
 */

/** A Helsinki calendar day `days` from today, as the date inputs take it. */
function helsinkiDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

async function leaveContactRequest(request: APIRequestContext, data: Record<string, unknown>): Promise<void> {
  const response = await request.post('/api/v1/contact-requests', {
    data: { lang: 'fi', consent: true, ...data },
  });
  expect(response.status(), await response.text()).toBe(201);
}

async function leaveCallback(request: APIRequestContext, data: Record<string, unknown>): Promise<void> {
  const response = await request.post('/api/v1/contact/callbacks', {
    data: { lang: 'fi', topic: 'financing', consent: true, ...data },
  });
  expect(response.status(), await response.text()).toBe(201);
}

async function leaveMessage(request: APIRequestContext, data: Record<string, unknown>): Promise<void> {
  const response = await request.post('/api/v1/contact/messages', {
    data: { lang: 'fi', topic: 'applying', consent: true, ...data },
  });
  expect(response.status(), await response.text()).toBe(201);
}

const resultRows = (page: Page): Locator => page.getByRole('row').filter({ has: page.getByRole('cell') });
const statusOf = (page: Page): Locator => page.getByRole('main').getByRole('status');

async function openInbox(page: Page): Promise<void> {
  await followConsoleMenu(page, 'Työ', 'Yhteydenotot');
  await expect(page).toHaveURL('/console/inbox');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Saapuneet');
}

test('a counsellor filters the inbox, takes on a web-form contact request, notes it and closes it', async ({
  page,
}) => {
  const suffix = uniqueSuffix();
  const name = `Saara ${suffix}`;
  const email = `saara-${suffix}@example.fi`;
  const message = `Voiko lähihoitajaksi opiskella työn ohessa? (${suffix})`;
  await leaveContactRequest(page.request, {
    name,
    email,
    message,
    answers: { situation: 'working' },
    source: 'finder',
  });

  await signIn(page, demo.counsellor.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console$/);
  await openInbox(page);
  const tabs = page.getByRole('navigation', { name: 'Kanavat' });
  await expect(tabs.getByRole('link', { name: 'Kaikki' })).toHaveAttribute('aria-current', 'page');
  await expect(resultRows(page).filter({ hasText: name })).toHaveCount(1);
  await expectNoAxeViolations(page);

  // Web forms only, searched by the client's name.
  await page.getByLabel('Kanava', { exact: true }).selectOption({ label: 'Verkkolomake' });
  await page.getByLabel('Haku', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Näytä', exact: true }).click();
  await expect(page).toHaveURL(/[?&]channel=web_form(&|$)/);
  await expect(tabs.getByRole('link', { name: 'Verkkolomakkeet' })).toHaveAttribute('aria-current', 'page');
  const row = resultRows(page);
  await expect(row).toHaveCount(1);
  const cells = row.getByRole('cell');
  await expect(cells.nth(1)).toHaveText('Verkkolomake');
  await expect(cells.nth(2)).toContainText(message);
  await expect(cells.nth(3)).toContainText(name);
  await expect(cells.nth(4)).toHaveText('Yhteinen jono');
  await expect(cells.nth(5)).toHaveText('Ei käsittelijää');
  await expect(cells.nth(6)).toHaveText('Jonossa');
  await expect(cells.nth(7)).toContainText('Ei vastattu');
  await expect(cells.nth(7)).toContainText(/Odottanut \d+ (s|min)/);
  await expectNoAxeViolations(page);

  await row.getByRole('link', { name: 'Koulutuksen valinta' }).click();
  await expect(page).toHaveURL(/\/console\/inbox\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Koulutuksen valinta');
  const details = page.getByRole('complementary', { name: 'Tiedot' });
  await expect(details.getByRole('link', { name: email })).toHaveAttribute('href', `mailto:${email}`);
  await expect(page.getByRole('region', { name: 'Yhteydenottopyyntö' }).getByRole('listitem')).toHaveText([
    'Mikä on tämänhetkinen tilanteesi?: Olen töissä',
  ]);
  const thread = page.getByRole('region', { name: 'Viestit' });
  await expect(thread.getByText(message)).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Ota hoitoon' }).click();
  await expect(statusOf(page)).toHaveText('Otit yhteydenoton hoitoosi.');
  await expect(details.getByRole('definition').filter({ hasText: demo.counsellor.name })).toHaveCount(1);
  await expect(thread.getByText(`${demo.counsellor.name} otti yhteydenoton hoitoon.`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ota hoitoon' })).toHaveCount(0);

  await page
    .getByLabel('Muistiinpano', { exact: true })
    .fill('Soitan huomenna, kun lukujärjestys on selvillä.');
  await page.getByRole('button', { name: 'Tallenna muistiinpano' }).click();
  await expect(statusOf(page)).toHaveText('Muistiinpano tallennettu.');
  await expect(
    thread.getByRole('listitem').filter({ hasText: 'Sisäinen muistiinpano – ei näy asiakkaalle' }),
  ).toContainText('Soitan huomenna, kun lukujärjestys on selvillä.');

  await expect(page.getByLabel('Aihe', { exact: true })).toHaveValue('programme_choice');
  await page.getByLabel('Lopputulos', { exact: true }).selectOption({ label: 'Ohjattiin oppilaitokseen' });
  await page.getByRole('button', { name: 'Sulje yhteydenotto' }).click();
  await expect(statusOf(page)).toHaveText('Yhteydenotto suljettu.');
  await expect(details.getByRole('definition').filter({ hasText: 'Ohjattiin oppilaitokseen' })).toHaveCount(
    1,
  );
  await expect(page.getByRole('button', { name: 'Sulje yhteydenotto' })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Gone from the open ones, found among the closed.
  await page.getByRole('link', { name: 'Takaisin saapuneisiin' }).click();
  await page.getByLabel('Haku', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Näytä', exact: true }).click();
  await expect(page.getByText('Ei yhteydenottoja näillä rajauksilla.')).toBeVisible();
  await page.getByLabel('Tila', { exact: true }).selectOption({ label: 'Suljetut' });
  await page.getByRole('button', { name: 'Näytä', exact: true }).click();
  await expect(resultRows(page).getByRole('cell').nth(6)).toHaveText('Suljettu Ohjattiin oppilaitokseen');
});

test('the call-back queue lists requests by time; a counsellor calls, logs no answer, then reaches the client', async ({
  page,
}) => {
  const suffix = uniqueSuffix();
  const tomorrow = helsinkiDay(1);
  await leaveCallback(page.request, {
    name: `Ilta ${suffix}`,
    phone: '040 765 4321',
    window: { date: tomorrow, from: '16:00', to: '18:00' },
  });
  await leaveCallback(page.request, {
    name: `Aamu ${suffix}`,
    phone: '050 123 4567',
    window: { date: tomorrow, from: '09:00', to: '11:00' },
    note: 'Työvuoron jälkeen',
  });

  await signIn(page, demo.counsellor.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console$/);
  await openInbox(page);
  await page
    .getByRole('navigation', { name: 'Kanavat' })
    .getByRole('link', { name: 'Soittopyynnöt' })
    .click();
  await expect(page).toHaveURL('/console/inbox?channel=phone&sort=due');
  await expect(page.getByText('Soittopyynnöt toivotun soittoajan mukaan, aikaisin ensin.')).toBeVisible();
  const ours = resultRows(page).filter({ hasText: suffix });
  await expect(ours).toHaveCount(2);
  await expect(ours.nth(0)).toContainText(`Aamu ${suffix}`);
  await expect(ours.nth(0)).toContainText(/Soitettava \d+\.\d+\. klo 09\.00/);
  await expect(ours.nth(1)).toContainText(`Ilta ${suffix}`);
  await expectNoAxeViolations(page);

  await ours.nth(0).getByRole('link', { name: 'Työvuoron jälkeen' }).click();
  const callback = page.getByRole('region', { name: 'Soittopyyntö' });
  await expect(callback.getByRole('link', { name: 'Soita +358501234567' })).toHaveAttribute(
    'href',
    'tel:+358501234567',
  );
  await expect(callback).toContainText('Ei soittoyrityksiä vielä.');
  await page.getByRole('button', { name: 'Ota hoitoon' }).click();
  await expect(statusOf(page)).toHaveText('Otit yhteydenoton hoitoosi.');

  // No answer needs a new time.
  await callback.getByRole('radio', { name: 'Ei vastannut – soita uudelleen' }).check();
  await callback.getByRole('button', { name: 'Kirjaa tulos' }).click();
  const problems = page.getByRole('alert');
  await expect(problems.getByRole('link')).toHaveText([
    'Uusi soittoaika: Anna uusi soittoaika: päivä ja kellonaika.',
  ]);
  await expect(callback.getByLabel('Päivä')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);

  await callback.getByRole('radio', { name: 'Ei vastannut – soita uudelleen' }).check();
  await callback.getByLabel('Päivä').fill(helsinkiDay(2));
  await callback.getByLabel('Kellonaika').fill('10:30');
  await callback.getByLabel('Muistiinpano (vapaaehtoinen)').fill('Vastaaja, jätin viestin.');
  await callback.getByRole('button', { name: 'Kirjaa tulos' }).click();
  await expect(statusOf(page)).toHaveText('Soiton tulos kirjattu.');
  const attempts = callback.getByRole('table', { name: 'Aiemmat soittoyritykset' });
  await expect(attempts.getByRole('row').filter({ has: page.getByRole('cell') })).toHaveCount(1);
  await expect(attempts.getByRole('cell').nth(1)).toHaveText('Ei vastannut – soita uudelleen');
  await expect(attempts.getByRole('cell').nth(3)).toHaveText(/klo 10\.30$/);
  await expect(attempts.getByRole('cell').nth(4)).toHaveText('Vastaaja, jätin viestin.');
  await expect(page.getByRole('region', { name: 'Viestit' })).toContainText(
    /Soitto: Ei vastannut – soita uudelleen\. Uusi yritys .+ klo 10\.30\./,
  );

  await callback.getByRole('radio', { name: 'Tavoitettu' }).check();
  await callback.getByRole('button', { name: 'Kirjaa tulos' }).click();
  await expect(statusOf(page)).toHaveText('Soiton tulos kirjattu.');
  await expect(page.getByRole('main').getByText('Suljettu', { exact: true }).first()).toBeVisible();
  await expect(callback.getByRole('button', { name: 'Kirjaa tulos' })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a counsellor closes several contacts at once and the list keeps its filters', async ({ page }) => {
    const suffix = uniqueSuffix();
    for (const topic of ['Ensimmäinen', 'Toinen']) {
      await leaveMessage(page.request, {
        name: `${topic} ${suffix}`,
        email: `monta-${suffix}@example.fi`,
        message: `${topic} kysymys haun ajasta (${suffix})`,
      });
    }
    await signIn(page, demo.counsellor.email, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/console$/);
    await page.goto(`/console/inbox?channel=email&q=${suffix}`);
    const rows = resultRows(page);
    await expect(rows).toHaveCount(2);
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    const bulk = page.getByRole('region', { name: 'Sulje valitut' });
    await bulk.getByLabel('Lopputulos').selectOption({ label: 'Vastausta ei tarvittu' });
    await bulk.getByRole('button', { name: 'Sulje valitut' }).click();

    await expect(statusOf(page)).toContainText('Suljettu 2. Ei voitu sulkea 0.');
    expect(new URL(page.url()).searchParams.get('q')).toBe(suffix);
    await expect(page.getByText('Ei yhteydenottoja näillä rajauksilla.')).toBeVisible();
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
  });
});

test.describe('with the admin at hand', () => {
  test.use({ asAdmin: true });

  test('an emailed question is answered and the reply is in the outgoing mail log', async ({ page }) => {
    const suffix = uniqueSuffix();
    const address = `kysyja-${suffix}@example.fi`;
    const question = `Milloin oppisopimukseen voi hakea? (${suffix})`;
    await leaveMessage(page.request, { name: `Kysyjä ${suffix}`, email: address, message: question });

    await page.goto('/console');
    await openInbox(page);
    await expect(page.getByLabel('Oppilaitos')).toBeVisible();
    await page.getByLabel('Haku', { exact: true }).fill(suffix);
    await page.getByRole('button', { name: 'Näytä', exact: true }).click();
    await resultRows(page).getByRole('link', { name: question }).click();

    await page.getByRole('button', { name: 'Ota hoitoon' }).click();
    await expect(statusOf(page)).toHaveText('Otit yhteydenoton hoitoosi.');
    const reply = page.getByLabel('Vastaus', { exact: true });
    await expect(reply).toHaveAccessibleDescription(`Lähtee sähköpostina osoitteeseen ${address}.`);
    await reply.fill(`Hei!\nOppisopimukseen voi hakea koska tahansa. (${suffix})`);
    await page.getByRole('button', { name: 'Lähetä vastaus' }).click();
    await expect(statusOf(page)).toHaveText('Vastaus tallennettu. Se lähtee asiakkaalle sähköpostina.');
    const mine = page
      .getByRole('region', { name: 'Viestit' })
      .getByRole('listitem')
      .filter({ hasText: 'Oppisopimukseen voi hakea koska tahansa.' });
    await expect(mine).toContainText('Sinä');
    await expect(mine).toContainText(/Sähköposti: (jonossa|lähetetty|tallennettu, ei lähetetty)/);
    const sent = page.getByRole('region', { name: 'Lähetetyt sähköpostit' });
    await expect(sent.getByRole('listitem').filter({ hasText: 'Vastaus asiakkaalle' })).toContainText(
      address,
    );
    await expectNoAxeViolations(page);

    // The access log: who has opened the conversation — the admin, just now.
    await page.getByRole('link', { name: 'Kuka on avannut keskustelun (käyttöloki)' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Keskustelun käyttöloki');
    const opened = page.getByRole('row').filter({ hasText: 'conversation.read' });
    await expect(opened.first()).toContainText(demo.admin.name);
    await expectNoAxeViolations(page);

    await followConsoleMenu(page, 'Ylläpito', 'Lähtevä posti');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lähtevä posti');
    // The journeys' server has a relay address (playwright.config.ts).
    await expect(page.getByText(/^Sähköpostit lähtevät välityspalvelimen kautta/)).toBeVisible();
    const log = page.getByRole('article').filter({ hasText: `(${suffix})` });
    const replyMail = log.filter({ hasText: 'Vastaus asiakkaalle' });
    await expect(replyMail.getByRole('heading', { level: 2 })).toHaveText(/^Re: /);
    await expect(replyMail.locator('pre')).toContainText('Oppisopimukseen voi hakea koska tahansa.');
    await expect(replyMail.locator('dd').first()).toHaveText(address);
    const frame = replyMail.locator('iframe');
    await expect(frame).toHaveAttribute('sandbox', '');
    await expect(frame).toHaveAttribute('title', /^HTML-versio: Re: /);
    await expect(log.filter({ hasText: 'Vahvistus yhteydenotosta' })).toHaveCount(1);
    await expectNoAxeViolations(page);
  });
});
