import type { APIRequestContext } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, providers } from './support/accounts.js';
import { followConsoleMenu, signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * Counsellor training: a counsellor practises on a scripted client in the console's chat pane
 * and assesses themselves; a trainer plays a client live for a colleague in a second browser
 * and reviews the practice; a new counsellor's onboarding checklist completes.
 */

const CAREER_CHANGE = 'Alanvaihtaja kaupan alalta lähihoitajaksi – hakutapa ja opiskelun rahoitus';
const juha = { email: 'juha.kangas@jokivarsi.example', name: 'Juha Kangas (demo)' };

test('a counsellor plays a scripted scenario in the console and assesses themselves', async ({ page }) => {
  await signIn(page, demo.counsellor.email, DEMO_PASSWORD);
  await followConsoleMenu(page, 'Työ', 'Harjoittelu');
  await expect(page.getByRole('heading', { level: 1, name: 'Harjoittelu' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: CAREER_CHANGE }) })
    .getByRole('button', { name: 'Aloita harjoitus' })
    .click();

  await expect(page.getByRole('heading', { level: 1, name: `Harjoitus: ${CAREER_CHANGE}` })).toBeVisible();
  await expect(page.getByRole('note')).toContainText('asiakas on kuvitteellinen');
  const thread = page.getByRole('list', { name: 'Harjoituskeskustelun viestit' });
  await expect(thread).toContainText('mietin alanvaihtoa kaupan kassalta lähihoitajaksi');
  // The counsellor meets the client as in a real chat: their background shows after the practice.
  await expect(page.getByText('Mitä asiakas ei tiedä')).toHaveCount(0);
  await expectNoAxeViolations(page);

  const composer = page.getByLabel('Viesti asiakkaalle');
  await composer.fill('Hei ja tervetuloa! Kerro vähän taustastasi ja tilanteestasi.');
  await composer.press('Enter');
  await expect(thread).toContainText('Vähän taustaa');
  await composer.fill('Voit hakea jatkuvassa haussa suoraan oppilaitokseen milloin tahansa.');
  await page.getByRole('button', { name: 'Lähetä', exact: true }).click();
  await expect(thread).toContainText('voin hakea jatkuvassa haussa');

  // The catalogue and guides search of the chat pane sends a card here too.
  await page.getByLabel('Hae ohjeista ja koulutuksista').fill('lähihoitaja');
  await page.getByRole('button', { name: 'Hae', exact: true }).click();
  const sendCard = page.getByRole('button', { name: /^Lähetä kortti/ }).first();
  await expect(sendCard).toBeVisible();
  await sendCard.click();
  await expect(page.getByText(/^Kortti lähetetty:/)).toBeVisible();
  await expect(thread.locator('.message-card')).toHaveCount(1);

  // The hand-over is practised with the console's transfer dialog; it ends the practice.
  await page.getByRole('button', { name: 'Siirrä', exact: true }).click();
  const transfer = page.getByRole('dialog', { name: 'Siirrä chat' });
  await transfer.getByRole('radio', { name: 'Oppilaitoksen jonoon' }).check();
  await transfer.getByLabel('Oppilaitos', { exact: true }).selectOption({ label: providers.jokivarsi });
  await transfer.getByLabel('Viesti vastaanottajalle').fill('Kysyy aikuisten lähihoitajakoulutuksesta.');
  await expectNoAxeViolations(page);
  await transfer.getByRole('button', { name: 'Siirrä chat' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Arvioi itsesi' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Harjoituskeskustelun viestit' })).toContainText(
    `Chat siirrettiin: ${providers.jokivarsi}. Kysyy aikuisten lähihoitajakoulutuksesta.`,
  );
  await expect(page.getByText('Mitä asiakas ei tiedä')).toBeVisible();
  const welcome = page.getByRole('group', { name: 'Tervehdys ja sävy' });
  await welcome.getByLabel('3 – hyvä').check();
  await welcome.getByLabel('Kommentti').fill('Tervehdin ja kysyin taustasta.');
  await page.getByRole('group', { name: 'Tiedon oikeellisuus' }).getByLabel('4 – erinomainen').check();
  await page.getByLabel('Yhteenveto').fill('Kerroin jatkuvasta hausta, rahoitus jäi vähälle.');
  await page.getByRole('button', { name: 'Tallenna arvio' }).click();
  await expect(page.getByRole('status')).toContainText('Arvio tallennettiin.');
  const own = page.getByRole('region', { name: `Itsearviointi: ${demo.counsellor.name}` });
  await expect(own.getByRole('row', { name: /Tervehdys ja sävy/ })).toContainText('3 – hyvä');
  await expectNoAxeViolations(page);
});

