import type { APIRequestContext, Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { consoleMenu, followConsoleMenu, menuToggle, signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

// content/articles/hakemus-opintopolussa: Finnish, Swedish and English, no plain Finnish. No other
// journey reads it, so a failure here cannot spill into theirs; the journey that edits it puts
// it back. Journeys that leave an article changed make their own.
const applicationGuide = {
  key: 'hakemus-opintopolussa',
  url: '/fi/ohjeet/hakemus-opintopolussa',
  title: 'Hakemuksen täyttäminen Opintopolussa ja järjestäjän lomakkeella',
  firstSentence: 'Hakemus ammatilliseen koulutukseen tehdään verkossa.',
};

interface TestArticle {
  key: string;
  title: string;
  editUrl: string;
  publicUrl: string;
}

/** Signs the demo editor in; they land on the console overview, whose menu has Sisällöt (Ohjeet). */
async function signInAsEditor(page: Page, axe: { javaScriptDisabled?: boolean } = {}): Promise<void> {
  await signIn(page, demo.editor.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console$/);
  await expect(menuToggle(page, 'Sisällöt')).toBeVisible();
  await expectNoAxeViolations(page, axe);
}

/**
 * A published Finnish article nobody else touches, made through the editor API with the
 * signed-in editor's cookies (the request context shares them with the page).
 */
async function createPublishedArticle(request: APIRequestContext): Promise<TestArticle> {
  const key = `e2e-${uniqueSuffix()}`;
  const title = `Testiohje ${key}`;
  const created = await request.post('/api/v1/editor/articles', { data: { key, category: 'hakeminen' } });
  expect(created.status(), await created.text()).toBe(201);
  const saved = await request.put(`/api/v1/editor/articles/${key}/versions/fi`, {
    data: {
      slug: key,
      title,
      summary: 'Ohje, jonka testi loi.',
      bodyMd: 'Ensimmäinen kappale.\n\n## Väliotsikko\n\nToinen kappale.',
      tags: [],
      status: 'published',
      lastReviewed: null,
      expectedRevision: null,
    },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  return { key, title, editUrl: `/console/articles/${key}/fi`, publicUrl: `/fi/ohjeet/${key}` };
}

/** The version edit form (/console/articles/<key>/<lang>), found by its Finnish labels. */
function editForm(page: Page) {
  return {
    title: page.getByLabel('Otsikko', { exact: true }),
    slug: page.getByLabel('Osoite (slug)', { exact: true }),
    summary: page.getByLabel('Tiivistelmä', { exact: true }),
    body: page.getByLabel('Teksti (Markdown)', { exact: true }),
    draft: page.getByRole('radio', { name: 'luonnos' }),
    published: page.getByRole('radio', { name: 'julkaistu' }),
    preview: page.getByRole('region', { name: 'Esikatselu' }),
    save: page.getByRole('button', { name: 'Tallenna', exact: true }),
    previewButton: page.getByRole('button', { name: 'Esikatsele', exact: true }),
    revision: page.locator('input[name="expectedRevision"]'),
  };
}

/**
 * Presses Tallenna and waits for the notice naming the next revision, so a notice left from
 * an earlier save on the same page cannot pass for this one. Returns the new revision.
 */
async function saveVersion(page: Page): Promise<number> {
  const form = editForm(page);
  const next = Number(await form.revision.inputValue()) + 1;
  await form.save.click();
  await expect(page.getByRole('status')).toHaveText(`Tallennettu versioksi ${next}.`);
  await expect(form.revision).toHaveValue(String(next));
  return next;
}

/** Opens a public guide page and checks its heading. */
async function expectPublicTitle(page: Page, url: string, title: string): Promise<void> {
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  await expect(page.locator('article h1')).toHaveText(title);
  await expectNoAxeViolations(page);
}

test('an editor changes a guide with a live preview, compares revisions and restores the old one', async ({
  page,
}) => {
  // Twelve page states, each checked by axe: over the default minute on a busy machine.
  test.slow();
  const suffix = uniqueSuffix();
  const newTitle = `Hakemus Opintopolussa – päivitetty ${suffix}`;
  const newParagraph = `Uutta ${suffix}: tarkista hakuaika ennen kuin aloitat.`;

  await signInAsEditor(page);
  await followConsoleMenu(page, 'Sisällöt', 'Ohjeet');
  await expect(page).toHaveURL(/\/console\/articles$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ohjeiden muokkaus');
  // Found by its address: the link's text is the Finnish title, which this journey changes.
  const row = page
    .getByRole('row')
    .filter({ has: page.locator(`a[href="/console/articles/${applicationGuide.key}"]`) });
  await expect(row.getByRole('link').first()).toHaveText(applicationGuide.title);
  await expect(row.getByRole('listitem')).toHaveText([
    'englanti: julkaistu',
    'suomi: julkaistu',
    'ruotsi: julkaistu',
  ]);
  await expect(row.getByRole('cell').nth(2)).toHaveText('selkosuomi');
  await expect(row.getByRole('cell').nth(3)).toHaveText(/^Hyödyllinen \d+, ei hyödyllinen \d+$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Uusi ohje' })).toBeVisible();
  await expectNoAxeViolations(page);

  await row.getByRole('link', { name: 'suomi', exact: true }).click();
  await expect(page).toHaveURL(`/console/articles/${applicationGuide.key}/fi`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${applicationGuide.title} (suomi)`);
  const form = editForm(page);
  await expect(form.title).toHaveValue(applicationGuide.title);
  await expect(form.published).toBeChecked();
  // The preview shows the stored text from the start, not only after the first keystroke.
  await expect(form.preview).toContainText(applicationGuide.firstSentence);
  await expectNoAxeViolations(page);
  const oldRevision = Number(await form.revision.inputValue());
  const oldBody = await form.body.inputValue();
  expect(oldBody).toContain(applicationGuide.firstSentence);

  await form.title.fill(newTitle);
  // Text typed before the page has hydrated reaches no handler, so type again until one does.
  await expect(async () => {
    await form.body.fill(`${newParagraph}\n\n${oldBody}`);
    await expect(form.preview.getByText(newParagraph, { exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await expect(form.preview.getByRole('link', { name: 'Opintopolusta' })).toHaveAttribute(
    'href',
    'https://opintopolku.fi',
  );
  await expectNoAxeViolations(page);

  const newRevision = await saveVersion(page);
  expect(newRevision).toBe(oldRevision + 1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${newTitle} (suomi)`);
  await expect(form.title).toHaveValue(newTitle);
  await expect(form.body).toHaveValue(`${newParagraph}\n\n${oldBody}`);
  await expectNoAxeViolations(page);

  await expectPublicTitle(page, applicationGuide.url, newTitle);
  await expect(page.locator('article')).toContainText(newParagraph);

  // The translations were saved before this change to the Finnish text, so they are out of date now.
  await page.goto('/console/articles');
  await expect(row.getByRole('listitem')).toHaveText([
    'englanti: julkaistu, vanhentunut',
    'suomi: julkaistu',
    'ruotsi: julkaistu, vanhentunut',
  ]);
  await expectNoAxeViolations(page);

  await row.getByRole('link', { name: newTitle, exact: true }).click();
  await expect(page).toHaveURL(`/console/articles/${applicationGuide.key}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(newTitle);
  const finnishItem = page.getByRole('listitem').filter({ hasText: `suomi: ${newTitle}` });
  await expect(finnishItem).toContainText(`versio ${newRevision}`);
  await expect(page.getByRole('link', { name: 'selkosuomi', exact: true })).toHaveAttribute(
    'href',
    `/console/articles/${applicationGuide.key}/fi-selko`,
  );
  await expectNoAxeViolations(page);

  await finnishItem.getByRole('link', { name: 'Versiohistoria' }).click();
  await expect(page).toHaveURL(`/console/articles/${applicationGuide.key}/fi/revisions`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Versiohistoria (suomi)');
  const revisionRows = page.getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(revisionRows.first().getByRole('cell').nth(0)).toHaveText(`${newRevision} (nykyinen)`);
  await expect(revisionRows.first().getByRole('cell').nth(1)).toHaveText(newTitle);
  await expect(revisionRows.first().getByRole('cell').nth(3)).toHaveText(demo.editor.name);
  await expectNoAxeViolations(page);

  await page.getByLabel('Vanhempi versio').selectOption(String(oldRevision));
  await page.getByLabel('Uudempi versio').selectOption(String(newRevision));
  await page.getByRole('button', { name: 'Vertaa' }).click();
  await expect(page).toHaveURL(new RegExp(`\\?from=${oldRevision}&to=${newRevision}$`));
  const diff = page.getByRole('region', {
    name: `Muutokset versiosta ${oldRevision} versioon ${newRevision}`,
  });
  await expect(diff.locator('del')).toHaveText([`Poistettu: # ${applicationGuide.title}`]);
  await expect(diff.locator('ins').filter({ hasText: /\S$/ })).toHaveText([
    `Lisätty: # ${newTitle}`,
    `Lisätty: ${newParagraph}`,
  ]);
  // Unchanged lines are left out.
  await expect(diff).not.toContainText(applicationGuide.firstSentence);
  await expectNoAxeViolations(page);

  const oldRow = revisionRows.filter({
    has: page.getByRole('cell', { name: String(oldRevision), exact: true }),
  });
  await oldRow.getByRole('button', { name: `Palauta tämä versio ${oldRevision}` }).click();
  await expect(page.getByRole('status')).toHaveText(
    `Versio ${oldRevision} palautettu. Se tallennettiin uudeksi versioksi.`,
  );
  await expect(revisionRows.first().getByRole('cell').nth(0)).toHaveText(`${newRevision + 1} (nykyinen)`);
  await expect(revisionRows.first().getByRole('cell').nth(1)).toHaveText(applicationGuide.title);
  await expectNoAxeViolations(page);

  await expectPublicTitle(page, applicationGuide.url, applicationGuide.title);
  await expect(page.locator('article')).not.toContainText(newParagraph);
  await expect(page.locator('article')).toContainText(applicationGuide.firstSentence);
});

test('saving over someone else’s newer save is refused and the newer save stays', async ({
  page,
  newPageInFreshContext,
}) => {
  await signInAsEditor(page);
  const article = await createPublishedArticle(page.request);
  const firstTitle = `${article.title} – ensimmäinen`;
  const secondTitle = `${article.title} – toinen`;

  const other = await newPageInFreshContext();
  await signInAsEditor(other);
  await page.goto(article.editUrl);
  await other.goto(article.editUrl);
  await expect(editForm(other).revision).toHaveValue('1');

  await editForm(page).title.fill(firstTitle);
  expect(await saveVersion(page)).toBe(2);
  await expectNoAxeViolations(page);

  await editForm(other).title.fill(secondTitle);
  await editForm(other).save.click();
  const conflict = other.getByRole('alert');
  await expect(conflict).toContainText(
    'Joku muu tallensi tämän ohjeen sillä välin, kun muokkasit sitä. Muutoksiasi ei tallennettu.',
  );
  await expect(other.getByRole('status')).toHaveCount(0);
  // What they typed is still in the form, to copy into the latest version.
  await expect(editForm(other).title).toHaveValue(secondTitle);
  const reload = conflict.getByRole('link', { name: 'Avaa uusin versio' });
  await expect(reload).toHaveAttribute('href', article.editUrl);
  await expectNoAxeViolations(other);

  await reload.click();
  await expect(other).toHaveURL(article.editUrl);
  await expect(editForm(other).title).toHaveValue(firstTitle);
  await expect(editForm(other).revision).toHaveValue('2');
  await expect(other.getByRole('alert')).toHaveCount(0);
  await expectNoAxeViolations(other);

  await expectPublicTitle(page, article.publicUrl, firstTitle);
});

test('a guide saved as a draft leaves the public site and comes back when published', async ({ page }) => {
  await signInAsEditor(page);
  const article = await createPublishedArticle(page.request);
  await expectPublicTitle(page, article.publicUrl, article.title);

  await page.goto(article.editUrl);
  const form = editForm(page);
  await expect(form.published).toBeChecked();
  await form.draft.check();
  await saveVersion(page);
  await expect(form.draft).toBeChecked();
  await expectNoAxeViolations(page);

  const hidden = await page.goto(article.publicUrl);
  expect(hidden?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sivua ei löytynyt');
  await expect(page.getByText(article.title)).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.goto('/console/articles');
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: article.title, exact: true }) });
  await expect(row.getByRole('listitem')).toHaveText(['suomi: luonnos']);
  await expectNoAxeViolations(page);

  await row.getByRole('link', { name: 'suomi', exact: true }).click();
  await expect(form.draft).toBeChecked();
  await form.published.check();
  await saveVersion(page);
  await expect(form.published).toBeChecked();
  await expectNoAxeViolations(page);

  await expectPublicTitle(page, article.publicUrl, article.title);
});

test('an editor creates a guide whose hostile Markdown is made harmless, and a too-long title is refused', async ({
  page,
}) => {
  // Eight page states, each checked by axe: over the default minute on a busy machine.
  test.slow();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const key = `e2e-${uniqueSuffix()}`;
  const title = `Uusi testiohje ${key}`;
  const body = [
    'Tämä ohje kertoo hakemisesta.',
    '',
    '<script>alert(1)</script>',
    '',
    'Lue lisää: [x](javascript:alert(1))',
  ].join('\n');

  await signInAsEditor(page);
  await page.goto('/console/articles');
  const create = page.getByRole('region', { name: 'Uusi ohje' });
  await expect(create.getByRole('button', { name: 'Luo ohje' })).toBeVisible();
  await expectNoAxeViolations(page);
  await create.getByLabel('Tunniste', { exact: true }).fill(key);
  await create.getByLabel('Aihe', { exact: true }).selectOption({ label: 'Hakeminen' });
  await create.getByRole('button', { name: 'Luo ohje' }).click();

  await expect(page).toHaveURL(`/console/articles/${key}/fi`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${key} (suomi)`);
  const form = editForm(page);
  await expect(form.title).toHaveValue('');
  await expect(form.draft).toBeChecked();
  await expectNoAxeViolations(page);

  await form.slug.fill(key);
  await form.title.fill(title);
  await form.summary.fill('Testin luoma ohje hakemisesta.');
  await form.body.fill(body);
  await form.published.check();
  expect(await saveVersion(page)).toBe(1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${title} (suomi)`);
  await expect(form.preview).toContainText('Tämä ohje kertoo hakemisesta.');
  await expect(form.preview.locator('script')).toHaveCount(0);
  await expect(form.preview.locator('a[href]')).toHaveCount(0);
  await expectNoAxeViolations(page);

  await expectPublicTitle(page, `/fi/ohjeet/${key}`, title);
  const article = page.locator('article');
  await expect(article).toContainText('Tämä ohje kertoo hakemisesta.');
  await expect(article.getByText('Lue lisää: x')).toBeVisible();
  await expect(article.locator('script')).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
  await expect(article).not.toContainText('alert(1)');
  await expect(article).not.toContainText('javascript:');

  await page.goto(`/console/articles/${key}/fi`);
  // The browser stops typing at 200 characters; the server must refuse a longer title all the same.
  const tooLong = 'a'.repeat(201);
  await form.title.fill(tooLong);
  await expect(form.title).toHaveValue(tooLong.slice(0, 200));
  await form.title.evaluate((input) => input.removeAttribute('maxlength'));
  await form.title.fill(tooLong);
  await form.save.click();
  const errors = page.getByRole('alert');
  await expect(errors.getByRole('link')).toHaveText(['Otsikko: Tarkista tämä kenttä.']);
  await expect(form.title).toHaveAttribute('aria-invalid', 'true');
  await expect(form.title).toHaveValue(tooLong);
  await expect(page.getByRole('status')).toHaveCount(0);
  await expectNoAxeViolations(page);

  await errors.getByRole('link').click();
  await expect(form.title).toBeFocused();

  await page.goto(`/console/articles/${key}/fi`);
  await expect(form.title).toHaveValue(title);
  await expect(form.revision).toHaveValue('1');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await expectPublicTitle(page, `/fi/ohjeet/${key}`, title);
  expect(dialogs).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the preview button renders the Markdown on the server and saves nothing', async ({ page }) => {
    await signInAsEditor(page, { javaScriptDisabled: true });
    const article = await createPublishedArticle(page.request);
    await page.goto(article.editUrl);
    const form = editForm(page);
    await expect(form.preview).toContainText('Ensimmäinen kappale.');
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    const changedTitle = `${article.title} – esikatselu`;
    await form.title.fill(changedTitle);
    await form.body.fill(
      '## Uusi väliotsikko\n\nTeksti, jossa on **lihavoitu** sana.\n\n- kohta yksi\n- kohta kaksi',
    );
    await form.previewButton.click();

    await expect(page).toHaveURL(`${article.editUrl}?/preview`);
    await expect(form.preview.getByRole('heading', { level: 2, name: 'Uusi väliotsikko' })).toBeVisible();
    await expect(form.preview.locator('strong')).toHaveText('lihavoitu');
    await expect(form.preview.getByRole('listitem')).toHaveText(['kohta yksi', 'kohta kaksi']);
    await expect(form.preview).not.toContainText('Ensimmäinen kappale.');
    // The typed text stays in the form, and nothing is stored until Tallenna.
    await expect(form.title).toHaveValue(changedTitle);
    await expect(form.body).toHaveValue(/^## Uusi väliotsikko/);
    await expect(form.revision).toHaveValue('1');
    await expect(page.getByRole('status')).toHaveCount(0);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    const response = await page.goto(article.publicUrl);
    expect(response?.status()).toBe(200);
    await expect(page.locator('article h1')).toHaveText(article.title);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
  });
});

test('a counsellor has no article editor', async ({ page }) => {
  await signIn(page, demo.counsellor.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console$/);
  const nav = consoleMenu(page);
  await expect(nav.getByRole('button', { name: 'Sisällöt' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Ohjeet', includeHidden: true })).toHaveCount(0);
  await expectNoAxeViolations(page);

  const response = await page.goto('/console/articles');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ei käyttöoikeutta');
  await expect(page.getByText('Sinulla ei ole oikeutta tähän toimintoon.')).toBeVisible();
  await expect(page.getByRole('link', { name: applicationGuide.title })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Ohjeet' })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The edit page and the API refuse the counsellor too, not only the list.
  expect((await page.request.get(`/console/articles/${applicationGuide.key}/fi`)).status()).toBe(403);
  expect((await page.request.get('/api/v1/editor/articles')).status()).toBe(403);
});
