import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { consoleMenu, signIn, signOut, submitSignIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

const invalidCredentials = 'Sähköposti tai salasana on väärin.';

test('a wrong password and an unknown email get the same message, naming neither field', async ({ page }) => {
  await page.goto('/console/login');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kirjaudu sisään');
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
  const summary = page.getByRole('alert');
  await expect(summary.getByRole('link')).toHaveText([
    'Sähköposti: Tarkista tämä kenttä.',
    'Salasana: Tarkista tämä kenttä.',
  ]);
  await expect(page.getByLabel('Sähköposti')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);

  await submitSignIn(page, demo.otherCounsellor.email, 'ei-tama-salasana');
  await expect(summary).toHaveText(invalidCredentials);
  await expect(page.getByLabel('Sähköposti')).toHaveValue(demo.otherCounsellor.email);
  await expect(page.getByLabel('Salasana', { exact: true })).toHaveValue('');
  await expect(page.locator('[aria-invalid="true"]')).toHaveCount(0);
  await expectNoAxeViolations(page);

  const unknownEmail = `ei-ole-${uniqueSuffix()}@opintori.example`;
  await submitSignIn(page, unknownEmail, DEMO_PASSWORD);
  await expect(page.getByLabel('Sähköposti')).toHaveValue(unknownEmail);
  await expect(summary).toHaveText(invalidCredentials);
  await expect(page.locator('[aria-invalid="true"]')).toHaveCount(0);
});

test('a counsellor signs in to their workspace and out again', async ({ page }) => {
  const person = demo.otherCounsellor;
  await page.goto('/console/login');
  await submitSignIn(page, person.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Tervetuloa, ${person.name}`);
  await expect(
    consoleMenu(page).getByRole('button', { name: `Kirjautuneena: ${person.name}` }),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  await signOut(page, person.name);
  await expect(page.getByRole('status')).toHaveText('Olet kirjautunut ulos.');
  await expect(consoleMenu(page)).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.goto('/console');
  await expect(page).toHaveURL(/\/console\/login\?next=%2Fconsole$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kirjaudu sisään');
  await expect(page.getByRole('status')).toHaveCount(0);
});

test('signing in from a console link returns the person to that page', async ({ page }) => {
  await page.goto('/console/admin/organisations');
  await expect(page).toHaveURL(/\/console\/login\?next=%2Fconsole%2Fadmin%2Forganisations$/);
  await submitSignIn(page, demo.orgAdmin.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console\/admin\/organisations$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Oppilaitokset');
  await expectNoAxeViolations(page);
});

test('a person sees where they are signed in and signs another browser out', async ({
  page,
  newPageInFreshContext,
}) => {
  // A demo counsellor no other journey signs in as.
  const email = 'kirsi.niemela@tuulia.example';
  const phone = await newPageInFreshContext();
  await signIn(phone, email, DEMO_PASSWORD);
  await expect(phone).toHaveURL(/\/console$/);
  await signIn(page, email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console$/);

  await page.goto('/console/profile/sessions');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kirjautumiset');
  const table = page.getByRole('table', { name: 'Voimassa olevat kirjautumiset' });
  await expect(table.getByRole('row').filter({ hasText: 'Tämä kirjautuminen' })).toHaveCount(1);
  await expect(table.getByRole('row').filter({ hasText: /Chrom/ }).first()).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Kirjaa ulos kaikki muut' }).click();
  await expect(page.getByRole('status')).toContainText('Muut kirjautumiset päätettiin');
  await expect(table.getByRole('row')).toHaveCount(2); // the header and this sign-in
  await phone.goto('/console');
  await expect(phone).toHaveURL(/\/console\/login/);
});