test('an email practice is answered as an email: Enter starts a new line, Ctrl+Enter sends', async ({
  page,
}) => {
  await signIn(page, demo.otherCounsellor.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console$/);
  const scenarios = (await (await page.request.get('/api/v1/training/scenarios?lang=fi')).json()).items as {
    id: string;
    title: string;
  }[];
  const remote = scenarios.find((s) => s.title.startsWith('Sähköposti syrjäkylältä'));
  expect(remote, 'the demo email scenario').toBeTruthy();
  const started = await page.request.post('/api/v1/training/sessions', { data: { scenarioId: remote!.id } });
  expect(started.status()).toBe(201);
  await page.goto(`/console/training/sessions/${(await started.json()).id}`);
  await expect(page.getByRole('complementary').getByText('Sähköposti', { exact: true })).toBeVisible();
  const thread = page.getByRole('list', { name: 'Harjoituskeskustelun viestit' });
  await expect(thread).toContainText('lähimpään ammattiopistoon on 90 kilometriä');

  const reply = page.getByLabel('Vastaus sähköpostiin');
  await expect(reply).toHaveAccessibleDescription(/Ctrl\+Enter lähettää/);
  await reply.fill('Hei Kaisa,');
  await reply.press('Enter');
  await reply.pressSequentially('liiketoiminnan perustutkinnon voi suorittaa monimuotona verkossa.');
  await expect(reply).toHaveValue(
    'Hei Kaisa,\nliiketoiminnan perustutkinnon voi suorittaa monimuotona verkossa.',
  );
  await reply.press('Control+Enter');
  await expect(reply).toHaveValue('');
  await expect(thread).toContainText('Mitä ne näytöt käytännössä ovat');
  await expectNoAxeViolations(page);
});

