import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';

// content/articles/hakeminen-aikuisena: every version exists, so every switch can be tried.
const applying = {
  fi: { url: '/fi/ohjeet/hakeminen-aikuisena', title: 'Näin haet ammatilliseen koulutukseen aikuisena' },
  selko: { url: '/fi/selko/hakeminen-aikuisena', title: 'Näin haet ammattikouluun aikuisena' },
  sv: {
    url: '/sv/anvisningar/soka-till-yrkesutbildning-som-vuxen',
    title: 'Söka till yrkesutbildning som vuxen – steg för steg',
  },
  en: {
    url: '/en/guides/applying-to-vocational-education-as-an-adult',
    title: 'Applying to vocational education as an adult: step by step',
  },
  uk: {
    url: '/en/guides/hakeminen-aikuisena-uk',
    title: 'Як дорослому вступити на професійне навчання: крок за кроком',
  },
  ru: {
    url: '/en/guides/hakeminen-aikuisena-ru',
    title: 'Как взрослому поступить на профессиональное обучение: пошагово',
  },
  ar: {
    url: '/en/guides/hakeminen-aikuisena-ar',
    title: 'كيف يلتحق البالغون بالتعليم المهني في فنلندا: خطوة بخطوة',
  },
} as const;

const apprenticeship = {
  url: '/fi/ohjeet/oppisopimus',
  title: 'Oppisopimus – opiskele työssä ja saa palkkaa',
};

