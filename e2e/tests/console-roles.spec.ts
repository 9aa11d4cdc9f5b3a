import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, providers } from './support/accounts.js';
import { consoleMenu, followConsoleMenu, signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

const adminPages = ['/console/admin/staff', '/console/admin/organisations', '/console/admin/audit'];

test('a counsellor sees no administration and is refused it', async ({ page }) => {
  await signIn(page, demo.counsellor.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Tervetuloa, ${demo.counsellor.name}`);
  // The whole menu of each role is console-navigation.spec's; here: no administration in it.
  await expect(consoleMenu(page).getByRole('button', { name: 'Työ' })).toBeVisible();
  await expect(consoleMenu(page).getByRole('button', { name: 'Ylläpito' })).toHaveCount(0);
  // The home is the counsellor's day, without the day's figures, which are for admins.
  await expect(page.getByRole('region', { name: 'Chat-jono nyt' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Päivän luvut' })).toHaveCount(0);
  await expectNoAxeViolations(page);

  const response = await page.goto('/console/admin/staff');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ei käyttöoikeutta');
  await expect(page.getByText('Sinulla ei ole oikeutta tähän toimintoon.')).toBeVisible();
  await expect(page.getByText(demo.foreignCounsellor.name)).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The same refusal, with the counsellor's cookies, for every administration page.
  for (const path of adminPages) {
    expect((await page.request.get(path, { maxRedirects: 0 })).status(), path).toBe(403);
  }
});

test.describe('with the admin at hand', () => {
  test.use({ asAdmin: true });

  test('a provider admin sees and opens only their own provider’s staff', async ({
    page: admin,
    newPageInFreshContext,
  }) => {
    // The service admin finds a counsellor of another provider.
    await admin.goto('/console/admin/staff');
    const foreignLink = admin.getByRole('link', { name: demo.foreignCounsellor.name });
    const foreignPath = await foreignLink.getAttribute('href');
    expect(foreignPath).toMatch(/^\/console\/admin\/staff\/[0-9a-f-]{36}$/);

    const orgAdmin = await newPageInFreshContext();
    await signIn(orgAdmin, demo.orgAdmin.email, DEMO_PASSWORD);
    await expect(orgAdmin).toHaveURL(/\/console$/);
    await expect(orgAdmin.getByText(`Oppilaitoksesi: ${providers.pohjoisrannikko}`)).toBeVisible();
    // A provider admin's home has the day's figures of their own provider.
    const figures = orgAdmin.getByRole('region', { name: 'Päivän luvut' });
    await expect(figures).toContainText('Oma oppilaitoksesi tänään.');
    await expect(figures.getByRole('link', { name: 'Päivän raportti' })).toHaveAttribute(
      'href',
      /^\/console\/reports\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/,
    );
    await expectNoAxeViolations(orgAdmin);

    await followConsoleMenu(orgAdmin, 'Ylläpito', 'Henkilökunta');
    await expect(orgAdmin).toHaveURL(/\/console\/admin\/staff$/);
    const rows = orgAdmin.getByRole('row').filter({ has: orgAdmin.getByRole('cell') });
    await expect(rows.filter({ hasText: demo.counsellor.name })).toHaveCount(1);
    await expect(rows.filter({ hasText: demo.otherCounsellor.name })).toHaveCount(1);
    await expect(orgAdmin.getByText(demo.foreignCounsellor.name)).toHaveCount(0);
    // Only the service admin chooses which provider to list.
    await expect(orgAdmin.getByLabel('Näytä oppilaitos')).toHaveCount(0);
    const providerCells = await rows.locator('td:nth-child(2)').allTextContents();
    expect(providerCells.length).toBeGreaterThan(1);
    expect(new Set(providerCells.map((cell) => cell.trim()))).toEqual(new Set([providers.pohjoisrannikko]));
    await expectNoAxeViolations(orgAdmin);

    const response = await orgAdmin.goto(foreignPath ?? '');
    expect(response?.status()).toBe(403);
    await expect(orgAdmin.getByRole('heading', { level: 1 })).toHaveText('Ei käyttöoikeutta');
    await expect(orgAdmin.getByText(demo.foreignCounsellor.name)).toHaveCount(0);
    await expectNoAxeViolations(orgAdmin);
  });
});
