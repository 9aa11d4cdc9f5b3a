import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo } from './support/accounts.js';
import { followConsoleMenu, signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * The staff handbook: a counsellor finds it in the console menu, searches it and reads an
 * article marked staff only; its address under the public guides is a 404, and signed out the
 * console page asks for a sign-in.
 */

test('a counsellor searches the handbook and reads an article; the public never sees it', async ({
  page,
  newPageInFreshContext,
}) => {
  await signIn(page, demo.counsellor.email, DEMO_PASSWORD);
  await followConsoleMenu(page, 'Sisällöt', 'Käsikirja');
  await expect(page.getByRole('heading', { level: 1, name: 'Henkilökunnan käsikirja' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Kaikki artikkelit' })).toBeVisible();
  await expect(page.locator('ul.articles > li')).toHaveCount(8);
  await expectNoAxeViolations(page);

  await page.getByLabel('Hae käsikirjasta').fill('henkilötunnus');
  await page.getByRole('button', { name: 'Hae', exact: true }).click();
  await expect(page).toHaveURL(/\/console\/handbook\?q=henkil/);
  await expect(page.getByRole('heading', { level: 2, name: 'Hakutulokset: henkilötunnus' })).toBeVisible();
  const first = page.locator('ul.articles > li').first();
  await expect(first.locator('mark').first()).toBeVisible();
  await page
    .getByRole('link', { name: /tietosuoja/i })
    .first()
    .click();
  await expect(page).toHaveURL(/\/console\/handbook\/fi\/kasikirja-tietosuoja$/);
  await expect(page.getByText('Vain henkilökunnalle – älä lähetä tätä asiakkaalle.')).toBeVisible();
  await expect(page.locator('article h2').first()).toBeVisible();
  await expectNoAxeViolations(page);

  // Nothing matching says so and offers the whole list.
  await page.goto('/console/handbook?q=xyzzyquux');
  await expect(page.getByText('Käsikirjasta ei löytynyt osumia. Kokeile toista sanaa.')).toBeVisible();

  const visitor = await newPageInFreshContext();
  expect((await visitor.goto('/fi/ohjeet/kasikirja-tietosuoja'))?.status()).toBe(404);
  await visitor.goto('/console/handbook/fi/kasikirja-tietosuoja');
  await expect(visitor).toHaveURL(/\/console\/login/);
});
