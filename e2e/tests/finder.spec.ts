import { type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

const questions = [
  'Mikä ala kiinnostaa?',
  'Mikä on aiempi koulutuksesi?',
  'Mikä on tämänhetkinen tilanteesi?',
  'Missä voit opiskella?',
  'Milloin haluaisit aloittaa?',
  'Millaiseen tahtiin haluat opiskella?',
  'Tarvitsetko tukea opiskeluun?',
  'Millä kielellä haluat opiskella?',
];

/** The step on screen: its question as the group's name, and "Kysymys n / 8". */
async function expectStep(page: Page, n: number): Promise<void> {
  await expect(page.getByText(/^Kysymys \d+ \/ \d+$/)).toHaveText(`Kysymys ${n} / ${questions.length}`);
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(questions[n - 1]!);
  await expect(page).toHaveTitle(`${questions[n - 1]} – Löydä koulutus – OpinTori`);
}

const question = (page: Page, n: number) => page.getByRole('group', { name: questions[n - 1], exact: true });
const next = (page: Page) => page.getByRole('button', { name: 'Seuraava' }).click();

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the finder asks one question at a time, remembers answers going back and explains its suggestions', async ({
    page,
  }) => {
    await page.goto('/fi');
    await page
      .getByRole('navigation', { name: 'Päävalikko' })
      .getByRole('link', { name: 'Löydä koulutus' })
      .click();
    await expect(page).toHaveURL(/\/fi\/loyda-koulutus$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Löydä koulutus');
    await expectStep(page, 1);
    await expect(page.getByRole('button', { name: 'Edellinen' })).toHaveCount(0);
    await question(page, 1).getByRole('checkbox', { name: 'Terveys- ja hyvinvointialat' }).check();
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
    await next(page);

    await expectStep(page, 2);
    expect(new URL(page.url()).searchParams.getAll('interest')).toEqual(['09']);
    await question(page, 2).getByRole('radio', { name: 'Peruskoulu', exact: true }).check();
    await next(page);

    await expectStep(page, 3);
    await question(page, 3).getByRole('radio', { name: 'Olen työtön tai lomautettu' }).check();
    await next(page);

    await expectStep(page, 4);
    await question(page, 4).getByLabel('Kotikunta tai lähin paikkakunta').selectOption({ label: 'Raahe' });
    await question(page, 4)
      .getByRole('group', { name: 'Kuinka kauas voit kulkea?' })
      .getByRole('radio', { name: 'Pohjois-Pohjanmaalla' })
      .check();
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // Back one step: the earlier answer is still chosen, and can be changed.
    await page.getByRole('button', { name: 'Edellinen' }).click();
    await expectStep(page, 3);
    await expect(question(page, 3).getByRole('radio', { name: 'Olen työtön tai lomautettu' })).toBeChecked();
    await question(page, 3).getByRole('radio', { name: 'Olen töissä' }).check();
    await next(page);

    // The place given before going back is kept too.
    await expectStep(page, 4);
    await expect(question(page, 4).getByLabel('Kotikunta tai lähin paikkakunta')).toHaveValue('678');
    await expect(question(page, 4).getByRole('radio', { name: 'Pohjois-Pohjanmaalla' })).toBeChecked();
    await next(page);

    await expectStep(page, 5);
    await question(page, 5).getByRole('radio', { name: 'Mahdollisimman pian' }).check();
    await next(page);
    await expectStep(page, 6);
    await question(page, 6).getByRole('radio', { name: 'Työn ohessa' }).check();
    await next(page);
    await expectStep(page, 7);
    await question(page, 7).getByRole('checkbox', { name: 'En tarvitse erityistä tukea' }).check();
    await next(page);
    await expectStep(page, 8);
    await question(page, 8).getByRole('radio', { name: 'Suomeksi' }).check();
    await expect(page.getByRole('button', { name: 'Seuraava' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Näytä ehdotukset' }).click();

    const answers = new URL(page.url()).searchParams;
    expect(answers.get('situation')).toBe('working');
    expect(answers.getAll('situation')).toHaveLength(1);
    expect(answers.get('municipality')).toBe('678');
    expect(answers.get('studyLanguage')).toBe('fi');
    await expect(page).toHaveTitle('Sinulle sopivia koulutuksia – Löydä koulutus – OpinTori');
    const suggestions = page.getByRole('region', { name: 'Sinulle sopivia koulutuksia' });
    const items = suggestions.getByRole('list').first().locator(':scope > li');
    const count = await items.count();
    expect(count).toBeGreaterThan(2);
    // Every suggestion says why it fits; the field asked for is among the reasons of each.
    for (const item of await items.all()) {
      await expect(item.getByRole('heading', { level: 4 })).toHaveText('Miksi tämä sopii');
      const reasons = item.getByRole('heading', { level: 4 }).locator('xpath=following-sibling::ul[1]/li');
      await expect(reasons.first()).toBeVisible();
      await expect(reasons.filter({ hasText: /^Kiinnostava alasi/ })).toHaveText(
        'Kiinnostava alasi (Terveys- ja hyvinvointialat)',
      );
    }
    // The best fit is in Raahe itself, and says so.
    const best = items.first();
    await expect(best.getByRole('heading', { level: 3 })).toContainText('Raahe');
    await expect(
      best.getByRole('listitem').filter({ hasText: 'Opiskelu onnistuu paikkakunnalla Raahe' }),
    ).toHaveCount(1);
    await expect(
      best
        .getByRole('listitem')
        .filter({ hasText: 'Ammatillinen perustutkinto sopii ensimmäiseksi ammatiksi' }),
    ).toHaveCount(1);

    // Guides for someone in work, not for someone out of work (the changed answer).
    const reading = page.getByRole('region', { name: 'Lue myös' });
    await expect(reading.getByRole('link').first()).toBeVisible();
    await expect(reading.locator('a[href="/fi/ohjeet/opiskelu-tyon-ohessa"]')).toHaveCount(1);
    await expect(reading.locator('a[href="/fi/ohjeet/opiskelu-tyottomana"]')).toHaveCount(0);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // "Change answers" starts again from the first question with everything filled in.
    await page.getByRole('link', { name: 'Muuta vastauksia' }).click();
    await expectStep(page, 1);
    await expect(
      question(page, 1).getByRole('checkbox', { name: 'Terveys- ja hyvinvointialat' }),
    ).toBeChecked();
    await page.goBack();

    const names = await items.getByRole('heading', { level: 3 }).allInnerTexts();
    await reading.getByRole('link').first().click();
    await expect(page).toHaveURL(/\/fi\/ohjeet\/[a-z-]+$/);
    await expect(page.locator('article').getByRole('heading', { level: 1 })).not.toBeEmpty();
    await page.goBack();
    expect(await items.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(names);
  });
});

test('the finder’s suggestions and answers reach a counsellor', async ({ page, newPageInFreshContext }) => {
  const suffix = uniqueSuffix();
  const phone = `040 ${suffix.replace(/[a-f]/g, '7').slice(0, 3)} ${suffix.replace(/[a-f]/g, '3').slice(0, 4)}`;
  await page.goto(
    '/fi/loyda-koulutus?interest=09&education=basic&situation=working&municipality=678&travel=region' +
      '&start=now&pace=alongside_work&support=none&studyLanguage=fi&step=9',
  );
  const suggested = await page
    .getByRole('region', { name: 'Sinulle sopivia koulutuksia' })
    .getByRole('article')
    .getByRole('heading', { level: 3 })
    .allInnerTexts();
  expect(suggested.length).toBeGreaterThan(2);

  await page.getByRole('link', { name: 'Keskustele ohjaajan kanssa näistä' }).click();
  await expect(page).toHaveURL(/\/fi\/yhteydenotto\?programmes=[0-9a-f,-]+&source=finder&interest=09&/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pyydä yhteydenottoa ohjaajalta');
  const chosen = page.getByRole('main').getByRole('listitem');
  const handed = await chosen.getByRole('link').allInnerTexts();
  expect(handed).toEqual(suggested.slice(0, 5));
  // "name – college": one college's programmes go to its queue, a mix to the shared one.
  const colleges = new Set((await chosen.allInnerTexts()).map((text) => text.split(' – ').pop()));
  const queue = colleges.size === 1 ? [...colleges][0]! : 'Yhteinen jono';
  await expect(page.getByText('Löydä koulutus -vastauksesi lähetetään mukana.')).toBeVisible();

  // Neither an email address nor a phone number, nor consent.
  await page.getByRole('button', { name: 'Lähetä ohjaajalle' }).click();
  const summary = page.getByRole('alert');
  await expect(summary.getByRole('link')).toHaveText([
    /^Annan luvan tallentaa yhteystietoni.*: Tarvitsemme luvan, jotta voimme lähettää pyynnön\.$/,
    'Sähköposti: Anna sähköpostiosoite tai puhelinnumero.',
  ]);
  await expect(page.getByLabel('Sähköposti')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);

  await page.getByLabel('Puhelinnumero').fill(phone);
  await page.getByRole('checkbox', { name: /^Annan luvan tallentaa yhteystietoni/ }).check();
  await page.getByRole('button', { name: 'Lähetä ohjaajalle' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(/^Kiitos! Pyyntösi on lähetetty\./);

  // The counsellor sees their own college's queue and the shared one; the answers travel along.
  const counsellor = await newPageInFreshContext();
  await signIn(counsellor, demo.counsellor.email, DEMO_PASSWORD);
  await expect(counsellor).toHaveURL(/\/console$/);
  // The old address of contact requests leads to the inbox's web forms.
  await counsellor.goto('/console/requests');
  await expect(counsellor).toHaveURL('/console/inbox?channel=web_form');
  // The number is kept in international form, however it was typed.
  const stored = `+358${phone.replace(/ /g, '').slice(1)}`;
  const row = counsellor.getByRole('row').filter({ hasText: stored });
  await expect(row.getByRole('cell').nth(4)).toHaveText(queue);
  await row.getByRole('link').first().click();
  await expect(counsellor).toHaveURL(/\/console\/inbox\/[0-9a-f-]{36}$/);
  const details = counsellor.getByRole('complementary', { name: 'Tiedot' });
  await expect(details.getByRole('definition').filter({ hasText: 'Löydä koulutus' })).toHaveCount(1);
  await expect(details.getByRole('link', { name: stored })).toHaveAttribute('href', `tel:${stored}`);
  await expect(counsellor.getByRole('region', { name: 'Viestit' }).getByText('(ei viestiä)')).toBeVisible();
  const request = counsellor.getByRole('region', { name: 'Yhteydenottopyyntö' });
  for (const name of handed) await expect(request.getByRole('link', { name, exact: true })).toBeVisible();
  const answers = request.getByRole('listitem');
  await expect(answers.filter({ hasText: /^Mikä ala kiinnostaa\?/ })).toHaveText(
    'Mikä ala kiinnostaa?: Terveys- ja hyvinvointialat',
  );
  await expect(answers.filter({ hasText: /^Mikä on tämänhetkinen tilanteesi\?/ })).toHaveText(
    'Mikä on tämänhetkinen tilanteesi?: Olen töissä',
  );
  // The place question has two answers: the municipality (by name, not its code) and how far.
  const place = answers.filter({ hasText: /^Missä voit opiskella\?/ });
  await expect(place).toHaveCount(2);
  await expect(place.filter({ hasText: /: Raahe$/ })).toHaveCount(1);
  await expect(place.filter({ hasText: /: Pohjois-Pohjanmaalla$/ })).toHaveCount(1);
});
