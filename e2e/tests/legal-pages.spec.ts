import type { Locator, Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { followConsoleMenu, signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * The privacy notice and the accessibility statement (articles of the `legal` category, seeded
 * in fi, sv and en), the accessibility feedback form and the way its messages reach the inbox,
 * and an editor's change to the notice. The public pages are visited without scripts, as they
 * are built to work.
 */

/** A Helsinki calendar day `days` from now as the console writes it in Finnish: "20.12.". */
function helsinkiDayMonth(days: number): string {
  const parts = new Intl.DateTimeFormat('fi-FI', {
    timeZone: 'Europe/Helsinki',
    day: 'numeric',
    month: 'numeric',
  })
    .formatToParts(new Date(Date.now() + days * 86_400_000))
    .filter((p) => p.type === 'day' || p.type === 'month')
    .map((p) => p.value);
  return `${parts[0]}.${parts[1]}.`;
}

const footer = (page: Page): Locator => page.getByRole('contentinfo');
const summaryOf = (page: Page): Locator => page.getByRole('alert');

/** The retention periods come from the service's settings: a table, or a sentence without one. */
async function expectRetentionSection(page: Page, heading: string, row: string, fallback: RegExp) {
  const section = page.getByRole('region', { name: heading });
  await expect(section.getByRole('heading', { level: 2 })).toHaveText(heading);
  if ((await section.getByRole('table').count()) > 0) {
    await expect(section.getByRole('rowheader', { name: row })).toBeVisible();
  } else {
    await expect(section).toContainText(fallback);
  }
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the privacy notice and the accessibility statement are reached from every page’s footer, in three languages', async ({
    page,
  }) => {
    await page.goto('/fi/koulutukset');
    await footer(page).getByRole('link', { name: 'Tietosuojaseloste', exact: true }).click();
    await expect(page).toHaveURL('/fi/tietosuoja');
    await expect(page).toHaveTitle('Tietosuojaseloste – OpinTori');
    const notice = page.getByRole('article');
    await expect(notice.getByRole('heading', { level: 1 })).toHaveText('Tietosuojaseloste');
    await expect(notice).toHaveAttribute('lang', 'fi');
    await expect(notice).toContainText(/Päivitetty \d+\. \S+ \d{4} \(versio \d+\)/);
    for (const heading of [
      'Rekisterinpitäjät',
      'Tietosuojayhteyshenkilö',
      'Mihin tietoja käytetään ja millä perusteella',
      'Mitä tietoja keräämme',
      'Näin pyydät tietosi tai niiden poistamista',
      'Valitus valvontaviranomaiselle',
    ]) {
      await expect(notice.getByRole('heading', { level: 2, name: heading })).toBeVisible();
    }
    // The demo organisations are named as such; the complaint goes to the Ombudsman.
    await expect(notice).toContainText('Pohjoisrannikon ammattiopisto (demo)');
    await expect(notice.getByRole('link', { name: 'tietosuoja.fi' })).toHaveAttribute(
      'href',
      'https://tietosuoja.fi',
    );
    await expectRetentionSection(
      page,
      'Säilytysajat',
      'Chat-keskustelut',
      /Palvelu määrittää säilytysajat tietoryhmittäin/,
    );
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    await footer(page).getByRole('link', { name: 'Saavutettavuusseloste', exact: true }).click();
    await expect(page).toHaveURL('/fi/saavutettavuus');
    const statement = page.getByRole('article');
    await expect(statement.getByRole('heading', { level: 1 })).toHaveText('Saavutettavuusseloste');
    await expect(
      statement.getByRole('heading', { level: 2, name: 'Digipalvelun saavutettavuuden tila' }),
    ).toBeVisible();
    await expect(statement).toContainText('täyttää osittain');
    await expect(statement).toContainText('Videotapaamisissa ei ole reaaliaikaista tekstitystä');
    await expect(statement).toContainText('Vastaamme 14 päivän kuluessa');
    await expect(statement).toContainText('Lupa- ja valvontavirasto');
    await expect(statement.getByRole('link', { name: 'www.saavutettavuusvaatimukset.fi' })).toHaveAttribute(
      'href',
      'https://www.saavutettavuusvaatimukset.fi',
    );
    await expect(
      page.getByRole('region', { name: 'Saavutettavuuspalaute' }).getByRole('link', {
        name: 'Anna saavutettavuuspalautetta',
      }),
    ).toHaveAttribute('href', '/fi/saavutettavuus/palaute');
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // The same page in Swedish through the language switch, and the English notice from its footer.
    await page
      .getByRole('navigation', { name: 'Valitse kieli' })
      .getByRole('link', { name: 'På svenska' })
      .click();
    await expect(page).toHaveURL('/sv/tillganglighet');
    await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tillgänglighetsutlåtande');
    await expect(page.getByRole('article')).toContainText('Tillstånds- och tillsynsverket');
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    await page.goto('/en');
    await footer(page).getByRole('link', { name: 'Privacy notice', exact: true }).click();
    await expect(page).toHaveURL('/en/privacy');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy notice');
    await expect(page.getByRole('article')).toContainText('Data Protection Ombudsman');
    await expectRetentionSection(
      page,
      'Retention periods',
      'Chat conversations',
      /The service sets a retention period for each kind of data/,
    );
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // Another language's address is no page.
    expect((await page.goto('/fi/privacy'))?.status()).toBe(404);
  });

  test('accessibility feedback sent without scripts reaches the inbox with a 14-day due date and a confirmation', async ({
    page,
    browser,
    newPageInFreshContext,
    baseURL,
  }) => {
    const suffix = uniqueSuffix();
    const pageText = `Koulutusluettelon suodattimet ${suffix}`;
    const problem = `Valintaruuduilla ei ole nimeä ruudunlukijalle (${suffix}).`;
    const email = `e2e-a11y-${suffix}@example.fi`;

    await page.goto('/fi/saavutettavuus');
    await page.getByRole('link', { name: 'Anna saavutettavuuspalautetta' }).first().click();
    await expect(page).toHaveURL('/fi/saavutettavuus/palaute');
    await expect(page).toHaveTitle('Saavutettavuuspalaute – OpinTori');
    const form = page.getByRole('main');
    const pageField = form.getByRole('textbox', { name: 'Mitä sivua tai palvelun osaa palaute koskee?' });
    const problemField = form.getByRole('textbox', { name: 'Mikä ongelma oli?' });
    const emailField = form.getByRole('textbox', { name: /^Sähköposti/ });
    const consent = form.getByRole('checkbox', { name: /^Annan luvan tallentaa sähköpostiosoitteeni/ });
    // The address is optional, so is the consent that goes with it.
    await expect(emailField).not.toHaveAttribute('required');
    await expect(consent).not.toHaveAttribute('required');

    // Nothing said, and an address without the consent to keep it.
    await emailField.fill(email);
    await form.getByRole('button', { name: 'Lähetä palaute' }).click();
    await expect(page).toHaveURL('/fi/saavutettavuus/palaute');
    await expect(summaryOf(page).getByRole('link')).toHaveText([
      'Mitä sivua tai palvelun osaa palaute koskee?: Kerro, mitä sivua tai palvelun osaa palaute koskee.',
      'Mikä ongelma oli?: Kuvaile ongelma.',
      /^Lupa tietojen tallentamiseen: Tarvitsemme luvan tallentaa sähköpostiosoitteesi/,
    ]);
    await expect(pageField).toHaveAttribute('aria-invalid', 'true');
    await expect(problemField).toHaveAttribute('aria-invalid', 'true');
    await expect(consent).toHaveAttribute('aria-invalid', 'true');
    await expect(emailField).toHaveValue(email);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    await pageField.fill(pageText);
    await problemField.fill(problem);
    await consent.check();
    await form.getByRole('button', { name: 'Lähetä palaute' }).click();
    await expect(page).toHaveURL('/fi/saavutettavuus/palaute?sent=1&reply=1');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kiitos palautteestasi');
    await expect(page.getByRole('status')).toContainText('Vastaamme 14 päivän kuluessa.');
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // In the counsellors' inbox: recognisable as accessibility feedback, due in 14 days.
    // The console is the counsellor's, with its scripts.
    const staffContext = await browser.newContext({
      baseURL,
      javaScriptEnabled: true,
      storageState: { cookies: [], origins: [] },
    });
    const counsellor = await staffContext.newPage();
    await signIn(counsellor, demo.counsellor.email, DEMO_PASSWORD);
    await expect(counsellor).toHaveURL(/\/console$/);
    await followConsoleMenu(counsellor, 'Työ', 'Yhteydenotot');
    await expect(counsellor).toHaveURL('/console/inbox');
    const filters = counsellor.getByRole('form', { name: 'Rajaa yhteydenottoja' });
    await filters.getByLabel('Aihe', { exact: true }).selectOption({ label: 'Saavutettavuus' });
    await filters.getByRole('button', { name: 'Näytä', exact: true }).click();
    const row = counsellor.getByRole('row').filter({ hasText: pageText });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Saavutettavuus');
    await expect(row).toContainText(
      new RegExp(`Vastattava ${helsinkiDayMonth(14).replaceAll('.', '\\.')} klo`),
    );
    await expectNoAxeViolations(counsellor);

    await row.getByRole('link', { name: pageText }).click();
    await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText(pageText);
    const details = counsellor.getByRole('complementary');
    await expect(details).toContainText(`Palaute koskee ${pageText}`);
    await expect(details).toContainText(`Vastattava viimeistään ${helsinkiDayMonth(14)}`);
    await expect(details).toContainText('Saavutettavuuspalautteen lomake');
    await expect(counsellor.getByRole('main')).toContainText(problem);
    await expectNoAxeViolations(counsellor);
    await staffContext.close();

    // The confirmation says when, in Finnish, and ends with the links to the notice and statement.
    const admin = await newPageInFreshContext();
    await signIn(admin, demo.admin.email, DEMO_PASSWORD);
    await expect(admin).toHaveURL(/\/console$/);
    const mailbox = await admin.request.get('/api/v1/dev-mailbox?limit=200');
    expect(mailbox.status()).toBe(200);
    const mails = ((await mailbox.json()) as { items: { to: string; kind: string; text: string }[] }).items;
    const ours = mails.filter((mail) => mail.to === email);
    expect(ours.map((mail) => mail.kind)).toEqual(['accessibility_confirmation']);
    expect(ours[0]!.text).toContain('14 päivän kuluessa');
    expect(ours[0]!.text).toContain(`Tietosuojaseloste: ${baseURL}/fi/tietosuoja`);
    expect(ours[0]!.text).toContain(`Saavutettavuusseloste: ${baseURL}/fi/saavutettavuus`);
  });
});

