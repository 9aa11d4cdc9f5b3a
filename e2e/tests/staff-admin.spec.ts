import { expectNoAxeViolations } from './axe.js';
import { demo, providers } from './support/accounts.js';
import { buildCounsellor, fillStaffForm, invitationLink } from './support/console.js';
import { expect, test } from './support/fixtures.js';

test.use({ asAdmin: true });

test('the admin adds a counsellor, who sets their own password through the mailed invitation', async ({
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
  // Nobody types another person's password: the person sets their own.
  await expect(page.getByLabel('Alkusalasana')).toHaveCount(0);
  await expect(page.getByText('Henkilö saa sähköpostiinsa kutsulinkin')).toBeVisible();
  await expectNoAxeViolations(page);

  await fillStaffForm(page, person);
  await page.getByRole('button', { name: 'Lisää henkilö' }).click();
  await expect(page).toHaveURL(/\/console\/admin\/staff\?saved=created$/);
  await expect(page.getByRole('status')).toHaveText(
    'Henkilö lisätty. Kutsu salasanan asettamiseen lähetettiin hänen sähköpostiinsa.',
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

  const link = await invitationLink(page.request, person.email);
  const counsellor = await newPageInFreshContext();
  await counsellor.goto(link);
  await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText('Aseta salasanasi');
  await expect(counsellor.getByText(`Tunnus: ${person.email}`)).toBeVisible();
  await expect(counsellor.getByRole('navigation', { name: 'Työtilan valikko' })).toHaveCount(0);
  await expectNoAxeViolations(counsellor);

  const ownPassword = `oma salalause ${person.email}`;
  await counsellor.getByLabel('Uusi salasana', { exact: true }).fill(ownPassword);
  await counsellor.getByLabel('Uusi salasana uudelleen').fill(`${ownPassword}x`);
  await counsellor.getByRole('button', { name: 'Tallenna salasana ja kirjaudu' }).click();
  await expect(counsellor.getByRole('alert').getByRole('link')).toHaveText(
    'Uusi salasana uudelleen: Salasanat eivät ole samat.',
  );
  await expectNoAxeViolations(counsellor);

  await counsellor.getByLabel('Uusi salasana', { exact: true }).fill(ownPassword);
  await counsellor.getByLabel('Uusi salasana uudelleen').fill(ownPassword);
  await counsellor.getByRole('button', { name: 'Tallenna salasana ja kirjaudu' }).click();
  await expect(counsellor).toHaveURL(/\/console$/);
  await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText(`Tervetuloa, ${person.name}`);
  await expect(counsellor.getByText('Roolisi: Ohjaaja')).toBeVisible();
  await expect(counsellor.getByText(`Oppilaitoksesi: ${providers.jokivarsi}`)).toBeVisible();
  await expectNoAxeViolations(counsellor);

  // The link worked once.
  await counsellor.goto(link);
  await expect(counsellor.getByRole('alert')).toHaveText(
    'Linkki on vanhentunut, jo käytetty tai korvattu uudemmalla. Pyydä ylläpitäjältä uusi linkki tai kirjaudu, jos olet jo asettanut salasanan.',
  );
  await expectNoAxeViolations(counsellor);
});

test('the add form returns errors with everything typed kept', async ({ page }) => {
  const person = buildCounsellor({ email: demo.counsellor.email });
  await page.goto('/console/admin/staff/new');
  await fillStaffForm(page, person);
  await page.getByRole('button', { name: 'Lisää henkilö' }).click();

  // The email belongs to a demo counsellor.
  const summary = page.getByRole('alert');
  await expect(summary.getByRole('link')).toHaveText(
    'Sähköposti: Sähköpostiosoite on jo toisen tunnuksen käytössä.',
  );
  await expectTypedValuesKept();
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
