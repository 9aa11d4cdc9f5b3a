import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { followConsoleMenu, signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * What visitors search for reaches the editors: the site's search page logs each search
 * (scrubbed), the browser reports which result was opened (the links' ping, no script), and
 * the editor reads it under Seuranta → Haut ja ohjeiden tarve.
 */
test('searches that found nothing, and results opened, show on the editors’ insight page', async ({
  page,
}) => {
  // A word no guide has, unique to this run.
  const missing = `kvanttiyrtti${uniqueSuffix().replace(/\d/g, (d) => 'ghijklmnop'[Number(d)]!)}`;
  await page.goto(`/fi/haku?q=${encodeURIComponent(missing)}`);
  await expect(page.getByText('Haulla ei löytynyt ohjeita.')).toBeVisible();
  await page.goto('/fi/haku?q=oppisopimus');
  const first = page.getByRole('main').getByRole('listitem').getByRole('link').first();
  const title = await first.textContent();
  await expect(first).toHaveAttribute('ping', /^\/api\/v1\/search-log\/[0-9a-f-]+\/click\?r=article/);
  await first.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title ?? '');

  await signIn(page, demo.editor.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console$/);
  await followConsoleMenu(page, 'Seuranta', 'Haut ja ohjeiden tarve');
  await expect(page.getByRole('heading', { level: 1, name: 'Haut ja ohjeiden tarve' })).toBeVisible();
  const empty = page.getByRole('table', { name: 'Haut, jotka eivät löytäneet mitään' });
  await expect(empty.getByRole('row', { name: new RegExp(missing) })).toContainText('suomi');
  const opened = page.getByRole('table', { name: 'Avatuimmat hakutuloksista' });
  await expect(opened.getByRole('rowheader', { name: title ?? '', exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Keskustelujen aiheet ja niiden ohjeet' })).toBeVisible();
  // The guide just opened has been read at least once.
  await expect(
    page
      .getByRole('table', { name: 'Luetuimmat ohjeet julkaisusta lähtien' })
      .getByRole('rowheader', { name: title ?? '', exact: true }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  // Another period, without scripts too: a plain GET form.
  await page.getByLabel('Ajanjakso').selectOption({ label: '12 viikkoa' });
  await page.getByRole('button', { name: 'Näytä' }).click();
  await expect(page).toHaveURL(/weeks=12/);
  await expect(empty.getByRole('row', { name: new RegExp(missing) })).toBeVisible();
});

test('a counsellor is not shown the insight page', async ({ page }) => {
  await signIn(page, demo.counsellor.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console$/);
  const response = await page.goto('/console/insight');
  expect(response?.status()).toBe(403);
});
