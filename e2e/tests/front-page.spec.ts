import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';

const titles = {
  fi: 'Opiskelemaan aikuisena?',
  sv: 'Vill du studera som vuxen?',
  en: 'Thinking of studying as an adult?',
} as const;

for (const [lang, title] of Object.entries(titles)) {
  test(`front page in ${lang} says what the service is and lists the demo providers`, async ({ page }) => {
    await page.goto(`/${lang}`);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
    await expect(page.getByText('(demo)').first()).toBeVisible();
    await expectNoAxeViolations(page);
  });
}
