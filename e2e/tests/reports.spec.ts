import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { expect, test } from './support/fixtures.js';

/*
 * The console's reports: a visitor's messages show up in the figures, the tables and the CSV
 * download of the day; a reversed period gets a clear message; the funder report hides small
 * counts. Other journeys add contacts to the same database, so the figures are compared before
 * and after this journey's own messages, narrowed to a combination only it sends.
 */

/** A Helsinki calendar day, YYYY-MM-DD: the reports' days. */
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date());
const filters = `from=${today}&to=${today}&channel=email&language=sv&topic=recognition`;

async function contactsFigure(page: Page): Promise<number> {
  return Number(await page.locator('[data-figure="contacts"]').textContent());
}

async function sendMessage(page: Page, baseURL: string, topic: string) {
  const response = await page.request.post('/api/v1/contact/messages', {
    headers: { origin: baseURL },
    data: {
      lang: 'sv',
      name: 'Rapportprov (demo)',
      email: 'rapport@example.test',
      topic,
      message: 'Hur får jag mitt kunnande erkänt?',
      consent: true,
    },
  });
  expect(response.status(), await response.text()).toBe(201);
}

test.describe('reports', () => {
  test.use({ asAdmin: true });

  test("an admin sees the day's new messages in the figures, the tables and the CSV", async ({
    page,
    baseURL,
  }) => {
    await page.goto(`/console/reports?${filters}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Raportit' })).toBeVisible();
    const before = await contactsFigure(page);

    await sendMessage(page, baseURL!, 'recognition');
    await sendMessage(page, baseURL!, 'recognition');
    await sendMessage(page, baseURL!, 'recognition');
    await sendMessage(page, baseURL!, 'financing'); // another topic: outside the filter

    await page.goto(`/console/reports?${filters}`);
    expect(await contactsFigure(page)).toBe(before + 3);
    const channels = page.getByRole('table', { name: 'Yhteydenotot kanavittain' });
    await expect(channels.getByRole('row', { name: `Sähköposti ${before + 3}` })).toBeVisible();
    const topics = page.getByRole('table', { name: 'Yhteydenotot aiheittain' });
    await expect(topics.getByRole('row', { name: `Osaamisen tunnistaminen ${before + 3}` })).toBeVisible();
    // The heat map is a table too, with a number in each cell.
    const heatmap = page.getByRole('table', { name: 'Yhteydenotot viikonpäivän ja kellonajan mukaan' });
    await expect(heatmap.getByRole('row')).toHaveCount(8);
    // Charts are drawn with scripts on, next to their tables.
    await expect(page.getByRole('img', { name: /Yhteydenotot kanavittain/ }).locator('canvas')).toBeVisible();

    const link = page.getByRole('link', { name: 'Lataa CSV: Yhteydenotot kanavittain' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`opintori-channels-${today}-${today}.csv`);
    const body = await (await page.request.get((await link.getAttribute('href'))!)).body();
    // A byte order mark, then the table: semicolons, CRLF.
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.subarray(3).toString('utf8')).toBe(`channel;contacts\r\nemail;${before + 3}\r\n`);

    await expectNoAxeViolations(page);
  });

  test('self-help: questions answered per entry point, chats started beside a guide, cards sent', async ({
    page,
    baseURL,
  }) => {
    const answeredToday = async () => {
      await page.goto(`/console/reports?from=${today}&to=${today}`);
      const table = page.getByRole('table', { name: 'Itsepalvelulla vastatut kysymykset sivun mukaan' });
      const total = table.getByRole('row', { name: /^Yhteensä/ });
      return (await total.count()) === 0 ? 0 : Number(await total.getByRole('cell').first().textContent());
    };
    const before = await answeredToday();
    for (let i = 0; i < 2; i++) {
      const response = await page.request.post('/api/v1/self-help', {
        headers: { origin: baseURL! },
        data: {
          q: 'oppisopimus',
          lang: 'fi',
          sourcePage: `${baseURL}/fi/ohjeet/oppisopimus`,
          outcome: 'answered',
        },
      });
      expect(response.status(), await response.text()).toBe(204);
    }
    expect(await answeredToday()).toBe(before + 2);
    const byEntry = page.getByRole('table', { name: 'Itsepalvelulla vastatut kysymykset sivun mukaan' });
    await expect(byEntry.getByRole('row', { name: /^Ohje/ })).toBeVisible();

    // The demo year's chats beside guides and cards, per provider and per counsellor.
    const yearAgo = new Date(Date.now() - 364 * 86_400_000);
    const from = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(yearAgo);
    await page.goto(`/console/reports?from=${from}&to=${today}`);
    await expect(
      page.getByRole('table', { name: 'Ohjeen lukemisen jälkeen aloitetut keskustelut' }).getByRole('row'),
    ).not.toHaveCount(0);
    const perCounsellor = page.getByRole('table', { name: 'Lähetetyt kortit ohjaajittain' });
    await expect(perCounsellor.getByRole('row', { name: /\(demo\)/ }).first()).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Lataa CSV: Lähetetyt kortit oppilaitoksittain' }),
    ).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('where clients live: the map of home municipalities, its table and the rural share', async ({
    page,
  }) => {
    const yearAgo = new Date(Date.now() - 364 * 86_400_000);
    const from = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(yearAgo);
    await page.goto(`/console/reports?from=${from}&to=${today}`);
    const map = page.getByRole('img', { name: /Kartta: yhteydenotot kotikunnittain/ });
    await expect(map).toBeVisible();
    const table = page.getByRole('table', { name: 'Yhteydenotot kotikunnittain' });
    // The demo year's clients come mostly from Oulu: its circle and its row carry the same count.
    const oulu = table.getByRole('row', { name: /^Oulu / });
    await expect(oulu.getByRole('cell').first()).toHaveText('Kaupunkimaiset kunnat');
    const count = await oulu.getByRole('cell').last().textContent();
    expect(Number(count)).toBeGreaterThan(5);
    await expect(map.locator('circle[data-municipality="564"] title')).toHaveText(`Oulu: ${count}`);
    for (const cell of await table.locator('tbody td:last-child').allTextContents()) {
      expect(cell === '< 5' || Number(cell) >= 5, cell).toBe(true);
    }
    await expect(
      page.getByRole('table', { name: 'Yhteydenotot kuntaryhmittäin' }).getByRole('row', {
        name: /Maaseutumaiset kunnat/,
      }),
    ).toBeVisible();
    const share = page.getByRole('table', { name: 'Maaseutumaisten kuntien osuus kuukausittain' });
    await expect(share.getByRole('row')).not.toHaveCount(1);
    await expect(share.locator('tbody tr').first().locator('td').last()).toHaveText(/%|–/);
    await expect(page.getByRole('link', { name: 'Lataa CSV: Yhteydenotot kotikunnittain' })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('a reversed period gets a clear message, and the funder report hides counts under five', async ({
    page,
  }) => {
    await page.goto('/console/reports?from=2026-03-31&to=2026-03-01');
    await expect(page.getByRole('alert')).toHaveText(
      'Päättymispäivä on ennen alkamispäivää. Tarkista päivämäärät.',
    );
    await expectNoAxeViolations(page);

    await page.goto(`/console/reports?from=${today}&to=${today}`);
    await page
      .getByRole('navigation', { name: 'Raporttinäkymät' })
      .getByRole('link', { name: 'Rahoittajaraportti' })
      .click();
    await expect(page.getByRole('heading', { level: 2, name: 'Rahoittajaraportti' })).toBeVisible();
    const table = page.getByRole('table', { name: 'Yhteydenotot jaksoittain ja asiakasryhmittäin' });
    await expect(table).toBeVisible();
    // Every count cell is "< 5" or at least 5; a count of 1–4 never shows.
    for (const cell of await table.locator('tbody td:last-child').allTextContents()) {
      expect(cell === '< 5' || Number(cell) >= 5, cell).toBe(true);
    }
    // By the urban–rural class of the home municipality, the same way.
    const regions = page.getByRole('table', { name: 'Yhteydenotot kotikunnan kuntaryhmän mukaan' });
    await expect(regions).toBeVisible();
    for (const cell of await regions.locator('tbody td:last-child').allTextContents()) {
      expect(cell === '< 5' || Number(cell) >= 5, cell).toBe(true);
    }
    await expectNoAxeViolations(page);
  });
});

test.describe('reports without JavaScript', () => {
  test.use({ asAdmin: true, javaScriptEnabled: false });

  test('the period form and the tables work without scripts', async ({ page }) => {
    await page.goto('/console/reports');
    await page.getByLabel('Alkaen').fill(today);
    await page.getByLabel('Päättyen').fill(today);
    await page.getByRole('button', { name: 'Näytä raportti' }).click();
    await expect(page).toHaveURL(new RegExp(`from=${today}&to=${today}`));
    await expect(page.getByRole('table', { name: 'Yhteydenotot kanavittain' })).toBeVisible();
    await expect(page.locator('canvas')).toHaveCount(0);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
  });
});