/** The article on the page: its heading, its body and the language it is written in. */
async function expectArticle(
  page: Page,
  version: { url: string; title: string },
  lang: string,
): Promise<void> {
  await expect(page).toHaveURL(version.url);
  const article = page.locator('article');
  await expect(article).toHaveAttribute('lang', lang);
  await expect(article.getByRole('heading', { level: 1 })).toHaveText(version.title);
  await expect(page).toHaveTitle(new RegExp(`^${escapeRegExp(version.title)} – OpinTori`));
  // The Markdown body: several paragraphs and at least one section heading.
  await expect(article.locator('.body p').first()).not.toBeEmpty();
  expect(await article.locator('.body p').count()).toBeGreaterThan(2);
  await expect(article.locator('.body h2').first()).toBeVisible();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Each language version of the page is announced in <head> as an alternate, by absolute address. */
async function expectAlternates(page: Page, expected: Record<string, string>): Promise<void> {
  const origin = new URL(page.url()).origin;
  for (const [hreflang, path] of Object.entries(expected)) {
    await expect(page.locator(`head link[rel="alternate"][hreflang="${hreflang}"]`)).toHaveAttribute(
      'href',
      origin + path,
    );
  }
}

const searchPages = { fi: '/fi/haku', sv: '/sv/sok', en: '/en/search' };

/** The header's language switcher, named in the UI language. */
const languageSwitcher = (page: Page, name: string) =>
  page.getByRole('banner').getByRole('navigation', { name });

const allVersions = {
  fi: applying.fi.url,
  'fi-x-selko': applying.selko.url,
  sv: applying.sv.url,
  en: applying.en.url,
  uk: applying.uk.url,
  ru: applying.ru.url,
  ar: applying.ar.url,
};

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a visitor finds a guide, reads it and moves between its languages and plain Finnish', async ({
    page,
  }) => {
    await page.goto('/fi/ohjeet');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fi');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Ohjeet aikuiselle, joka hakee opiskelemaan',
    );
    await expect(page.getByRole('heading', { level: 2, name: 'Hakeminen' })).toBeVisible();
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    await page.getByRole('main').getByRole('link', { name: applying.fi.title, exact: true }).click();
    await expectArticle(page, applying.fi, 'fi');
    await expect(page.locator('article')).toHaveAttribute('dir', 'ltr');
    await expect(page.locator('article')).toContainText('jatkuvassa haussa');
    await expect(page.locator('article .reviewed')).toHaveText(/^Tarkistettu \d{1,2}\. \p{L}+ \d{4}$/u);
    await expect(page.getByRole('navigation', { name: 'Murupolku' }).getByRole('link')).toHaveAttribute(
      'href',
      '/fi/ohjeet',
    );
    await expectAlternates(page, allVersions);
    await expect(
      languageSwitcher(page, 'Valitse kieli').getByRole('link', { name: 'På svenska' }),
    ).toHaveAttribute('href', applying.sv.url);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // "This guide in other languages": each link names its language and is marked up in it.
    const translations = page.getByRole('region', { name: 'Tämä ohje muilla kielillä' });
    const links = translations.getByRole('link');
    await expect(links).toHaveCount(5);
    for (const lang of ['sv', 'en', 'uk', 'ru', 'ar'] as const) {
      const link = translations.locator(`a[hreflang="${lang}"]`);
      await expect(link).toHaveAttribute('href', applying[lang].url);
      await expect(link).toHaveAttribute('lang', lang);
      await expect(link).toContainText(applying[lang].title);
    }
    await translations.getByRole('link', { name: `svenska: ${applying.sv.title}` }).click();

    await expectArticle(page, applying.sv, 'sv');
    await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
    await expect(page.locator('article .reviewed')).toHaveText(/^Granskad \d{1,2} \p{L}+ \d{4}$/u);
    // No plain-Finnish switch on the Swedish page, and the Finnish version is one of its alternates.
    await expect(page.locator('article .variant')).toHaveCount(0);
    await expectAlternates(page, allVersions);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    await page
      .getByRole('region', { name: 'Den här anvisningen på andra språk' })
      .getByRole('link', { name: `suomi: ${applying.fi.title}` })
      .click();
    await expectArticle(page, applying.fi, 'fi');

    await page.getByRole('link', { name: 'Lue selkosuomeksi' }).click();
    await expectArticle(page, applying.selko, 'fi');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fi');
    await expectAlternates(page, allVersions);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    await page.getByRole('link', { name: 'Lue yleiskielellä' }).click();
    await expectArticle(page, applying.fi, 'fi');
  });

  test('a visitor gives feedback on a guide, and is told to choose yes or no first', async ({ page }) => {
    await page.goto(apprenticeship.url);
    await expectArticle(page, apprenticeship, 'fi');
    const feedback = page.getByRole('region', { name: 'Oliko tästä ohjeesta apua?' });

    await feedback
      .getByRole('textbox', { name: /^Mitä jäi puuttumaan\?/ })
      .fill('Palkasta lisää esimerkkejä.');
    await feedback.getByRole('button', { name: 'Lähetä palaute' }).click();
    await expect(page).toHaveURL(new RegExp(`${escapeRegExp(apprenticeship.url)}\\?/feedback$`));
    await expect(feedback.getByRole('alert')).toHaveText('Valitse kyllä tai ei.');
    // What was written is kept, so it need not be typed again.
    await expect(feedback.getByRole('textbox', { name: /^Mitä jäi puuttumaan\?/ })).toHaveValue(
      'Palkasta lisää esimerkkejä.',
    );
    await expect(feedback.getByRole('radio', { name: 'Ei' })).not.toBeChecked();
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    await feedback.getByRole('radio', { name: 'Ei' }).check();
    await feedback.getByRole('button', { name: 'Lähetä palaute' }).click();
    await expect(feedback.getByRole('status')).toHaveText('Kiitos palautteestasi!');
    await expect(feedback.getByRole('alert')).toHaveCount(0);
    await expect(feedback.getByRole('button', { name: 'Lähetä palaute' })).toHaveCount(0);
    await expect(page.locator('article h1')).toHaveText(apprenticeship.title);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
  });

  test('an inflected Finnish search finds the apprenticeship guide, and odd queries still get a page', async ({
    page,
  }) => {
    await page.goto('/fi/haku');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hae ohjeista');
    // The search page has a different address in each language, with or without a query.
    await expectAlternates(page, searchPages);
    await expect(
      languageSwitcher(page, 'Valitse kieli').getByRole('link', { name: 'På svenska' }),
    ).toHaveAttribute('href', searchPages.sv);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    const search = page.getByRole('search');
    await search.getByRole('searchbox', { name: 'Hakusana' }).fill('oppisopimuksella');
    await search.getByRole('button', { name: 'Hae' }).click();
    await expect(page).toHaveURL(/\/fi\/haku\?q=oppisopimuksella$/);
    await expectAlternates(page, searchPages);
    // The guide's results come first; matching upcoming events may follow under their own heading.
    await expect(page.getByRole('main').getByRole('heading', { level: 2 }).first()).toHaveText(
      'Hakutulokset haulle ”oppisopimuksella”',
    );
    const results = page
      .getByRole('region', { name: 'Hakutulokset haulle ”oppisopimuksella”' })
      .getByRole('listitem');
    await expect(results.first()).toBeVisible();
    const topThree = await results.evaluateAll((items) =>
      items.slice(0, 3).map((item) => item.querySelector('h3 a')?.getAttribute('href')),
    );
    expect(topThree).toContain(apprenticeship.url);
    const hit = results.filter({ has: page.getByRole('link', { name: apprenticeship.title, exact: true }) });
    await expect(hit.locator('p mark').first()).toHaveText(/^oppisopimu/i);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    await hit.getByRole('link', { name: apprenticeship.title, exact: true }).click();
    await expectArticle(page, apprenticeship, 'fi');

    // Text search operators must be taken as plain text, not as query syntax.
    const operators = `&|!:*()'\\ oppisopimus & | ! :* () '' \\\\ (palkka`;
    const long = 'oppisopimus palkka työpaikalla '.repeat(40).slice(0, 1000);
    expect(long).toHaveLength(1000);
    for (const q of [operators, "&|!:*()'\\", long]) {
      await page.goto('/fi/haku');
      await page.getByRole('searchbox', { name: 'Hakusana' }).fill(q);
      const [response] = await Promise.all([
        page.waitForResponse(
          (r) => new URL(r.url()).pathname === '/fi/haku' && r.request().method() === 'GET',
        ),
        page.getByRole('search').getByRole('button', { name: 'Hae' }).click(),
      ]);
      expect(response.status(), `status for ${q.slice(0, 40)}`).toBe(200);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hae ohjeista');
      await expect(page.getByRole('searchbox', { name: 'Hakusana' })).toHaveValue(q);
      await expect(page.locator('#results-heading')).toHaveText(`Hakutulokset haulle ”${q}”`);
      // Either a result list or the "nothing found" advice, never the error page.
      await expect(
        page
          .getByRole('region', { name: /^Hakutulokset haulle/ })
          .getByText(/^(\d+ tulosta|Haulla ei löytynyt)/),
      ).toBeVisible();
      await expectNoAxeViolations(page, { javaScriptDisabled: true });
    }

    await page.goto('/fi/haku');
    await languageSwitcher(page, 'Valitse kieli').getByRole('link', { name: 'På svenska' }).click();
    await expect(page).toHaveURL(searchPages.sv);
    await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sök i anvisningarna');
    await expectAlternates(page, searchPages);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
  });
});

