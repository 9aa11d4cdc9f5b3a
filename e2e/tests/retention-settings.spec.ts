import { expectNoAxeViolations } from './axe.js';
import { expect, test } from './support/fixtures.js';

/*
 * Retention per class of data: the admin sees each class's days with what the next purge would
 * remove, is stopped at a value outside the installation's bounds, and saves a valid one.
 */

test.use({ asAdmin: true });

test('the admin sets how long search logs are kept, within the bounds, and sees the next purge', async ({
  page,
}) => {
  await page.goto('/console');
  await page.getByRole('button', { name: 'Ylläpito' }).click();
  await page.getByRole('link', { name: 'Säilytysajat' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Säilytysajat' })).toBeVisible();
  const searchLog = page.getByLabel('Hakuloki');
  await expect(searchLog).toHaveValue('90');
  await expect(searchLog).toHaveAccessibleDescription('Oletus 90, sallittu 7–3650.');
  const row = page.getByRole('row', { name: /Hakuloki/ });
  await expect(row.getByRole('cell').last()).toHaveText(/^\d+$/);
  await expectNoAxeViolations(page);

  // Outside the bounds: the field says why and nothing is saved.
  await searchLog.fill('3');
  await page.getByRole('button', { name: 'Tallenna säilytysajat' }).click();
  await expect(page.getByRole('alert')).toContainText('Hakuloki');
  await expect(searchLog).toHaveAccessibleDescription(/Säilytysajan on oltava 7–3650 päivää/);
  await expectNoAxeViolations(page);
  await page.reload();
  await expect(page.getByLabel('Hakuloki')).toHaveValue('90');

  await page.getByLabel('Hakuloki').fill('60');
  await page.getByRole('button', { name: 'Tallenna säilytysajat' }).click();
  await expect(page.getByRole('status')).toContainText('Säilytysajat tallennettiin');
  await expect(page.getByLabel('Hakuloki')).toHaveValue('60');
  // Back to the default, for the journeys that follow.
  await page.getByLabel('Hakuloki').fill('90');
  await page.getByRole('button', { name: 'Tallenna säilytysajat' }).click();
  await expect(page.getByRole('status')).toContainText('Säilytysajat tallennettiin');
});
