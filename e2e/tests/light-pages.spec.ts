import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';

/**
 * The public pages send HTML and CSS alone on first load: no framework JavaScript. The chat
 * launcher (/widget.js) and, on pages with a search box, /enhance/search.js are the only
 * scripts, each small and loaded on its own; the pages work without either.
 */
const publicPages = [
  '/fi',
  '/fi/ohjeet',
  '/fi/ohjeet/oppisopimus',
  '/fi/haku?q=oppisopimus',
  '/fi/koulutukset',
  '/fi/loyda-koulutus',
  '/fi/varaa-aika',
  '/fi/tapahtumat',
  '/fi/kirjoita-meille',
  '/fi/soittopyynto',
  '/fi/tietosuoja',
  '/fi/saavutettavuus',
  '/sv',
  '/en/guides',
];

async function scriptsOnFirstLoad(page: Page, url: string): Promise<string[]> {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  const response = await page.goto(url, { waitUntil: 'networkidle' });
  expect(response?.status(), url).toBe(200);
  return scripts;
}

test('the public pages load no framework JavaScript, only the launcher and the search enhancement', async ({
  browser,
}) => {
  for (const url of publicPages) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const scripts = await scriptsOnFirstLoad(page, url);
    const hasSearchBox = (await page.locator('form[data-suggest]').count()) > 0;
    expect(scripts.sort(), url).toEqual(hasSearchBox ? ['/enhance/search.js', '/widget.js'] : ['/widget.js']);
    expect(await page.locator('script[type="module"], link[rel="modulepreload"]').count(), url).toBe(0);
    await context.close();
  }
});

test('with the search enhancement blocked, the guide index and search work as without JavaScript', async ({
  page,
}) => {
  await page.route('**/enhance/search.js', (route) => route.abort());
  await page.goto('/fi/ohjeet');
  const box = page.getByRole('search').getByRole('searchbox', { name: 'Hakusana' });
  await box.pressSequentially('oppisopimus');
  // Nothing to suggest without the script, and nothing broken: the form submits.
  await expect(page.getByRole('list', { name: 'Ehdotukset' })).toHaveCount(0);
  await box.press('Enter');
  await expect(page).toHaveURL(/\/fi\/haku\?q=oppisopimus$/);
  await expect(page.getByRole('heading', { level: 2, name: /Hakutulokset haulle/ })).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Oppisopimus – opiskele työssä ja saa palkkaa' }),
  ).toBeVisible();
});

test('a slow or failing suggestions request never delays typing, and the form still submits', async ({
  page,
}) => {
  let held = 0;
  await page.route('**/api/v1/search?*', async (route) => {
    held += 1;
    // The first request hangs past the script's own timeout; later ones fail outright.
    if (held === 1) await new Promise((resolve) => setTimeout(resolve, 6_000));
    await route.fulfill({ status: 503, body: '{}' }).catch(() => {});
  });
  await page.goto('/fi/ohjeet');
  const box = page.getByRole('search').getByRole('searchbox', { name: 'Hakusana' });
  await box.pressSequentially('oppisopimus', { delay: 20 });
  await expect(box).toHaveValue('oppisopimus');
  await expect.poll(() => held).toBeGreaterThan(0);
  await box.pressSequentially(' palkka', { delay: 20 });
  await expect(box).toHaveValue('oppisopimus palkka');
  await expect(page.getByRole('list', { name: 'Ehdotukset' })).toHaveCount(0);
  await expect(page.locator('#search-suggestions-status')).toBeEmpty();
  await box.press('Enter');
  await expect(page).toHaveURL(/\/fi\/haku\?q=oppisopimus\+palkka$/);
});

test('the search page with its enhancement: suggestions there too, and an opened result is logged', async ({
  page,
}) => {
  await page.goto('/fi/haku?q=oppisopimus');
  const first = page
    .getByRole('list')
    .filter({ has: page.getByRole('heading', { level: 3 }) })
    .first();
  const link = first.getByRole('link').first();
  await expect(link).toHaveAttribute('data-beacon', /^\/api\/v1\/search-log\/[0-9a-f-]+\/click\?r=article/);
  const box = page.getByRole('search').getByRole('searchbox', { name: 'Hakusana' });
  await expect(box).toHaveValue('oppisopimus');
  await box.fill('');
  await box.pressSequentially('ammatillinen');
  const suggestions = page.getByRole('search').getByRole('list', { name: 'Ehdotukset' });
  await expect(suggestions.getByRole('link').first()).toBeVisible();
  await expectNoAxeViolations(page);

  const logged = page.waitForRequest(
    (request) =>
      request.method() === 'POST' && /\/api\/v1\/search-log\/[0-9a-f-]+\/click/.test(request.url()),
  );
  await link.click();
  await logged;
});
