import { type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { providers, uniqueSuffix } from './support/accounts.js';
import { expect, test } from './support/fixtures.js';

test.use({ asAdmin: true });

/** Opens a provider's edit page from the list and returns its address. */
async function openProvider(page: Page, name: string): Promise<string> {
  await page.goto('/console/admin/organisations');
  await page
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name, exact: true }) })
    .getByRole('link', { name: /^Muokkaa/ })
    .click();
  await expect(page).toHaveURL(/\/console\/admin\/organisations\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Muokkaa oppilaitosta: ${name}`);
  return page.url();
}

test('the admin changes a provider’s municipality and the public page shows it', async ({ page }) => {
  const municipality = `Hailuoto ${uniqueSuffix()}`;
  await page.goto('/console/admin/organisations');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Oppilaitokset');
  await expectNoAxeViolations(page);

  await openProvider(page, providers.tuulia);
  await expect(page.getByLabel('Kunta')).toHaveValue(/\S/);
  await expectNoAxeViolations(page);
  await page.getByLabel('Kunta').fill(municipality);
  await page.getByRole('button', { name: 'Tallenna' }).click();

  await expect(page).toHaveURL(/\/console\/admin\/organisations\?saved=updated$/);
  await expect(page.getByRole('status')).toHaveText('Oppilaitoksen tiedot tallennettu.');
  await expect(
    page.getByRole('row').filter({ hasText: providers.tuulia }).getByRole('cell').nth(1),
  ).toHaveText(municipality);
  await expectNoAxeViolations(page);

  await page.goto('/fi');
  await expect(
    page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: providers.tuulia }) }),
  ).toContainText(municipality);
});

test('an invalid website is refused with a field error and nothing is saved', async ({ page }) => {
  const address = await openProvider(page, providers.jokivarsi);
  const website = page.getByLabel('Verkkosivut');
  const saved = await website.inputValue();
  expect(saved).toMatch(/^https:\/\//);

  await website.fill('jokivarsi piste example');
  await page.getByRole('button', { name: 'Tallenna' }).click();

  const summary = page.getByRole('alert');
  await expect(summary.getByRole('link')).toHaveText('Verkkosivut: Tarkista tämä kenttä.');
  await expect(website).toHaveAttribute('aria-invalid', 'true');
  await expect(website).toHaveAccessibleDescription(/Tarkista tämä kenttä\./);
  await expect(website).toHaveValue('jokivarsi piste example');
  await expectNoAxeViolations(page);

  await summary.getByRole('link').click();
  await expect(website).toBeFocused();

  await page.goto(address);
  await expect(page.getByLabel('Verkkosivut')).toHaveValue(saved);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a refused form comes back with the long text that was typed', async ({ page }) => {
    const address = await openProvider(page, providers.jokivarsi);
    const description = page.locator('#descriptionFi');
    const savedDescription = await description.inputValue();
    const typed = `${savedDescription}\nUusi kappale: jatkuvassa haussa voi hakea koko vuoden.`;
    await description.fill(typed);
    await page.getByLabel('Verkkosivut').fill('jokivarsi piste example');
    await page.getByRole('button', { name: 'Tallenna' }).click();

    await expect(page.getByRole('alert').getByRole('link')).toHaveText('Verkkosivut: Tarkista tämä kenttä.');
    await expect(page.locator('#descriptionFi')).toHaveValue(typed);

    // Nothing was saved.
    await page.goto(address);
    await expect(page.locator('#descriptionFi')).toHaveValue(savedDescription);
  });
});
