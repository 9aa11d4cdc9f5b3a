import { type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { expect, test } from './support/fixtures.js';

// WCAG 1.4.10 Reflow: content fits 320 CSS pixels without scrolling sideways.
test.use({ viewport: { width: 320, height: 640 } });

async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `page width of ${page.url()}`).toBeLessThanOrEqual(320);
}

test('the public pages and the sign-in page fit a 320 px wide screen', async ({ page }) => {
  for (const path of ['/fi', '/sv', '/en', '/fi/kirjoita-meille', '/sv/bli-uppringd', '/console/login']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectNoAxeViolations(page);
  }
});

test.describe('signed in as the admin', () => {
  test.use({ asAdmin: true });

  test('the console pages fit a 320 px wide screen', async ({ page }) => {
    for (const path of [
      '/console',
      '/console/admin/staff',
      '/console/admin/staff/new',
      '/console/admin/organisations',
      '/console/admin/audit',
      '/console/inbox',
      '/console/inbox?channel=phone&sort=due',
      '/console/contact-log',
      '/console/dev-mailbox',
      '/console/password',
    ]) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page);
    }
  });
});

test.describe('signed in as the admin, by keyboard', () => {
  test.use({ asAdmin: true });

  test('the audit table too wide for the screen scrolls from the keyboard', async ({ page }) => {
    await page.goto('/console/admin/audit');
    const table = page.getByRole('region', { name: 'Tapahtumaloki' });
    await table.focus();
    await expect(table).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => table.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
  });
});
