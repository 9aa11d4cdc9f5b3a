import { type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, providers, uniqueSuffix } from './support/accounts.js';
import { followConsoleMenu, signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

// Demo programmes (content/programmes): Pohjoisrannikko's in Raahe, one in social and health
// care and two in technology.
const careRaahe = 'Sosiaali- ja terveysalan perustutkinto, oppisopimus, Raahe';
const machineRaahe = 'Kone- ja tuotantotekniikan perustutkinto, Raahe';
const electricRaahe = 'Sähkö- ja automaatioalan perustutkinto, oppisopimus, Raahe';

/** The results: a region named by its count heading, "85 koulutusta". */
const resultsOf = (page: Page) => page.getByRole('region', { name: /^\d+ koulutus(ta)?$/ });
const filtersOf = (page: Page) => page.getByRole('form', { name: 'Rajaa koulutuksia' });
/** The count heading of the results in any of the three languages. */
const resultsHeading = (page: Page) =>
  page.getByRole('heading', {
    level: 2,
    name: /^\d+ (koulutus|koulutusta|utbildning|utbildningar|programmes?)$/,
  });
const cardsOf = (page: Page) => resultsOf(page).getByRole('article');
const card = (scope: Page | Locator, name: string) => scope.getByRole('article', { name, exact: true });

/** The number in the count heading of the results. */
async function resultCount(page: Page): Promise<number> {
  const heading = resultsOf(page).getByRole('heading', { level: 2 });
  await expect(heading).toHaveText(/^\d+ koulutus(ta)?$/);
  return Number((await heading.innerText()).split(' ')[0]);
}

/** The count a facet checkbox shows in its label, "Raahe (7)" → 7. */
async function facetCount(checkbox: Locator): Promise<number> {
  const label =
    (await checkbox.evaluate((input) => (input as HTMLInputElement).labels?.[0]?.textContent)) ?? '';
  const match = /\((\d+)\)\s*$/.exec(label);
  expect(match, `a count in the label "${label}"`).not.toBeNull();
  return Number(match![1]);
}

/** Adds programmes to the shortlist with their cards' buttons on the (Finnish) catalogue page shown. */
async function shortlist(page: Page, names: string[]): Promise<void> {
  for (const [i, name] of names.entries()) {
    await card(page, name)
      .getByRole('button', { name: `Lisää muistilistalle: ${name}` })
      .click();
    // Back at the same address and card, the button now removes it.
    await expect(page).toHaveURL(/#p-[0-9a-f-]{36}$/);
    await expect(
      card(page, name).getByRole('button', { name: `Poista muistilistalta: ${name}` }),
    ).toBeVisible();
    await expect(page.getByRole('link', { name: /^Muistilista \(\d+\)$/ })).toHaveText(
      `Muistilista (${i + 1})`,
    );
  }
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a visitor filters the catalogue by place and type, searches it and pages through it', async ({
    page,
  }) => {
    await page.goto('/fi');
    await page
      .getByRole('navigation', { name: 'Päävalikko' })
      .getByRole('link', { name: 'Koulutukset' })
      .click();
    await expect(page).toHaveURL(/\/fi\/koulutukset$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Koulutukset');
    await expect(page).toHaveTitle('Koulutukset – OpinTori');
    // Every demo programme, twenty to a page.
    expect(await resultCount(page)).toBe(85);
    await expect(cardsOf(page)).toHaveCount(20);

    // Every option of every facet shows how many programmes it would find.
    const filters = filtersOf(page);
    for (const group of [
      'Haku',
      'Koulutuksen tyyppi',
      'Koulutusala',
      'Paikkakunta',
      'Opiskelutapa',
      'Tuki',
    ]) {
      await expect(filters.getByRole('group', { name: group }).getByRole('checkbox').first()).toBeVisible();
    }
    for (const checkbox of await filters.getByRole('checkbox').all()) {
      await expect(checkbox).toHaveAccessibleName(/^.+ \(\d+\)$/);
      await expect(checkbox).not.toBeChecked();
    }
    const places = filters.getByRole('group', { name: 'Paikkakunta' });
    const types = filters.getByRole('group', { name: 'Koulutuksen tyyppi' });
    const raaheBefore = await facetCount(places.getByRole('checkbox', { name: /^Raahe \(/ }));
    expect(raaheBefore).toBeGreaterThan(1);

    await places.getByRole('checkbox', { name: /^Raahe \(/ }).check();
    await types.getByRole('checkbox', { name: /^Ammatillinen perustutkinto \(/ }).check();
    await filters.getByRole('button', { name: 'Näytä koulutukset' }).click();

    await expect(page).toHaveURL(/\/fi\/koulutukset\?/);
    const url = new URL(page.url());
    expect(url.searchParams.getAll('municipality')).toEqual(['678']);
    expect(url.searchParams.getAll('type')).toEqual(['vocational_upper_secondary']);
    const count = await resultCount(page);
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(raaheBefore);
    await expect(cardsOf(page)).toHaveCount(count);
    // The ticked options stay ticked and count what is shown.
    await expect(places.getByRole('checkbox', { name: `Raahe (${count})`, exact: true })).toBeChecked();
    await expect(
      types.getByRole('checkbox', { name: `Ammatillinen perustutkinto (${count})`, exact: true }),
    ).toBeChecked();
    // Each of these programmes is in one field, so the field counts add up to the list.
    let fieldTotal = 0;
    for (const checkbox of await filters
      .getByRole('group', { name: 'Koulutusala' })
      .getByRole('checkbox')
      .all())
      fieldTotal += await facetCount(checkbox);
    expect(fieldTotal).toBe(count);
    for (const programme of await cardsOf(page).all()) {
      const facts = programme.getByRole('list').first().getByRole('listitem');
      await expect(facts.nth(0)).toHaveText('Ammatillinen perustutkinto');
      await expect(facts.nth(1)).toHaveText('Raahe');
      await expect(programme.getByRole('heading', { level: 3 })).toContainText('Raahe');
    }
    await expect(card(page, careRaahe)).toBeVisible();
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // An address with filter values the catalogue does not know still lists everything.
    const unknown = await page.goto('/fi/koulutukset?field=zz&municipality=nowhere');
    expect(unknown?.status()).toBe(200);
    expect(await resultCount(page)).toBe(85);
    await expect(filters.getByRole('checkbox', { checked: true })).toHaveCount(0);

    // Free text: care assistants (lähihoitaja) are trained in social and health care only.
    await page.goto('/fi/koulutukset');
    await filters.getByRole('searchbox', { name: 'Hae koulutuksista' }).fill('lähihoitaja');
    await filters.getByRole('button', { name: 'Näytä koulutukset' }).click();
    await expect(page).toHaveURL(/[?&]q=l%C3%A4hihoitaja(&|$)/);
    await expect(filters.getByRole('searchbox', { name: 'Hae koulutuksista' })).toHaveValue('lähihoitaja');
    const found = await resultCount(page);
    expect(found).toBeGreaterThan(2);
    expect(found).toBeLessThan(85);
    const fields = filters.getByRole('group', { name: 'Koulutusala' }).getByRole('checkbox');
    await expect(fields).toHaveCount(1);
    await expect(fields).toHaveAccessibleName(`Terveys- ja hyvinvointialat (${found})`);
    await expect(filters.getByRole('combobox', { name: 'Järjestys' })).toHaveValue('relevance');
    await expect(cardsOf(page).first().getByRole('heading', { level: 3 })).toHaveText(
      'Sosiaali- ja terveysalan perustutkinto, lähihoitaja, Oulu',
    );
    await expect(card(page, careRaahe)).toBeVisible();

    // Pages keep the filters: every vocational upper secondary qualification, a page at a time.
    await page.goto('/fi/koulutukset?type=vocational_upper_secondary');
    const total = await resultCount(page);
    const pages = Math.ceil(total / 20);
    expect(pages).toBeGreaterThan(2);
    const pagination = page.getByRole('navigation', { name: 'Sivut' });
    await expect(pagination.getByText(/^Sivu/)).toHaveText(`Sivu 1 / ${pages}`);
    await expect(pagination.getByRole('link', { name: 'Edellinen sivu' })).toHaveCount(0);
    const firstPage = await cardsOf(page).getByRole('heading', { level: 3 }).allInnerTexts();
    expect(firstPage).toHaveLength(20);

    await pagination.getByRole('link', { name: 'Seuraava sivu' }).click();
    await expect(page).toHaveURL(/[?&]page=2(&|$)/);
    expect(new URL(page.url()).searchParams.get('type')).toBe('vocational_upper_secondary');
    expect(await resultCount(page)).toBe(total);
    await expect(pagination.getByText(/^Sivu/)).toHaveText(`Sivu 2 / ${pages}`);
    await expect(pagination.getByText(/^Sivu/)).toHaveAttribute('aria-current', 'page');
    const secondPage = await cardsOf(page).getByRole('heading', { level: 3 }).allInnerTexts();
    expect(secondPage).toHaveLength(20);
    expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);

    await page.goto(`/fi/koulutukset?type=vocational_upper_secondary&page=${pages}`);
    await expect(cardsOf(page)).toHaveCount(total - 20 * (pages - 1));
    await expect(pagination.getByRole('link', { name: 'Seuraava sivu' })).toHaveCount(0);
    await pagination.getByRole('link', { name: 'Edellinen sivu' }).click();
    await expect(pagination.getByText(/^Sivu/)).toHaveText(`Sivu ${pages - 1} / ${pages}`);
  });

  test('a visitor shortlists two programmes, compares them side by side and drops one', async ({ page }) => {
    await page.goto('/fi/koulutukset?municipality=678');
    await expect(page.getByRole('link', { name: 'Muistilista (0)' })).toBeVisible();
    await shortlist(page, [careRaahe, machineRaahe]);
    // The filters survive the round trip through the form.
    expect(new URL(page.url()).searchParams.get('municipality')).toBe('678');

    await page.getByRole('link', { name: 'Muistilista (2)' }).click();
    await expect(page).toHaveURL(/\/fi\/koulutukset\/muistilista$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Muistilista');
    const saved = page.getByRole('main').getByRole('article');
    await expect(saved).toHaveCount(2);
    const order = await saved.getByRole('heading', { level: 2 }).allInnerTexts();
    expect([...order].sort()).toEqual([careRaahe, machineRaahe].sort());
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    await page.getByRole('checkbox', { name: `Valitse vertailuun: ${careRaahe}` }).check();
    await page.getByRole('checkbox', { name: `Valitse vertailuun: ${machineRaahe}` }).check();
    await page.getByRole('button', { name: 'Vertaa valittuja' }).click();
    await expect(page).toHaveURL(/\/fi\/koulutukset\/vertaa\?ids=[0-9a-f-]{36}&ids=[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Koulutusten vertailu');
    const table = page.getByRole('table', { name: 'Koulutusten vertailu' });
    await expect(table.getByRole('columnheader')).toHaveText(order);
    const row = (label: string) =>
      table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label }) });
    const byName = (values: Record<string, string>) => order.map((name) => values[name]!);
    await expect(row('Opiskelupaikka').getByRole('cell')).toHaveText(['Raahe', 'Raahe']);
    await expect(row('Koulutusala').getByRole('cell')).toHaveText(
      byName({ [careRaahe]: 'Terveys- ja hyvinvointialat', [machineRaahe]: 'Tekniikan alat' }),
    );
    await expect(row('Oppilaitos').getByRole('cell')).toHaveText([
      providers.pohjoisrannikko,
      providers.pohjoisrannikko,
    ]);
    await expect(row('Kustannukset').getByRole('cell')).toHaveText(['Maksuton', 'Maksuton']);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // Each column heading leads to its programme.
    await table.getByRole('columnheader', { name: machineRaahe }).getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(machineRaahe);

    await page.goto('/fi/koulutukset/muistilista');
    await card(page, machineRaahe)
      .getByRole('button', { name: `Poista muistilistalta: ${machineRaahe}` })
      .click();
    await expect(page).toHaveURL(/\/fi\/koulutukset\/muistilista(#p-[0-9a-f-]{36})?$/);
    await expect(saved).toHaveCount(1);
    await expect(card(page, careRaahe)).toBeVisible();
    await page.goto('/fi/koulutukset');
    await expect(page.getByRole('link', { name: 'Muistilista (1)' })).toBeVisible();
  });
});

test('a programme page tells who teaches it, how to apply, what it costs and what support there is', async ({
  page,
}) => {
  await page.goto('/fi/koulutukset?municipality=678');
  await card(page, careRaahe).getByRole('link', { name: careRaahe }).click();
  await expect(page).toHaveURL(/\/fi\/koulutukset\/[0-9a-f-]{36}$/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(careRaahe);
  await expect(page).toHaveTitle(`${careRaahe} – ${providers.pohjoisrannikko} – OpinTori`);
  await expect(page.getByText(/^Oppilaitos:/)).toHaveText(`Oppilaitos: ${providers.pohjoisrannikko}`);

  const facts = page.getByRole('region', { name: 'Perustiedot' });
  const fact = (term: string) =>
    facts.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
  await expect(fact('Koulutuksen tyyppi')).toHaveText('Ammatillinen perustutkinto');
  await expect(fact('Koulutusala')).toHaveText('Terveys- ja hyvinvointialat');
  await expect(fact('Opiskelupaikka')).toHaveText('Raahe');
  await expect(fact('Opiskelutapa')).toHaveText('Monimuoto, Oppisopimus (päivisin)');

  const apply = page.getByRole('region', { name: 'Miten ja milloin haetaan' });
  await expect(apply.getByText('Jatkuva haku auki', { exact: true })).toBeVisible();
  await expect(apply.getByRole('listitem')).toHaveText(['Jatkuva haku: 1.8.2026 alkaen, toistaiseksi']);
  await expect(apply.getByRole('link', { name: 'Siirry hakemaan' })).toHaveAttribute(
    'href',
    /^https:\/\/pohjoisrannikko\.example\/hae\//,
  );
  await expect(page.getByRole('region', { name: 'Kustannukset' })).toContainText(
    'Koulutus on opiskelijalle maksuton.',
  );
  await expect(page.getByRole('region', { name: 'Tuki opiskeluun' }).getByRole('listitem')).toHaveText([
    'Työn ohessa opiskeleville',
  ]);
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Lisää muistilistalle' }).click();
  await expect(page.getByRole('button', { name: '✓ Poista muistilistalta' })).toBeVisible();

  await page.getByRole('link', { name: 'Kysy ohjaajalta tästä koulutuksesta' }).click();
  await expect(page).toHaveURL(`/fi/yhteydenotto?programmes=${id}&source=programme`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pyydä yhteydenottoa ohjaajalta');
  await expect(page.getByRole('main').getByRole('listitem')).toHaveText([
    `${careRaahe} – ${providers.pohjoisrannikko}`,
  ]);

  // A course with a fee says how much.
  await page.goto('/fi/koulutukset?q=ensiapukurssi');
  await cardsOf(page).first().getByRole('heading', { level: 3 }).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Ensiapukurssi');
  await expect(page.getByRole('region', { name: 'Kustannukset' }).getByRole('paragraph').first()).toHaveText(
    /^Maksu \d+ €$/,
  );

  const missing = await page.goto('/fi/koulutukset/00000000-0000-4000-8000-000000000000');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sivua ei löytynyt');
});

test('a shortlist goes to the college’s counsellor only with consent', async ({
  page,
  newPageInFreshContext,
}) => {
  const suffix = uniqueSuffix();
  const person = { name: `Testi ${suffix}`, email: `e2e-${suffix}@example.fi` };
  const message = `Sopiiko oppisopimus, jos teen jo vuorotyötä? (${suffix})`;

  await page.goto('/fi/koulutukset?municipality=678');
  await shortlist(page, [careRaahe, electricRaahe]);
  await page.getByRole('link', { name: 'Muistilista (2)' }).click();
  await page.getByRole('link', { name: 'Keskustele ohjaajan kanssa muistilistasta' }).click();
  await expect(page).toHaveURL(
    /\/fi\/yhteydenotto\?programmes=[0-9a-f-]{36},[0-9a-f-]{36}&source=shortlist$/,
  );
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pyydä yhteydenottoa ohjaajalta');
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(
    'Koulutukset, joista haluat keskustella',
  );
  const chosen = page
    .getByRole('main')
    .getByRole('listitem')
    .filter({ hasText: ` – ${providers.pohjoisrannikko}` });
  await expect(chosen).toHaveCount(2);
  for (const name of [careRaahe, electricRaahe]) {
    await expect(chosen.filter({ hasText: name })).toHaveText(`${name} – ${providers.pohjoisrannikko}`);
  }

  await page.getByLabel('Etunimi (vapaaehtoinen)').fill(person.name);
  await page.getByLabel('Sähköposti').fill(person.email);
  await page.getByLabel('Mitä haluat kysyä? (vapaaehtoinen)').fill(message);
  await page.getByRole('button', { name: 'Lähetä ohjaajalle' }).click();

  const summary = page.getByRole('alert');
  await expect(summary).toContainText('Tarkista seuraavat kohdat:');
  const consentError = summary.getByRole('link', {
    name: /Tarvitsemme luvan, jotta voimme lähettää pyynnön\.$/,
  });
  await expect(consentError).toHaveAttribute('href', '#contact-consent');
  const consent = page.getByRole('checkbox', { name: /^Annan luvan tallentaa yhteystietoni/ });
  await expect(consent).toHaveAttribute('aria-invalid', 'true');
  await expect(consent).not.toBeChecked();
  // What was typed is still there, and so are the programmes.
  await expect(page.getByLabel('Sähköposti')).toHaveValue(person.email);
  await expect(page.getByLabel('Mitä haluat kysyä? (vapaaehtoinen)')).toHaveValue(message);
  await expect(chosen).toHaveCount(2);
  await expectNoAxeViolations(page);

  await consent.check();
  await page.getByRole('button', { name: 'Lähetä ohjaajalle' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(
    'Kiitos! Pyyntösi on lähetetty. Ohjaaja ottaa yhteyttä yleensä kahden arkipäivän kuluessa.',
  );
  await expect(page.getByRole('button', { name: 'Lähetä ohjaajalle' })).toHaveCount(0);

  // Both programmes are Pohjoisrannikko's, so the request is in its counsellors' queue.
  const counsellor = await newPageInFreshContext();
  await signIn(counsellor, demo.counsellor.email, DEMO_PASSWORD);
  await expect(counsellor).toHaveURL(/\/console$/);
  await followConsoleMenu(counsellor, 'Työ', 'Yhteydenotot');
  await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText('Saapuneet');
  await counsellor
    .getByRole('navigation', { name: 'Kanavat' })
    .getByRole('link', { name: 'Verkkolomakkeet' })
    .click();
  await expect(counsellor).toHaveURL('/console/inbox?channel=web_form');
  const row = counsellor.getByRole('row').filter({ hasText: person.name });
  await expect(row.getByRole('cell').nth(4)).toHaveText(providers.pohjoisrannikko);
  await row.getByRole('link').first().click();
  const details = counsellor.getByRole('complementary', { name: 'Tiedot' });
  await expect(details.getByRole('definition').filter({ hasText: 'Muistilista' })).toHaveCount(1);
  await expect(details.getByRole('link', { name: person.email })).toHaveAttribute(
    'href',
    `mailto:${person.email}`,
  );
  await expect(counsellor.getByRole('region', { name: 'Viestit' }).getByText(message)).toBeVisible();
  const request = counsellor.getByRole('region', { name: 'Yhteydenottopyyntö' });
  for (const name of [careRaahe, electricRaahe]) {
    await expect(request.getByRole('listitem').filter({ hasText: name })).toHaveText(
      `${name} (${providers.pohjoisrannikko})`,
    );
  }
  await expectNoAxeViolations(counsellor);

  // A counsellor of another college does not see it.
  const other = await newPageInFreshContext();
  await signIn(other, demo.foreignCounsellor.email, DEMO_PASSWORD);
  await expect(other).toHaveURL(/\/console$/);
  await other.goto('/console/inbox?channel=web_form');
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Saapuneet');
  await expect(other.getByRole('row').filter({ hasText: person.name })).toHaveCount(0);
  const search = `/api/v1/inbox/conversations?status=open&q=${encodeURIComponent(person.email)}`;
  const found = async (page: typeof other) => {
    const response = await page.request.get(search);
    expect(response.status()).toBe(200);
    return ((await response.json()) as { total: number }).total;
  };
  expect(await found(counsellor)).toBe(1);
  expect(await found(other)).toBe(0);
});

test('the catalogue is in Swedish and English too, with the filters carried across', async ({ page }) => {
  await page.goto('/fi/koulutukset?municipality=678');
  const count = await resultCount(page);

  await page
    .getByRole('navigation', { name: 'Valitse kieli' })
    .getByRole('link', { name: 'På svenska' })
    .click();
  await expect(page).toHaveURL('/sv/utbildningar?municipality=678');
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Utbildningar');
  await expect(resultsHeading(page)).toHaveText(`${count} utbildningar`);
  const sv = page.getByRole('form', { name: 'Avgränsa utbildningar' });
  await expect(
    sv.getByRole('group', { name: 'Ort' }).getByRole('checkbox', { checked: true }),
  ).toHaveAccessibleName(`Brahestad (${count})`);
  await expect(sv.getByRole('button', { name: 'Visa utbildningar' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page
    .getByRole('navigation', { name: 'Välj språk' })
    .getByRole('link', { name: 'In English' })
    .click();
  await expect(page).toHaveURL('/en/programmes?municipality=678');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Programmes');
  await expect(resultsHeading(page)).toHaveText(`${count} programmes`);
  const en = page.getByRole('form', { name: 'Filter programmes' });
  await expect(
    en.getByRole('group', { name: 'Place' }).getByRole('checkbox', { checked: true }),
  ).toHaveAccessibleName(`Raahe (${count})`);
  await expect(
    page
      .getByRole('article')
      .first()
      .getByRole('button', { name: /^Add to shortlist: / }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
});
