import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, providers } from './support/accounts.js';
import { consoleMenu, followConsoleMenu, signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

const csv = [
  'external_id,name_fi,qualification_type,field,municipalities,study_forms,application_method,application_periods',
  'E2E-1,Puhtaus- ja kiinteistöpalvelualan perustutkinto (kokeilu),vocational_upper_secondary,10,Raahe,contact,continuous,2026-08-01/',
  'E2E-2,,vocational_upper_secondary,10,Raahe,contact,continuous,',
].join('\n');

// Only dry runs and refused files here: the journeys share one database, and the catalogue
// journeys count the demo programmes.
test('a provider admin tries a CSV import, reads the report, and a broken file changes nothing', async ({
  page,
}) => {
  await signIn(page, demo.orgAdmin.email, DEMO_PASSWORD);
  await followConsoleMenu(page, 'Sisällöt', 'Koulutusten tuonti');
  await expect(page).toHaveURL(/\/console\/programmes$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tuo koulutuksia');
  // A provider admin can import only into their own provider.
  await expect(page.getByLabel('Oppilaitos').getByRole('option')).toHaveText([providers.pohjoisrannikko]);
  await expect(page.getByLabel('Vain kokeilu – näytä raportti tallentamatta')).toBeChecked();
  await expectNoAxeViolations(page);

  await page
    .getByLabel(/^Tiedosto/)
    .setInputFiles({ name: 'kokeilu.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Tuo' }).click();
  const report = page.getByRole('region', { name: 'Raportti' });
  await expect(report.getByText('Kokeilu: mitään ei tallennettu.')).toBeVisible();
  await expect(report.getByText('kokeilu.csv: csv, utf-8, 1')).toBeVisible();
  await expect(report.locator('dt:has-text("Lisätty") + dd')).toHaveText('1');
  await expect(report.locator('dt:has-text("Hylätyt rivit") + dd')).toHaveText('1');
  await expect(report.getByRole('listitem').filter({ hasText: 'kokeilu.csv:3' })).toContainText('no name');
  await expectNoAxeViolations(page);

  await page.getByLabel('Vain kokeilu – näytä raportti tallentamatta').uncheck();
  await page.getByLabel(/^Tiedosto/).setInputFiles({
    name: 'rikki.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"oid": "1.2.3", "toteutukset": ['),
  });
  await page.getByRole('button', { name: 'Tuo' }).click();
  await expect(page.getByRole('alert')).toContainText('Tuonti epäonnistui, mitään ei muutettu:');
  await expect(page.getByRole('alert')).toContainText('rikki.json: not valid JSON');

  const search = await page.request.get('/api/v1/programs?q=kokeilu');
  expect((await search.json()).total).toBe(0);
});

test('a counsellor has no import page', async ({ page }) => {
  await signIn(page, demo.counsellor.email, DEMO_PASSWORD);
  await expect(consoleMenu(page).getByRole('button', { name: 'Sisällöt' })).toBeVisible();
  await expect(
    consoleMenu(page).getByRole('link', { name: 'Koulutusten tuonti', includeHidden: true }),
  ).toHaveCount(0);
  const response = await page.goto('/console/programmes');
  expect(response?.status()).toBe(403);
});
