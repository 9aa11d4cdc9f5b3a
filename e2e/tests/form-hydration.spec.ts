import { expect, test } from './support/fixtures.js';

test.use({ asAdmin: true });

// On a slow connection people start typing before the page's JavaScript has run. Hydration
// must keep what they typed (it used to write the server's empty value over it).
test('text typed and boxes ticked before the page hydrates are kept', async ({ page }) => {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/_app/immutable/**/*.js', async (route) => {
    await held;
    await route.continue();
  });

  await page.goto('/console/admin/staff/new', { waitUntil: 'domcontentloaded' });
  await page.getByLabel('Nimi').fill('Ennen Hydraatiota');
  await page.getByLabel('Sähköposti').fill('ennen.hydraatiota@example.test');
  await page.getByRole('checkbox', { name: 'Maahan muuttaneet' }).check();
  const hydrated = page.waitForResponse(/\/_app\/immutable\/.*\.js/);
  release();
  await hydrated;
  await page.waitForLoadState('networkidle');
  await expect(page.getByLabel('Nimi')).toHaveValue('Ennen Hydraatiota');
  await expect(page.getByLabel('Sähköposti')).toHaveValue('ennen.hydraatiota@example.test');
  await expect(page.getByRole('checkbox', { name: 'Maahan muuttaneet' })).toBeChecked();
});