test('a trainer plays the client live in a second browser and reviews the practice', async ({
  page,
  newPageInFreshContext,
}) => {
  // The trainer (Päivi holds the duty) starts a live practice for Sanna and opens the client's view.
  await signIn(page, demo.orgAdmin.email, DEMO_PASSWORD);
  await page.goto('/console/training');
  await page.getByLabel('Harjoitustapaus').selectOption({ label: `${CAREER_CHANGE} (suomi)` });
  await page
    .getByLabel('Ohjaaja')
    .selectOption({ label: `${demo.otherCounsellor.name} – Pohjoisrannikon ammattiopisto (demo)` });
  await page.getByRole('button', { name: 'Aloita ja pelaa asiakasta' }).click();
  await expect(
    page.getByRole('heading', {
      level: 2,
      name: `Pelaat asiakasta – harjoittelija ${demo.otherCounsellor.name}`,
    }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Lisää viestikenttään' }).click();
  await page.getByRole('button', { name: 'Lähetä', exact: true }).click();
  const clientThread = page.getByRole('list', { name: 'Harjoituskeskustelun viestit' });
  await expect(clientThread).toContainText('mietin alanvaihtoa');
  const practiceUrl = page.url();

  // Sanna finds it on her training page and answers; the trainer sees the answer arrive.
  const sanna = await newPageInFreshContext();
  await signIn(sanna, demo.otherCounsellor.email, DEMO_PASSWORD);
  await sanna.goto('/console/training');
  await sanna
    .getByRole('table', { name: /Omat harjoitukset/ })
    .getByRole('link', { name: CAREER_CHANGE })
    .first()
    .click();
  await expect(sanna).toHaveURL(practiceUrl);
  const sannaThread = sanna.getByRole('list', { name: 'Harjoituskeskustelun viestit' });
  await expect(sannaThread).toContainText('mietin alanvaihtoa');
  await sanna
    .getByLabel('Viesti asiakkaalle')
    .fill('Hei! Ei ole lainkaan hullu ajatus. Kerro, missä olet nyt töissä?');
  await sanna.getByLabel('Viesti asiakkaalle').press('Enter');
  await expect(clientThread).toContainText('Ei ole lainkaan hullu ajatus');
  await page.getByLabel('Viesti asiakkaalle').fill('Olen kaupan kassalla, vuorotyössä.');
  await page.getByLabel('Viesti asiakkaalle').press('Enter');
  await expect(sannaThread).toContainText('Olen kaupan kassalla');

  // The trainer ends it, comments on Sanna's message and reviews; Sanna sees the review.
  await page.getByRole('button', { name: 'Päätä harjoitus' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Arvioi harjoitus' })).toBeVisible();
  await page
    .getByLabel('Kommentti tähän viestiin')
    .first()
    .fill('Hyvä, että kysyit tilanteesta ennen vastausta.');
  await page.getByRole('button', { name: 'Tallenna kommentti' }).first().click();
  await expect(page.getByText('Päivi Koivisto (demo) kommentoi:')).toBeVisible();
  await page
    .getByRole('group', { name: 'Todellisen kysymyksen selvittäminen' })
    .getByLabel('4 – erinomainen')
    .check();
  await page.getByRole('group', { name: 'Lopetus ja jatkosuunnitelma' }).getByLabel('2 – osittain').check();
  await page.getByLabel('Yhteenveto').fill('Lämmin aloitus; muista sopia jatkosta.');
  await page.getByRole('button', { name: 'Tallenna arvio' }).click();
  await expect(page.getByRole('status')).toContainText('Arvio tallennettiin.');
  await expectNoAxeViolations(page);

  // The team's progress: Sanna's page shows the trainer's scores over time.
  await page.goto('/console/training');
  await page.getByRole('link', { name: demo.otherCounsellor.name, exact: true }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: `Harjoittelun edistyminen: ${demo.otherCounsellor.name}` }),
  ).toBeVisible();
  await expect(page.getByRole('row', { name: 'Todellisen kysymyksen selvittäminen 4' })).toBeVisible();
  // Over time: the trainer's score / the counsellor's own (not given yet).
  await expect(page.getByRole('row', { name: new RegExp(CAREER_CHANGE) })).toContainText('4 / –');
  await expectNoAxeViolations(page);

  await sanna.reload();
  const review = sanna.getByRole('region', { name: 'Kouluttajan arvio: Päivi Koivisto (demo)' });
  await expect(review.getByRole('row', { name: /Todellisen kysymyksen selvittäminen/ })).toContainText(
    '4 – erinomainen',
  );
  await expect(sanna.getByText('Hyvä, että kysyit tilanteesta ennen vastausta.')).toBeVisible();
  await expect(sanna.getByRole('heading', { level: 2, name: 'Arvioi itsesi' })).toBeVisible();
  await expectNoAxeViolations(sanna);
});

/** Three practice conversations of the counsellor signed in to `counsellor`, each reviewed by `trainer`. */
async function reviewedPractices(counsellor: APIRequestContext, trainer: APIRequestContext): Promise<void> {
  const scenarios = (await (await counsellor.get('/api/v1/training/scenarios?lang=fi')).json()).items as {
    id: string;
  }[];
  for (const scenario of scenarios.slice(0, 3)) {
    const started = await counsellor.post('/api/v1/training/sessions', { data: { scenarioId: scenario.id } });
    expect(started.status()).toBe(201);
    const { id } = await started.json();
    expect((await counsellor.post(`/api/v1/training/sessions/${id}/finish`)).status()).toBe(200);
    const reviewed = await trainer.put(`/api/v1/training/sessions/${id}/review`, {
      data: { scores: { welcome_tone: { score: 3, comment: '' } }, summary: '' },
    });
    expect(reviewed.status()).toBe(200);
  }
}

test('a new counsellor’s onboarding checklist shows on the console home until it is done', async ({
  page,
  newPageInFreshContext,
}) => {
  await signIn(page, juha.email, DEMO_PASSWORD);
  const checklist = page.getByRole('region', { name: 'Aloita tästä' });
  await expect(checklist).toBeVisible();
  await expect(checklist.getByRole('listitem')).toHaveCount(4);
  await expect(checklist).toContainText('Kolme arvioitua harjoitusta');
  await expect(checklist).toContainText('0/3');
  await expectNoAxeViolations(page);

  // Reading the handbook counts article by article, from the handbook's own pages.
  await checklist.getByRole('link', { name: 'Käsikirja luettu' }).click();
  const articles = page.locator('ul.articles > li a');
  await expect(articles.first()).toBeVisible();
  const hrefs = await articles.evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
  for (const href of hrefs) await page.goto(href);

  const trainer = await newPageInFreshContext();
  await signIn(trainer, demo.orgAdmin.email, DEMO_PASSWORD);
  await reviewedPractices(page.request, trainer.request);

  await page.goto('/console');
  await expect(page.getByRole('heading', { level: 1, name: /Tervetuloa/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Aloita tästä' })).toHaveCount(0);
});

test('a trainer writes a scenario; a step that can never be reached is refused and named', async ({
  page,
}) => {
  await signIn(page, demo.orgAdmin.email, DEMO_PASSWORD);
  await page.goto('/console/training');
  await page.getByRole('link', { name: 'Harjoitustapaukset (kouluttajille)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Harjoitustapaukset' })).toBeVisible();
  await expect(page.getByRole('link', { name: CAREER_CHANGE })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Uusi harjoitustapaus' }).click();

  await page.getByLabel('Otsikko').fill('Työtön hakija kysyy työvoimakoulutuksesta (testi)');
  await page.getByRole('textbox', { name: 'Nimi' }).fill('Demo-Jari');
  await page
    .getByRole('textbox', { name: 'Tilanne' })
    .fill('Jari on 52-vuotias ja ollut puoli vuotta työttömänä.');
  await page.getByRole('textbox', { name: 'Oppimistavoitteet' }).fill('Kerro työvoimakoulutuksesta');
  await page.getByRole('textbox', { name: 'Aloitusviesti' }).fill('Hei, voinko opiskella työttömänä?');
  const step = page.getByRole('group', { name: /^Vaihe 1/ });
  await step.getByRole('textbox', { name: 'Tunnus' }).fill('rahoitus');
  await step.getByRole('textbox', { name: 'Minkä jälkeen' }).fill('opening');
  await step
    .getByRole('textbox', { name: 'Asiakkaan vastaus' })
    .fill('Entä miten saan rahaa opiskelun ajan?');
  await page.getByRole('textbox', { name: 'Varavastaus' }).fill('Anteeksi, en ymmärtänyt.');
  await page.getByRole('button', { name: 'Tallenna harjoitustapaus' }).click();

  const summary = page.getByRole('alert');
  await expect(summary).toContainText('Vaihetta ”rahoitus” ei voi koskaan saavuttaa');
  await expect(page.getByRole('textbox', { name: 'Otsikko' })).toHaveValue(
    'Työtön hakija kysyy työvoimakoulutuksesta (testi)',
  );
  await expectNoAxeViolations(page);

  await page
    .getByRole('group', { name: /^Vaihe 1/ })
    .getByRole('textbox', { name: 'Avainsanat' })
    .fill('työllisyyspalvel, etuu');
  await page.getByRole('button', { name: 'Tallenna harjoitustapaus' }).click();
  await expect(page.getByRole('status')).toContainText('Harjoitustapaus tallennettiin.');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(
    'Työtön hakija kysyy työvoimakoulutuksesta',
  );
  await expect(
    page.getByRole('group', { name: /^Vaihe 1 rahoitus/ }).getByRole('textbox', { name: 'Avainsanat' }),
  ).toHaveValue('työllisyyspalvel, etuu');
  await expectNoAxeViolations(page);
});
