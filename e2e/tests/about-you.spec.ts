import { expectNoAxeViolations } from './axe.js';
import { demo, uniqueSuffix } from './support/accounts.js';
import { expect, test } from './support/fixtures.js';
import { conversationByEmail } from './support/console.js';

/*
 * "About you" on the public forms, without scripts: the optional, anonymous age band, situation
 * and home municipality, kept when the form comes back with errors, stored as codes with the
 * contact (read back through the staff API), and a value the service does not know named on the
 * confirmation instead of refusing the message.
 */

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a visitor tells about themselves on the write-to-us form, and the counsellor reads the codes', async ({
    page,
    playwright,
    baseURL,
  }) => {
    const suffix = uniqueSuffix();
    const email = `e2e-about-${suffix}@example.fi`;

    await page.goto('/fi/kirjoita-meille');
    const form = page.getByRole('main');
    const about = form.getByRole('group', { name: 'Kerro halutessasi itsestäsi' });
    await expect(about).toHaveAccessibleDescription(/^Vapaaehtoista ja nimetöntä/);
    const age = about.getByRole('combobox', { name: 'Ikä' });
    const situation = about.getByRole('combobox', { name: 'Tilanne' });
    const municipality = about.getByRole('combobox', { name: 'Kotikunta' });
    // Skipping is simply not choosing: every choice starts at "prefer not to say".
    for (const select of [age, situation, municipality]) {
      await expect(select).toHaveValue('');
      await expect(select).not.toHaveAttribute('required');
      await expect(select.getByRole('option').first()).toHaveText('En halua kertoa');
    }
    // The region's municipalities first, the rest of Finland after them.
    await expect(municipality.locator('optgroup')).toHaveCount(2);
    await expect(municipality.locator('optgroup').first()).toHaveAttribute('label', 'Pohjois-Pohjanmaa');
    await expect(municipality.locator('optgroup').nth(1)).toHaveAttribute('label', 'Muualla Suomessa');
    await expect(
      municipality.locator('optgroup').first().getByRole('option', { name: 'Pudasjärvi' }),
    ).toHaveCount(1);

    // Sent without the consent: the choices come back with the error.
    await form.getByRole('textbox', { name: 'Sähköposti' }).fill(email);
    await form.getByLabel('Aihe').selectOption({ label: 'Oppisopimus' });
    await form.getByLabel('Viestisi').fill(`Sopisiko oppisopimus minulle? (${suffix})`);
    await age.selectOption({ label: '45–54 vuotta' });
    await situation.selectOption({ label: 'Olen työtön tai lomautettu' });
    await municipality.selectOption({ label: 'Pudasjärvi' });
    await form.getByRole('button', { name: 'Lähetä viesti' }).click();
    await expect(page.getByRole('alert')).toContainText('Lupa tietojen tallentamiseen');
    await expect(age).toHaveValue('45_54');
    await expect(situation).toHaveValue('unemployed');
    await expect(municipality).toHaveValue('615');
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    await form.getByRole('checkbox', { name: /^Annan luvan tallentaa viestini/ }).check();
    await form.getByRole('button', { name: 'Lähetä viesti' }).click();
    await expect(page).toHaveURL('/fi/kirjoita-meille?sent=1');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kiitos, viestisi on lähetetty');
    await expect(page.getByRole('status')).not.toContainText('ei tallennettu');

    // A counsellor reads the codes on the conversation, the municipality named and classed.
    const read = await conversationByEmail(playwright, baseURL, demo.counsellor.email, email);
    expect(read.context.about).toEqual({
      ageBand: '45_54',
      situation: 'unemployed',
      municipality: '615',
      municipalityName: 'Pudasjärvi',
      regionClass: 'rural',
    });

    // A municipality code the service does not know (a stale page, a hand-made post) does not
    // stop the message: the confirmation says it was left out.
    const posted = await page.request.post('/fi/kirjoita-meille', {
      headers: { origin: baseURL!, accept: 'text/html' },
      form: {
        email,
        topic: 'other',
        message: `Toinen kysymys (${suffix})`,
        consent: 'yes',
        'about.ageBand': '',
        'about.municipality': '999',
      },
      maxRedirects: 0,
    });
    expect(posted.status()).toBe(303);
    const location = posted.headers()['location'] ?? '';
    expect(location).toBe('/fi/kirjoita-meille?sent=1&warning=about.unknown_municipality');
    await page.goto(location);
    await expect(page.getByRole('status')).toContainText('Kuntaa ei tunnistettu, joten sitä ei tallennettu.');
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
  });

  test('the booking form asks the same, optionally', async ({ page }) => {
    await page.goto('/fi/varaa-aika?channel=phone&language=fi&topic=applying');
    await page.getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Jatka valitulla ajalla' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Vaihe 3/3: Yhteystietosi' })).toBeVisible();
    const about = page.getByRole('group', { name: 'Kerro halutessasi itsestäsi' });
    await expect(about.getByRole('combobox')).toHaveCount(3);
    await expect(about.getByRole('combobox', { name: 'Kotikunta' })).toHaveValue('');
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
  });
});
