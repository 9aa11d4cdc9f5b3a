import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo } from './support/accounts.js';
import { submitSignIn } from './support/console.js';

const langs = ['fi', 'sv', 'en'] as const;
type Lang = (typeof langs)[number];

const front = {
  fi: { title: 'Opiskelemaan aikuisena?', channels: 'Näin saat ohjausta', skip: 'Siirry sisältöön' },
  sv: {
    title: 'Vill du studera som vuxen?',
    channels: 'Så får du vägledning',
    skip: 'Hoppa till innehållet',
  },
  en: {
    title: 'Thinking of studying as an adult?',
    channels: 'How to get guidance',
    skip: 'Skip to content',
  },
} as const;

// content/demo/providers.json: each front page names the providers in its own language.
const providerNames = {
  fi: [
    'Pohjoisrannikon ammattiopisto (demo)',
    'Jokivarren aikuisopisto (demo)',
    'Ammattiopisto Tuulia (demo)',
  ],
  sv: [
    'Yrkesinstitutet Norra kusten (demo)',
    'Vuxeninstitutet vid älven (demo)',
    'Yrkesinstitutet Tuulia (demo)',
  ],
  en: [
    'Northern Coast Vocational College (demo)',
    'Riverside Adult Education College (demo)',
    'Tuulia Vocational College (demo)',
  ],
} as const;

const switcherLinks = { fi: 'Suomeksi', sv: 'På svenska', en: 'In English' } as const;

/** What every front page shows, whether or not scripts run. */
async function expectFrontPage(page: Page, lang: Lang): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`/${lang}$`));
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(front[lang].title);
  await expect(page.getByRole('heading', { level: 2, name: front[lang].channels })).toBeVisible();
  for (const provider of providerNames[lang]) {
    await expect(page.getByRole('heading', { level: 3, name: provider })).toBeVisible();
  }
}

// The browser's locale becomes its Accept-Language; `/` picks the best supported language,
// Finnish when none is (Chromium overrides an Accept-Language given as an extra header).
const visitors: { lang: Lang; locale: string }[] = [
  { lang: 'fi', locale: 'de-DE' },
  { lang: 'sv', locale: 'sv-FI' },
  { lang: 'en', locale: 'en-GB' },
];

for (const { lang, locale } of visitors) {
  test.describe(`a visitor whose browser speaks ${locale}`, () => {
    test.use({ locale });

    test(`is sent from / to the ${lang} front page`, async ({ page }) => {
      const response = await page.goto('/');
      expect(response?.request().redirectedFrom()?.url()).toMatch(/\/$/);
      await expectFrontPage(page, lang);
      await expectNoAxeViolations(page);

      const origin = new URL(page.url()).origin;
      for (const alternate of langs) {
        await expect(page.locator(`head link[rel="alternate"][hreflang="${alternate}"]`)).toHaveAttribute(
          'href',
          `${origin}/${alternate}`,
        );
      }
      await expect(page.locator('head link[rel="alternate"][hreflang="x-default"]')).toHaveAttribute(
        'href',
        `${origin}/`,
      );
    });
  });
}

test('the language switcher moves between the same page in each language', async ({ page }) => {
  await page.goto('/fi');
  const switcher = page.getByRole('navigation', { name: /^(Valitse kieli|Välj språk|Choose language)$/ });
  await expect(switcher).toHaveAccessibleName('Valitse kieli');
  for (const lang of langs) {
    const link = switcher.getByRole('link', { name: switcherLinks[lang] });
    await expect(link).toHaveAttribute('href', `/${lang}`);
    await expect(link).toHaveAttribute('hreflang', lang);
    await expect(link).toHaveAttribute('lang', lang);
  }
  await expect(switcher.getByRole('link', { name: 'Suomeksi' })).toHaveAttribute('aria-current', 'true');

  await switcher.getByRole('link', { name: 'På svenska' }).click();
  await expectFrontPage(page, 'sv');
  await expect(switcher).toHaveAccessibleName('Välj språk');
  await expect(switcher.getByRole('link', { name: 'På svenska' })).toHaveAttribute('aria-current', 'true');
  await expect(switcher.getByRole('link', { name: 'Suomeksi' })).not.toHaveAttribute('aria-current');

  await switcher.getByRole('link', { name: 'In English' }).click();
  await expectFrontPage(page, 'en');
  await expect(switcher).toHaveAccessibleName('Choose language');
  await switcher.getByRole('link', { name: 'Suomeksi' }).click();
  await expectFrontPage(page, 'fi');
});

test('a missing page says so in the language of its address', async ({ page }) => {
  const response = await page.goto('/sv/finns-inte');
  expect(response?.status()).toBe(404);
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sidan hittades inte');
  await expect(page.getByRole('link', { name: 'Tillbaka till startsidan' })).toHaveAttribute('href', '/sv');
  await expectNoAxeViolations(page);
});

test('the skip link is the first stop for the keyboard and moves focus to the content', async ({
  context,
}) => {
  for (const lang of langs) {
    // A fresh tab for each language: no focus left over from the previous page.
    const page = await context.newPage();
    await page.goto(`/${lang}`);
    // The chat launcher (an async script) is in place, and still comes after the skip link.
    await expect(page.locator('opintori-chat')).toBeAttached();
    await page.keyboard.press('Tab');
    const skipLink = page.getByRole('link', { name: front[lang].skip });
    await expect(skipLink).toBeFocused();
    await expect(skipLink).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
    await page.close();
  }
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  for (const lang of langs) {
    test(`the ${lang} front page renders in full`, async ({ page }) => {
      await page.goto(`/${lang}`);
      await expectFrontPage(page, lang);
      await expectNoAxeViolations(page, { javaScriptDisabled: true });
    });
  }

  test('the language switcher still works', async ({ page }) => {
    await page.goto('/en');
    await page.getByRole('link', { name: 'På svenska' }).click();
    await expectFrontPage(page, 'sv');
  });

  test('staff can sign in and out', async ({ page }) => {
    await page.goto('/fi');
    await page.getByRole('link', { name: 'Henkilökunnan kirjautuminen' }).click();
    await expect(page).toHaveURL(/\/console\/login$/);

    await submitSignIn(page, demo.editor.email, 'ei-tama-salasana');
    await expect(page.getByRole('alert')).toHaveText('Sähköposti tai salasana on väärin.');
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    await submitSignIn(page, demo.editor.email, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/console$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Tervetuloa, ${demo.editor.name}`);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // Without scripts the own menu opens through a link to it.
    await page.getByRole('link', { name: `Kirjautuneena: ${demo.editor.name}` }).click();
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
    await expect(page.getByRole('status')).toHaveText('Olet kirjautunut ulos.');
  });
});