test('the chat widget links the privacy notice in the visitor’s language', async ({ page, baseURL }) => {
  await page.goto('/sv');
  await page.getByRole('button', { name: 'Fråga en vägledare' }).click();
  const panel = page.getByRole('dialog', { name: 'Fråga en vägledare' });
  await expect(
    panel.getByRole('link', { name: 'Dataskyddsbeskrivning (öppnas i en ny flik)' }),
  ).toHaveAttribute('href', `${baseURL}/sv/dataskydd`);
  await expectNoAxeViolations(page);
});

test('an editor’s change to the privacy notice is a new revision on the public page', async ({ page }) => {
  const paragraph = `Päivitys ${uniqueSuffix()}: rekisterinpitäjät ovat sopineet vastuista kirjallisesti.`;
  await signIn(page, demo.editor.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console$/);
  await followConsoleMenu(page, 'Sisällöt', 'Ohjeet');
  const row = page
    .getByRole('row')
    .filter({ has: page.locator('a[href="/console/articles/privacy-notice"]') });
  await expect(row).toContainText('Lakisääteiset sivut');
  // Plain Finnish is not expected of a statutory page.
  await expect(row.getByRole('cell').nth(2)).toHaveText('');
  await row.getByRole('link', { name: 'Tietosuojaseloste' }).click();
  await expect(page).toHaveURL('/console/articles/privacy-notice');
  await expect(page.getByRole('link', { name: '/fi/tietosuoja' })).toHaveAttribute('href', '/fi/tietosuoja');
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: /^suomi: Tietosuojaseloste/ }).click();
  await expect(page).toHaveURL('/console/articles/privacy-notice/fi');
  const revision = page.locator('input[name="expectedRevision"]');
  const next = Number(await revision.inputValue()) + 1;
  const body = page.getByLabel('Teksti (Markdown)', { exact: true });
  const preview = page.getByRole('region', { name: 'Esikatselu' });
  const original = await body.inputValue();
  // Text typed before the page has hydrated reaches no handler, so type again until one does.
  await expect(async () => {
    await body.fill(`${original}\n\n${paragraph}`);
    await expect(preview.getByText(paragraph, { exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await page.getByRole('button', { name: 'Tallenna', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText(`Tallennettu versioksi ${next}.`);
  await expectNoAxeViolations(page);

  await page.goto('/fi/tietosuoja');
  const notice = page.getByRole('article');
  await expect(notice).toContainText(paragraph);
  await expect(notice).toContainText(`(versio ${next})`);
  await expectNoAxeViolations(page);

  // The history keeps both; the journey leaves the notice as it found it, as a further revision.
  await page.goto('/console/articles/privacy-notice/fi/revisions');
  await expect(page.getByRole('row').filter({ hasText: `${next} (nykyinen)` })).toHaveCount(1);
  const restore = await page.request.post(
    `/api/v1/editor/articles/privacy-notice/versions/fi/revisions/${next - 1}/restore`,
    { data: { expectedRevision: next } },
  );
  expect(restore.status(), await restore.text()).toBe(200);
});
