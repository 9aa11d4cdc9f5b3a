import { expectNoAxeViolations } from './axe.js';
import { demo } from './support/accounts.js';
import { expect, test } from './support/fixtures.js';

test.use({ asAdmin: true });

test('the workspace language switches the console to Swedish and English and keeps the page', async ({
  page,
}) => {
  await page.goto('/console');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fi');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Tervetuloa, ${demo.admin.name}`);

  await page.getByLabel('Työtilan kieli').selectOption({ label: 'Svenska' });
  await page.getByRole('button', { name: 'Vaihda', exact: true }).click();
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Välkommen, ${demo.admin.name}`);
  await expect(page.getByRole('button', { name: 'Logga ut' })).toBeVisible();
  await expect(page.getByLabel('Arbetsytans språk').locator('option:checked')).toHaveText('Svenska');
  await expectNoAxeViolations(page);

  // The choice holds on the next page, and switching again stays on that page.
  await page.getByRole('link', { name: 'Personal' }).first().click();
  await expect(page).toHaveURL(/\/console\/admin\/staff$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Personal');

  await page.getByLabel('Arbetsytans språk').selectOption({ label: 'English' });
  await page.getByRole('button', { name: 'Byt', exact: true }).click();
  await expect(page).toHaveURL(/\/console\/admin\/staff$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Staff');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expectNoAxeViolations(page);
});
