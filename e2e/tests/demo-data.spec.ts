import { expectNoAxeViolations } from './axe.js';
import { expect, test } from './support/fixtures.js';

/*
 * What a newcomer sees on a fresh start with the demo data: the booking page offers free times
 * in every channel, and the reports show a year of contacts, month by month. The demo year is
 * generated at the first start (server/src/db/seed/demo-year.ts); other journeys add to it.
 */

test('the booking page offers phone, video and face-to-face times from the first start', async ({ page }) => {
  for (const channel of ['phone', 'video', 'in_person']) {
    await page.goto(`/fi/varaa-aika?channel=${channel}&language=fi&topic=applying`);
    await expect(page.getByRole('heading', { level: 2, name: 'Vaihe 2/3: Valitse aika' })).toBeVisible();
    await expect(page.getByText(/Näille päiville ei ole vapaita aikoja/)).toHaveCount(0);
    expect(await page.getByRole('radio').count(), channel).toBeGreaterThan(3);
  }
  // Face-to-face times say where: a demo counsellor's office.
  await expect(page.getByRole('radio', { name: /\(demo\)/ }).first()).toBeVisible();
  await expectNoAxeViolations(page);
});

test.describe('reports', () => {
  test.use({ asAdmin: true });

  test('the last 12 months show a year of contacts, and the funder report each of its quarters', async ({
    page,
  }) => {
    await page.goto('/console/reports');
    await page.getByRole('link', { name: 'Viimeiset 12 kuukautta' }).click();
    await expect(page).toHaveURL(/from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
    expect(Number(await page.locator('[data-figure="contacts"]').textContent())).toBeGreaterThan(2000);
    // Every channel has contacts, and whole months come from the monthly roll-up.
    const channels = page.getByRole('table', { name: 'Yhteydenotot kanavittain' });
    await expect(channels.locator('tbody tr')).toHaveCount(6);
    await expect(page.getByText(/osin kuukausikoosteista/).first()).toBeVisible();
    // Pop-up events held around the year, each with the contacts logged there.
    const events = page.getByRole('table', { name: 'Pop-up-tapahtumien yhteydenotot' });
    expect(await events.locator('tbody tr').count()).toBeGreaterThan(10);
    await expectNoAxeViolations(page);

    // The funder report of the same twelve months, by quarter: every quarter the year touches.
    const funder = new URL(page.url());
    funder.pathname = '/console/reports/funder';
    funder.searchParams.set('period', 'quarter');
    await page.goto(funder.toString());
    const totals = page.getByRole('table', { name: 'Jakson yhteydenotot yhteensä (pyöristetty)' });
    const quarter = (day: string) => `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
    const [from, to] = [funder.searchParams.get('from')!, funder.searchParams.get('to')!];
    await expect(totals.locator('tbody th').first()).toHaveText(quarter(from));
    await expect(totals.locator('tbody th').last()).toHaveText(quarter(to));
    expect(await totals.locator('tbody tr').count()).toBeGreaterThanOrEqual(4);
    // Small groups are hidden: some cells read "< 5", none shows 1–4.
    const cells = await page
      .getByRole('table', { name: 'Yhteydenotot jaksoittain ja asiakasryhmittäin' })
      .locator('tbody td:last-child')
      .allTextContents();
    expect(cells).toContain('< 5');
    for (const cell of cells) expect(cell === '< 5' || Number(cell) >= 5, cell).toBe(true);
    await expectNoAxeViolations(page);
  });
});
