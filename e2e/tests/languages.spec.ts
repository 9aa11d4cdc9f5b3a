import { expectNoAxeViolations } from './axe.js';
import { demo, uniqueSuffix } from './support/accounts.js';
import { expect, test } from './support/fixtures.js';
import { conversationByEmail } from './support/console.js';

/*
 * The languages of guidance on the public pages, without scripts: the write-to-us form and the
 * booking page list every language some counsellor guides in, each in its own name and marked
 * with its code; a message asking for Arabic reaches the inbox as an Arabic conversation, and
 * booking in Arabic offers only the times of the counsellor who speaks it (in the demo data,
 * Leila Haddad: video on Wednesdays 9–12). A language nobody offers is refused in words.
 */

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a visitor asks to be answered in Arabic, and the conversation is in Arabic', async ({
    page,
    playwright,
    baseURL,
  }) => {
    const suffix = uniqueSuffix();
    const email = `e2e-arabic-${suffix}@example.fi`;

    await page.goto('/fi/kirjoita-meille');
    const form = page.getByRole('main');
    const language = form.getByRole('combobox', { name: 'Millä kielellä haluat vastauksen?' });
    await expect(language).toHaveValue('fi');
    await expect(language.getByRole('option', { name: 'suomi' })).toHaveAttribute('lang', 'fi');
    await expect(language.getByRole('option', { name: 'العربية' })).toHaveAttribute('lang', 'ar');

    // Sent without the consent: the chosen language comes back with the error.
    await form.getByRole('textbox', { name: 'Sähköposti' }).fill(email);
    await language.selectOption({ label: 'العربية' });
    await form.getByLabel('Aihe').selectOption({ label: 'Koulutukseen hakeminen' });
    await form.getByLabel('Viestisi').fill(`Haluaisin vastauksen arabiaksi. (${suffix})`);
    await form.getByRole('button', { name: 'Lähetä viesti' }).click();
    await expect(page.getByRole('alert')).toContainText('Lupa tietojen tallentamiseen');
    await expect(language).toHaveValue('ar');
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    await form.getByRole('checkbox', { name: /^Annan luvan tallentaa viestini/ }).check();
    await form.getByRole('button', { name: 'Lähetä viesti' }).click();
    await expect(page).toHaveURL('/fi/kirjoita-meille?sent=1');

    // The counsellor who speaks Arabic reads the conversation's language through the staff API.
    const read = await conversationByEmail(playwright, baseURL, demo.foreignCounsellor.email, email);
    expect(read.conversation.language).toBe('ar');

    // A language nobody guides in (a stale page, a hand-made post) is refused next to the choice.
    const refused = await page.request.post('/fi/kirjoita-meille', {
      headers: { origin: baseURL!, accept: 'text/html' },
      form: { email, topic: 'other', message: `Kysymys (${suffix})`, consent: 'yes', language: 'zu' },
    });
    expect(refused.status()).toBe(400);
    expect(await refused.text()).toContain(
      'id="language-error">Tällä kielellä ei ole nyt ohjaajia. Valitse toinen kieli.',
    );
  });

  test('booking in Arabic offers the times of the counsellor who speaks it', async ({ page }) => {
    await page.goto('/fi/varaa-aika');
    const arabic = page.getByRole('radio', { name: 'العربية' });
    await expect(page.getByRole('group', { name: 'Tapaamisen kieli' })).toBeVisible();
    await expect(page.getByRole('radio', { name: 'suomi' })).toBeChecked();
    await expect(page.locator('label', { has: arabic }).locator('span[lang="ar"]')).toHaveText('العربية');
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
    await page.getByRole('radio', { name: /^Videotapaaminen/ }).check();
    await arabic.check();
    await page.getByLabel('Aihe').selectOption({ label: 'Koulutukseen hakeminen' });
    await page.getByRole('button', { name: 'Näytä vapaat ajat' }).click();

    await expect(page).toHaveURL(/[?&]language=ar(&|$)/);
    await expect(page.getByText('Videotapaaminen, arabia, aihe: Koulutukseen hakeminen')).toBeVisible();
    // Next week always holds a whole Wednesday morning, whatever day the journey runs on.
    await page.getByRole('link', { name: /Myöhemmät ajat/ }).click();
    await expect(page.getByRole('radio', { name: /^\d{1,2}\.\d{2}/ }).first()).toBeVisible();
    const days = await page.locator('fieldset.day > legend').allTextContents();
    expect(days.length).toBeGreaterThan(0);
    for (const day of days) expect(day).toMatch(/^keskiviikkona /);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // A language nobody guides in sends the visitor back to choose another.
    await page.goto('/fi/varaa-aika?channel=video&language=zu&topic=applying');
    await expect(
      page.getByRole('heading', { level: 2, name: 'Vaihe 1/3: Millaisen tapaamisen haluat?' }),
    ).toBeVisible();
    await expect(page.getByRole('alert')).toContainText(
      'Tapaamisen kieli: Tällä kielellä ei ole nyt ohjaajia. Valitse toinen kieli.',
    );
    await expect(page.getByRole('group', { name: 'Tapaamisen kieli' })).toHaveAccessibleDescription(
      'Tällä kielellä ei ole nyt ohjaajia. Valitse toinen kieli.',
    );
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
  });
});
