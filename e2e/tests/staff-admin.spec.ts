import { expectNoAxeViolations } from './axe.js';
import { demo, providers } from './support/accounts.js';
import { buildCounsellor, changePassword, fillStaffForm, signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

test.use({ asAdmin: true });

test('the admin adds a counsellor, who must replace the initial password at first sign-in', async ({
  page,
  newPageInFreshContext,
}) => {
  const person = buildCounsellor();

  await page.goto('/console/admin/staff');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Henkilökunta');
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Lisää henkilö' }).click();
  await expect(page).toHaveURL(/\/console\/admin\/staff\/new$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Uusi henkilö');
  await expectNoAxeViolations(page);

  await fillStaffForm(page, person);
  await page.getByRole('button', { name: 'Lisää henkilö' }).click();
  await expect(page).toHaveURL(/\/console\/admin\/staff\?saved=created$/);
  await expect(page.getByRole('status')).toHaveText(
    'Henkilö lisätty. Hän voi nyt kirjautua alkusalasanalla.',
  );
  const row = page.getByRole('row').filter({ hasText: person.email });
  await expect(row.getByRole('cell')).toHaveText([
    `${person.name} ${person.email}`,
    providers.jokivarsi,
    'Ohjaaja',
    'suomi, arabia',
    'Aktiivinen',
    'Ei koskaan',
  ]);
  await expectNoAxeViolations(page);

  await row.getByRole('link', { name: person.name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    `Muokkaa henkilön tietoja: ${person.name}`,
  );
  await expect(page.getByLabel('Kielet, joilla ohjaa')).toHaveValue('fi, ar');
  await expect(page.getByLabel('Oppilaitos', { exact: true }).locator('option:checked')).toHaveText(
    providers.jokivarsi,
  );
  await expect(page.getByRole('checkbox', { name: 'Maahan muuttaneet' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Oppisopimus' })).not.toBeChecked();
  await expectNoAxeViolations(page);

  const counsellor = await newPageInFreshContext();
  await signIn(counsellor, person.email, person.password);
  await expect(counsellor).toHaveURL(/\/console\/password$/);
  await expect(
    counsellor.getByText('Vaihda ylläpitäjän antama alkusalasana ennen kuin jatkat.'),
  ).toBeVisible();
  await expect(counsellor.getByRole('navigation', { name: 'Työtilan valikko' })).toHaveCount(0);
  await expectNoAxeViolations(counsellor);

  // Nothing else opens before the password is changed.
  await counsellor.goto('/console');
  await expect(counsellor).toHaveURL(/\/console\/password$/);

  const newPassword = `${person.password}-oma-uusi`;
  await counsellor.getByLabel('Nykyinen salasana').fill(person.password);
  await counsellor.getByLabel('Uusi salasana', { exact: true }).fill(newPassword);
  await counsellor.getByLabel('Uusi salasana uudelleen').fill(`${newPassword}x`);
  await counsellor.getByRole('button', { name: 'Vaihda salasana' }).click();
  await expect(counsellor.getByRole('alert').getByRole('link')).toHaveText(
    'Uusi salasana uudelleen: Salasanat eivät ole samat.',
  );
  await expectNoAxeViolations(counsellor);

  await changePassword(counsellor, person.password, newPassword);
  await expectNoAxeViolations(counsellor);
  await counsellor.getByRole('main').getByRole('link', { name: 'Yleiskatsaus' }).click();
  await expect(counsellor).toHaveURL(/\/console$/);
  await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText(`Tervetuloa, ${person.name}`);
  await expect(counsellor.getByText('Roolisi: Ohjaaja')).toBeVisible();
  await expect(counsellor.getByText(`Oppilaitoksesi: ${providers.jokivarsi}`)).toBeVisible();
  await expectNoAxeViolations(counsellor);
});

test('the add form returns errors with everything typed kept, except the password', async ({ page }) => {
  const person = buildCounsellor({ password: 'liian-lyhyt' });
  await page.goto('/console/admin/staff/new');
  await fillStaffForm(page, person);
  await page.getByRole('button', { name: 'Lisää henkilö' }).click();

  const summary = page.getByRole('alert');
  await expect(summary).toContainText('Tarkista lomakkeen tiedot.');
  await expect(summary.getByRole('link')).toHaveText(
    'Alkusalasana: Vähintään 12 merkkiä. Pitkä, useasta sanasta koostuva salasana on hyvä ja helppo muistaa.',
  );
  await expect(page.getByLabel('Alkusalasana', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expectTypedValuesKept();
  await expect(page.getByLabel('Alkusalasana', { exact: true })).toHaveValue('');
  await expectNoAxeViolations(page);

  // A valid password, but the email belongs to a demo counsellor.
  await page.getByLabel('Sähköposti', { exact: true }).fill(demo.counsellor.email);
  await page.getByLabel('Alkusalasana', { exact: true }).fill('riittavan-pitka-salasana');
  await page.getByRole('button', { name: 'Lisää henkilö' }).click();
  await expect(summary.getByRole('link')).toHaveText(
    'Sähköposti: Sähköpostiosoite on jo toisen tunnuksen käytössä.',
  );
  await expect(page.getByLabel('Sähköposti', { exact: true })).toHaveValue(demo.counsellor.email);
  await expect(page.getByLabel('Sähköposti', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Nimi', { exact: true })).toHaveValue(person.name);
  await expectNoAxeViolations(page);

  // The summary links to the field it names.
  await summary.getByRole('link').click();
  await expect(page.getByLabel('Sähköposti', { exact: true })).toBeFocused();

  await page.goto('/console/admin/staff');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Henkilökunta');
  await expect(page.getByRole('link', { name: person.name })).toHaveCount(0);

  async function expectTypedValuesKept(): Promise<void> {
    await expect(page.getByLabel('Nimi', { exact: true })).toHaveValue(person.name);
    await expect(page.getByLabel('Sähköposti', { exact: true })).toHaveValue(person.email);
    await expect(page.getByLabel('Oppilaitos', { exact: true }).locator('option:checked')).toHaveText(
      person.provider,
    );
    await expect(page.getByLabel('Rooli', { exact: true }).locator('option:checked')).toHaveText(person.role);
    await expect(page.getByLabel('Kielet, joilla ohjaa')).toHaveValue(person.languages);
    await expect(page.getByRole('checkbox', { name: 'Maahan muuttaneet' })).toBeChecked();
  }
});
