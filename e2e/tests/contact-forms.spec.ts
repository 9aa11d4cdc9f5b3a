import { type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * The public "write to us" and "call me back" forms, as a visitor without scripts uses them:
 * errors next to their fields and linked from a summary, what was typed kept, then a
 * confirmation. The journeys send three real requests to the contact API, which takes ten an
 * hour from one address: errors the page can find itself never reach it.
 */

/** A Helsinki calendar day `days` from now, YYYY-MM-DD: the service's clock. */
function helsinkiDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

interface InboxItem {
  channel: string;
  status: string;
  topic: string | null;
  language: string | null;
  clientName: string | null;
  clientEmail: string | null;
  clientPhone: string | null;
  preview: string;
  origin: string | null;
  callback: { phone: string | null; window: { date: string; from: string; to: string }; note: string } | null;
}

/** What reached the counsellors' inbox, as the admin's session reads it from the API. */
async function inboxItems(admin: Page, query: string): Promise<InboxItem[]> {
  const response = await admin.request.get(`/api/v1/inbox/conversations?${query}`);
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { items: InboxItem[] }).items;
}

/** The error summary at the top of a form: one link per problem, to its field. */
const summaryOf = (page: Page) => page.getByRole('alert');

/** The summary links to the field, and the field is marked invalid and described by the message. */
async function expectFieldError(page: Page, field: Locator, id: string, label: string, message: string) {
  await expect(summaryOf(page).getByRole('link', { name: `${label}: ${message}` })).toHaveAttribute(
    'href',
    `#${id}`,
  );
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(new RegExp(message.replace(/[.+?()]/g, '\\$&')));
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a visitor writes to the service: a bad address and no consent first, then a confirmation', async ({
    page,
    newPageInFreshContext,
  }) => {
    const suffix = uniqueSuffix();
    const email = `e2e-write-${suffix}@example.fi`;
    const message = `Voinko hakea oppisopimukseen, jos olen työttömänä? (${suffix})`;

    await page.goto('/fi');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Kirjoita meille', exact: true }).click();
    await expect(page).toHaveURL('/fi/kirjoita-meille');
    await expect(page).toHaveTitle('Kirjoita meille – OpinTori');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kirjoita meille');

    const form = page.getByRole('main');
    const emailField = form.getByRole('textbox', { name: 'Sähköposti' });
    const consent = form.getByRole('checkbox', { name: /^Annan luvan tallentaa viestini/ });
    await expect(consent).toHaveAccessibleDescription(/poistetaan 365 päivän kuluttua/);
    await expect(form.getByLabel('Oppilaitos')).toHaveValue('');
    await expect(form.getByLabel('Oppilaitos').getByRole('option').first()).toHaveText(
      'Ei väliä – yhteinen ohjauspalvelu',
    );

    await form.getByLabel('Etunimi').fill('Testi');
    await emailField.fill(`e2e-write-${suffix}@`);
    await form.getByLabel('Aihe').selectOption({ label: 'Oppisopimus' });
    await form.getByLabel('Viestisi').fill(message);
    await form.getByRole('button', { name: 'Lähetä viesti' }).click();

    await expect(summaryOf(page)).toContainText('Tarkista seuraavat kohdat:');
    await expect(summaryOf(page).getByRole('link')).toHaveCount(2);
    await expectFieldError(
      page,
      emailField,
      'email',
      'Sähköposti',
      'Kirjoita sähköpostiosoite muodossa nimi@esimerkki.fi.',
    );
    await expectFieldError(
      page,
      consent,
      'consent',
      'Lupa tietojen tallentamiseen',
      'Tarvitsemme luvan, jotta voimme tallentaa yhteydenottosi.',
    );
    // What was typed and chosen is still there.
    await expect(form.getByLabel('Etunimi')).toHaveValue('Testi');
    await expect(emailField).toHaveValue(`e2e-write-${suffix}@`);
    await expect(form.getByLabel('Aihe')).toHaveValue('apprenticeship');
    await expect(form.getByLabel('Viestisi')).toHaveValue(message);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    await emailField.fill(email);
    await consent.check();
    await form.getByRole('button', { name: 'Lähetä viesti' }).click();
    await expect(page).toHaveURL('/fi/kirjoita-meille?sent=1');
    await expect(page).toHaveTitle('Viesti lähetetty – OpinTori');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kiitos, viestisi on lähetetty');
    await expect(page.getByRole('status')).toContainText('Lähetimme vahvistuksen sähköpostiisi.');
    await expect(page.getByRole('status')).toContainText('yleensä kahden arkipäivän kuluessa');
    await expect(page.getByRole('button', { name: 'Lähetä viesti' })).toHaveCount(0);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // The message waits in the shared inbox as an email conversation, and a confirmation went out.
    const admin = await newPageInFreshContext();
    await signIn(admin, demo.admin.email, DEMO_PASSWORD);
    await expect(admin).toHaveURL(/\/console$/);
    const items = await inboxItems(admin, `channel=email&q=${encodeURIComponent(email)}`);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      channel: 'email',
      status: 'queued',
      topic: 'apprenticeship',
      language: 'fi',
      clientName: 'Testi',
      clientEmail: email,
      preview: message,
      origin: 'contact_form',
    });
    const mailbox = await admin.request.get('/api/v1/dev-mailbox?limit=200');
    expect(mailbox.status()).toBe(200);
    const mails = ((await mailbox.json()) as { items: { to: string; kind: string }[] }).items;
    expect(mails.filter((mail) => mail.to === email).map((mail) => mail.kind)).toEqual([
      'contact_confirmation',
    ]);
  });

  test('a visitor asks to be called back: a number with letters is explained, then a confirmation', async ({
    page,
    newPageInFreshContext,
  }) => {
    const name = `Soitto ${uniqueSuffix()}`;
    const day = helsinkiDay(7);
    const [year, month, date] = day.split('-').map(Number);

    await page.goto('/fi');
    await page
      .getByRole('region', { name: 'Näin saat ohjausta' })
      .getByRole('link', { name: 'Jätä soittopyyntö' })
      .click();
    await expect(page).toHaveURL('/fi/soittopyynto');
    await expect(page).toHaveTitle('Soittopyyntö – OpinTori');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Soittopyyntö');

    const form = page.getByRole('main');
    const phone = form.getByRole('textbox', { name: 'Puhelinnumero' });
    await expect(phone).toHaveAttribute('type', 'tel');
    await expect(phone).toHaveAttribute('autocomplete', 'tel');
    await expect(phone).toHaveAccessibleDescription('Esimerkiksi 040 123 4567 tai +46 70 123 4567');
    const dayField = form.getByLabel('Toivottu päivä');
    await expect(dayField).toHaveAttribute('min', helsinkiDay(0));
    await expect(dayField).toHaveAttribute('max', helsinkiDay(60));
    const timeWindow = form.getByRole('group', { name: 'Sopiva aika soitolle' });
    await expect(timeWindow.getByLabel('Alkaen klo').getByRole('option')).toHaveText([
      'Valitse',
      ...['8', '9', '10', '11', '12', '13', '14', '15', '16', '17'].flatMap((h) => [`${h}.00`, `${h}.30`]),
    ]);
    // The languages of guidance in their own names, the page's own chosen to begin with.
    const language = form.getByRole('combobox', { name: 'Millä kielellä haluat puhua?' });
    await expect(language).toHaveValue('fi');

    await phone.fill('040 123 456A');
    await dayField.fill(day);
    await timeWindow.getByLabel('Alkaen klo').selectOption('12:00');
    await timeWindow.getByLabel('Viimeistään klo').selectOption('10:00');
    await language.selectOption({ label: 'svenska' });
    await form.getByLabel('Aihe').selectOption({ label: 'Opintojen rahoitus' });
    await form.getByLabel('Etunimi').fill(name);
    await form.getByLabel('Lisätietoja').fill('Soittakaa mieluiten ennen lounasta.');
    await form.getByRole('checkbox', { name: /^Annan luvan tallentaa tietoni/ }).check();
    await form.getByRole('button', { name: 'Lähetä soittopyyntö' }).click();

    await expect(summaryOf(page).getByRole('link')).toHaveCount(2);
    await expectFieldError(
      page,
      phone,
      'phone',
      'Puhelinnumero',
      'Puhelinnumerossa saa olla vain numeroita, välilyöntejä ja +-merkki.',
    );
    await expectFieldError(
      page,
      timeWindow.getByLabel('Viimeistään klo'),
      'to',
      'Viimeistään klo',
      'Loppuajan pitää olla alkuajan jälkeen.',
    );
    // Everything else is kept, the consent too.
    await expect(phone).toHaveValue('040 123 456A');
    await expect(dayField).toHaveValue(day);
    await expect(timeWindow.getByLabel('Alkaen klo')).toHaveValue('12:00');
    await expect(language).toHaveValue('sv');
    await expect(form.getByLabel('Aihe')).toHaveValue('financing');
    await expect(form.getByLabel('Lisätietoja')).toHaveValue('Soittakaa mieluiten ennen lounasta.');
    await expect(form.getByRole('checkbox', { name: /^Annan luvan tallentaa tietoni/ })).toBeChecked();
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    await phone.fill('040 123 4567');
    await timeWindow.getByLabel('Alkaen klo').selectOption('10:00');
    await timeWindow.getByLabel('Viimeistään klo').selectOption('12:00');
    await form.getByRole('button', { name: 'Lähetä soittopyyntö' }).click();
    await expect(page).toHaveURL(`/fi/soittopyynto?sent=1&date=${day}&from=10%3A00&to=12%3A00`);
    await expect(page).toHaveTitle('Soittopyyntö lähetetty – OpinTori');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Kiitos, soittopyyntösi on vastaanotettu',
    );
    const status = page.getByRole('status');
    await expect(status).toContainText('Ohjaaja soittaa sinulle valitsemanasi aikana.');
    await expect(status).toContainText(
      new RegExp(`Toivomasi aika: \\p{L}+ ${date}\\.${month}\\.${year} klo 10\\.00–12\\.00\\.`, 'u'),
    );
    // No email address was given, so no confirmation was promised.
    await expect(status).not.toContainText('sähköpostiisi');
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // A call-back request in Swedish waits in the inbox, the number in international form.
    const admin = await newPageInFreshContext();
    await signIn(admin, demo.admin.email, DEMO_PASSWORD);
    await expect(admin).toHaveURL(/\/console$/);
    const items = await inboxItems(admin, `channel=phone&q=${encodeURIComponent(name)}`);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      channel: 'phone',
      topic: 'financing',
      language: 'sv',
      clientName: name,
      clientEmail: null,
      clientPhone: '+358401234567',
      origin: 'callback_form',
      callback: {
        phone: '+358401234567',
        window: { date: day, from: '10:00', to: '12:00' },
        note: 'Soittakaa mieluiten ennen lounasta.',
      },
    });
  });

  test('a form with the hidden field filled in is thanked and dropped', async ({
    page,
    baseURL,
    newPageInFreshContext,
  }) => {
    const email = `e2e-bot-${uniqueSuffix()}@example.fi`;
    const response = await page.request.post('/fi/kirjoita-meille', {
      headers: { origin: baseURL!, accept: 'text/html' },
      form: { email, topic: 'other', message: 'Buy now', consent: 'yes', website: 'https://spam.example' },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
    expect(response.headers()['location']).toBe('/fi/kirjoita-meille?sent=1');

    const admin = await newPageInFreshContext();
    await signIn(admin, demo.admin.email, DEMO_PASSWORD);
    await expect(admin).toHaveURL(/\/console$/);
    expect(await inboxItems(admin, `q=${encodeURIComponent(email)}`)).toEqual([]);
  });

  test('a provider the API does not know is refused at its field, with what was typed kept', async ({
    page,
    baseURL,
  }) => {
    // Not a choice the form offers; the API refuses it and the page says so next to the field.
    const response = await page.request.post('/sv/skriv-till-oss', {
      headers: { origin: baseURL!, accept: 'text/html' },
      form: {
        email: `e2e-provider-${uniqueSuffix()}@example.fi`,
        topic: 'other',
        provider: 'ingen-sadan-laroanstalt',
        message: 'Hej!',
        consent: 'yes',
      },
    });
    expect(response.status()).toBe(400);
    const html = await response.text();
    expect(html).toContain('id="provider-error">Den valda läroanstalten hittades inte.');
    expect(html).toContain('>Hej!</textarea>');
  });

  test('both forms are in Swedish and English, and the language switcher keeps the form', async ({
    page,
  }) => {
    const switcher = page.getByRole('navigation', { name: /Valitse kieli|Välj språk|Choose language/ });
    const pages = [
      {
        fi: '/fi/kirjoita-meille',
        sv: ['/sv/skriv-till-oss', 'Skriv till oss'],
        en: ['/en/write-to-us', 'Write to us'],
      },
      {
        fi: '/fi/soittopyynto',
        sv: ['/sv/bli-uppringd', 'Bli uppringd'],
        en: ['/en/call-back', 'Call me back'],
      },
    ] as const;
    for (const { fi, sv, en } of pages) {
      await page.goto(fi);
      for (const [lang, href] of [
        ['fi', fi],
        ['sv', sv[0]],
        ['en', en[0]],
      ]) {
        await expect(page.locator(`link[rel="alternate"][hreflang="${lang}"]`)).toHaveAttribute(
          'href',
          new RegExp(`${href}$`),
        );
      }
      await switcher.getByRole('link', { name: 'På svenska' }).click();
      await expect(page).toHaveURL(sv[0]);
      await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(sv[1]);
      await switcher.getByRole('link', { name: 'In English' }).click();
      await expect(page).toHaveURL(en[0]);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(en[1]);
      await switcher.getByRole('link', { name: 'Suomeksi' }).click();
      await expect(page).toHaveURL(fi);
    }

    // Swedish errors, in Swedish words.
    await page.goto('/sv/bli-uppringd');
    await page.getByRole('textbox', { name: 'Telefonnummer' }).fill('+46 70');
    await page.getByRole('button', { name: 'Skicka begäran' }).click();
    await expect(summaryOf(page)).toContainText(
      'Telefonnummer: Numret har för få eller för många siffror. Kontrollera numret.',
    );
    await expect(summaryOf(page)).toContainText('Önskad dag: Välj en dag.');
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
  });
});

test('the forms pass axe in Finnish, Swedish and English with scripts on', async ({ page }) => {
  for (const path of ['/fi/kirjoita-meille', '/sv/skriv-till-oss', '/fi/soittopyynto', '/en/call-back']) {
    await page.goto(path);
    await expect(page.getByRole('button', { name: /Lähetä|Skicka|Send/ })).toBeVisible();
    await expectNoAxeViolations(page);
  }
});
