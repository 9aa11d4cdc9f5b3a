import { expectNoAxeViolations } from './axe.js';
import { demo, providers, uniqueSuffix } from './support/accounts.js';
import { openOwnMenu } from './support/console.js';
import { expect, test } from './support/fixtures.js';

test.use({ asAdmin: true });

test('the workspace language switches the console to Swedish and English and keeps the page', async ({
  page,
}) => {
  await page.goto('/console');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fi');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Tervetuloa, ${demo.admin.name}`);

  // The language is in the person's own menu.
  await openOwnMenu(page, demo.admin.name);
  await page.getByLabel('Työtilan kieli').selectOption({ label: 'Svenska' });
  await page.getByRole('button', { name: 'Vaihda', exact: true }).click();
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Välkommen, ${demo.admin.name}`);
  const menu = page.getByRole('navigation', { name: 'Arbetsytans meny' });
  await expect(menu.getByRole('button')).toHaveText([
    'Arbete',
    'Innehåll',
    'Uppföljning',
    'Administration',
    demo.admin.name,
  ]);
  await menu.getByRole('button', { name: `Inloggad: ${demo.admin.name}` }).click();
  await expect(menu.getByRole('button', { name: 'Logga ut' })).toBeVisible();
  await expect(page.getByLabel('Arbetsytans språk').locator('option:checked')).toHaveText('Svenska');
  await expectNoAxeViolations(page);

  // The choice holds on the next page, and switching again stays on that page.
  await menu.getByRole('button', { name: 'Administration' }).click();
  await menu.getByRole('link', { name: 'Personal' }).click();
  await expect(page).toHaveURL(/\/console\/admin\/staff$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Personal');

  await menu.getByRole('button', { name: `Inloggad: ${demo.admin.name}` }).click();
  await page.getByLabel('Arbetsytans språk').selectOption({ label: 'English' });
  await page.getByRole('button', { name: 'Byt', exact: true }).click();
  await expect(page).toHaveURL(/\/console\/admin\/staff$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Staff');
  await page.getByRole('button', { name: `Signed in as ${demo.admin.name}` }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('providers and topics are named in the workspace language', async ({ page }) => {
  const suffix = uniqueSuffix();
  const left = await page.request.post('/api/v1/contact/messages', {
    data: {
      lang: 'fi',
      name: `Kysyjä ${suffix}`,
      email: `kieli-${suffix}@example.fi`,
      topic: 'apprenticeship',
      provider: 'pohjoisrannikon-ammattiopisto',
      message: `Oppisopimus työn ohessa? (${suffix})`,
      consent: true,
    },
  });
  expect(left.status(), await left.text()).toBe(201);
  const useLanguage = async (lang: string) => {
    const response = await page.request.post('/console/language', {
      form: { lang, next: '/console' },
      // As the browser sends the form: a page, not the JSON result of an enhanced form.
      headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
  };

  await page.goto('/console');
  await useLanguage('sv');
  await page.goto('/console/admin/staff');
  await expect(page.getByRole('row').filter({ hasText: demo.counsellor.name })).toContainText(
    'Yrkesinstitutet Norra kusten (demo)',
  );
  await expect(page.getByLabel('Visa läroanstalt').getByRole('option')).toContainText([
    'Alla läroanstalter',
    'Vuxeninstitutet vid älven (demo)',
  ]);
  // The person's own provider too, in their own menu.
  const menu = page.getByRole('navigation', { name: 'Arbetsytans meny' });
  await menu.getByRole('button', { name: `Inloggad: ${demo.admin.name}` }).click();
  await expect(menu.getByText('Tjänstens huvudanvändare, Yrkesinstitutet Norra kusten (demo)')).toBeVisible();

  await useLanguage('en');
  await page.goto(`/console/inbox?channel=email&q=${suffix}`);
  const contactRow = page.getByRole('row').filter({ hasText: suffix });
  await expect(contactRow).toHaveCount(1);
  await expect(contactRow).toContainText('Northern Coast Vocational College (demo)');
  await expect(contactRow).toContainText('Apprenticeship');
  await expect(contactRow).not.toContainText(providers.pohjoisrannikko);
  await expectNoAxeViolations(page);
});