test('typing in the search box shows suggestions and announces them politely', async ({ page }) => {
  await page.goto('/fi/ohjeet');
  const search = page.getByRole('search');
  const box = search.getByRole('searchbox', { name: 'Hakusana' });
  const suggestions = search.getByRole('list', { name: 'Ehdotukset' });
  const status = search.locator('#search-suggestions-status');
  await expect(status).toHaveAttribute('aria-live', 'polite');
  await expect(status).toBeEmpty();

  // Keystrokes made before the page has hydrated reach no handler, so type again until one does.
  await expect(async () => {
    await box.fill('');
    await box.pressSequentially('oppisopimus');
    await expect(suggestions).toBeVisible({ timeout: 2_000 });
  }).toPass();

  const links = suggestions.getByRole('link');
  const count = await links.count();
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThanOrEqual(5);
  await expect(status).toHaveText(`Ehdotukset: ${count}`);
  await expect(links.first()).toHaveText(apprenticeship.title);
  await expect(links.first()).toHaveAttribute('href', apprenticeship.url);
  await expectNoAxeViolations(page);

  // Too short a query clears the list and the announcement.
  await box.fill('op');
  await expect(suggestions).toHaveCount(0);
  await expect(status).toBeEmpty();

  await box.fill('oppisopimus');
  await expect(links.first()).toHaveText(apprenticeship.title);
  await links.first().click();
  await expectArticle(page, apprenticeship, 'fi');
  await expectNoAxeViolations(page);
});

test('a right-to-left Arabic guide is marked up as Arabic and laid out right to left', async ({ page }) => {
  await page.goto(applying.ar.url);
  await expectArticle(page, applying.ar, 'ar');
  // The page around it is the English UI; only the article is Arabic.
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const article = page.locator('article');
  await expect(article).toHaveAttribute('dir', 'rtl');
  expect(await article.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
  expect(
    await article
      .locator('.body p')
      .first()
      .evaluate((element) => getComputedStyle(element).direction),
  ).toBe('rtl');
  await expect(page.locator('article .reviewed')).toHaveText(/^Reviewed \d{1,2} [A-Z][a-z]+ \d{4}$/);
  await expect(page.locator('article .reviewed')).toHaveAttribute('lang', 'en');
  await expectAlternates(page, allVersions);
  await expectNoAxeViolations(page);

  for (const lang of ['uk', 'ru'] as const) {
    await page.goto(applying[lang].url);
    await expectArticle(page, applying[lang], lang);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('article')).toHaveAttribute('dir', 'ltr');
    expect(await page.locator('article').evaluate((element) => getComputedStyle(element).direction)).toBe(
      'ltr',
    );
    await expectNoAxeViolations(page);
  }
});

test('the English and Swedish guide indexes list topics and link to guides', async ({ page }) => {
  await page.goto('/en/guides');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Guides for adults applying to education');
  for (const topic of ['Applying', 'Qualifications and ways to study']) {
    await expect(page.getByRole('heading', { level: 2, name: topic })).toBeVisible();
  }
  const applyingTopic = page.getByRole('region', { name: 'Applying', exact: true });
  await expect(applyingTopic.getByRole('link', { name: applying.en.title })).toHaveAttribute(
    'href',
    applying.en.url,
  );

  const others = page.getByRole('region', { name: 'Guides in other languages' });
  await expect(others).toBeVisible();
  for (const [lang, name] of [
    ['uk', 'українська'],
    ['ru', 'русский'],
    ['ar', 'العربية'],
  ] as const) {
    const heading = others.getByRole('heading', { level: 3, name });
    await expect(heading).toHaveAttribute('lang', lang);
    await expect(
      others.locator(`ul[lang="${lang}"]`).getByRole('link', { name: applying[lang].title }),
    ).toHaveAttribute('href', applying[lang].url);
  }
  await expect(others.locator('ul[lang="ar"]')).toHaveAttribute('dir', 'rtl');
  await expectNoAxeViolations(page);

  await others.getByRole('link', { name: applying.uk.title }).click();
  await expectArticle(page, applying.uk, 'uk');

  await page.goto('/sv/anvisningar');
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Anvisningar för vuxna som söker till utbildning',
  );
  for (const topic of ['Att söka', 'Examina och studieformer']) {
    await expect(page.getByRole('heading', { level: 2, name: topic })).toBeVisible();
  }
  const studyTopic = page.getByRole('region', { name: 'Examina och studieformer' });
  await expect(
    studyTopic.getByRole('link', { name: 'Läroavtal – lär dig på jobbet och få lön' }),
  ).toHaveAttribute('href', '/sv/anvisningar/laroavtal');
  await expectNoAxeViolations(page);

  await studyTopic.getByRole('link', { name: 'Läroavtal – lär dig på jobbet och få lön' }).click();
  await expectArticle(
    page,
    { url: '/sv/anvisningar/laroavtal', title: 'Läroavtal – lär dig på jobbet och få lön' },
    'sv',
  );
  await expectNoAxeViolations(page);
});
