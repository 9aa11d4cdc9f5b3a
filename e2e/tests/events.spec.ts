import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { followConsoleMenu, signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * Pop-up events without scripts: a counsellor publishes one in the console (after a wrong end
 * time is explained), visitors find it in the calendar's list and month view filtered by
 * municipality, on its own page, in its iCalendar file, the feed and the site search; then the
 * counsellor cancels it and it shows as cancelled everywhere.
 */

/** The Helsinki day `days` from today, YYYY-MM-DD. */
function helsinkiDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

test.describe('without scripts', () => {
  test.use({ javaScriptEnabled: false });

  test('a counsellor publishes a pop-up event and visitors find it in the calendar', async ({
    page,
    newPageInFreshContext,
  }) => {
    const title = `Neuvontapiste Limingan kirjastossa ${uniqueSuffix()}`;
    const day = helsinkiDay(35);
    const month = day.slice(0, 7);
    const [year, monthNumber, dayNumber] = day.split('-').map(Number) as [number, number, number];
    const finnishDay = `${dayNumber}.${monthNumber}.${year}`;

    // The console: the counsellor's own provider's events, then the form.
    const counsellor = await newPageInFreshContext();
    await signIn(counsellor, demo.counsellor.email, DEMO_PASSWORD);
    await expect(counsellor).toHaveURL(/\/console$/);
    await followConsoleMenu(counsellor, 'Sisällöt', 'Ohjaustapahtumat');
    await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText('Ohjaustapahtumat');
    await expect(
      counsellor.getByRole('row').filter({ hasText: 'Koulutusneuvontaa kauppakeskus Valkeassa (demo)' }),
    ).toHaveCount(1);
    await expectNoAxeViolations(counsellor, { javaScriptDisabled: true });

    await counsellor.getByRole('link', { name: 'Lisää tapahtuma' }).click();
    await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText('Uusi tapahtuma');
    await counsellor.getByLabel('Otsikko').fill(title);
    await counsellor.getByLabel('Paikka', { exact: true }).fill('Limingan kirjasto, aula');
    await counsellor.getByLabel(/^Katuosoite/).fill('Kauppakatu 12');
    await counsellor.getByLabel('Kunta').selectOption({ label: 'Liminka' });
    await counsellor.getByLabel('Päivä').fill(day);
    await counsellor.getByLabel('Alkaa klo').fill('10:00');
    await counsellor.getByLabel('Päättyy klo').fill('09:00');
    await counsellor.getByRole('checkbox', { name: 'ruotsi' }).check();
    await counsellor.getByRole('checkbox', { name: 'Sanna Rautio (demo)' }).check();
    await counsellor
      .getByLabel(/^Kuvaus/)
      .fill('Kysy jatkuvasta hausta, oppisopimuksesta ja osaamisen tunnistamisesta.');
    await counsellor.getByRole('button', { name: 'Tallenna tapahtuma' }).click();

    // The end before the start is explained at the field; what was typed is kept.
    await expect(counsellor.getByRole('alert')).toContainText(
      'Päättymisajan pitää olla alkamisajan jälkeen.',
    );
    await expect(counsellor.getByLabel('Otsikko')).toHaveValue(title);
    await expect(counsellor.getByRole('checkbox', { name: 'Sanna Rautio (demo)' })).toBeChecked();
    await expectNoAxeViolations(counsellor, { javaScriptDisabled: true });
    await counsellor.getByLabel('Päättyy klo').fill('13:30');
    await counsellor.getByRole('button', { name: 'Tallenna tapahtuma' }).click();
    await expect(counsellor).toHaveURL(/\/console\/events\?saved=saved$/);
    await expect(counsellor.getByRole('status')).toHaveText('Tapahtuma tallennettu.');
    const row = counsellor.getByRole('row').filter({ hasText: title });
    await expect(row).toContainText('Limingan kirjasto, aula, Liminka');
    await expect(row).toContainText('Julkaistu');

    // The public calendar: from the front page, filtered to the municipality and the day.
    await page.goto('/fi');
    await page.getByRole('link', { name: 'Katso tapahtumakalenteri' }).first().click();
    await expect(page).toHaveURL(/\/fi\/tapahtumat$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tapahtumat');
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
    await page.getByLabel('Kunta').selectOption({ label: 'Liminka' });
    await page.getByLabel('Alkaen').fill(day);
    await page.getByLabel('Päättyen').fill(day);
    await page.getByRole('button', { name: 'Näytä' }).click();
    await expect(page).toHaveURL(/municipality=425/);
    const listed = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
    await expect(listed).toHaveCount(1);
    await expect(listed).toContainText('10.00–13.30');
    await expect(listed).toContainText('Limingan kirjasto, aula, Kauppakatu 12, Liminka');
    await expect(listed).toContainText('suomi, ruotsi');
    await expect(listed).toContainText('Sanna');
    await expect(listed).not.toContainText('Rautio');
    await expect(page.getByRole('heading', { level: 3 })).toHaveText([
      new RegExp(finnishDay.replace(/\./g, '\\.')),
    ]);
    await expect(page.getByText('Koulutusneuvontaa kauppakeskus Valkeassa (demo)')).toHaveCount(0);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // A reversed period is explained, not failed.
    await page.getByLabel('Alkaen').fill(helsinkiDay(40));
    await page.getByRole('button', { name: 'Näytä' }).click();
    await expect(page.getByRole('alert')).toHaveText(
      'Alkupäivä on loppupäivän jälkeen. Tarkista päivämäärät.',
    );
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // The month view: a table calendar with the event on its day, the filter kept.
    await page.goto(`/fi/tapahtumat?view=month&month=${month}&municipality=425`);
    const calendar = page.getByRole('table', { name: /^Tapahtumat, / });
    await expect(calendar).toBeVisible();
    await expect(calendar.getByRole('columnheader')).toHaveCount(7);
    // " 4.1.2027" and not "14.1.2027": the day's name precedes the date.
    const cell = calendar
      .getByRole('cell')
      .filter({ hasText: new RegExp(`\\s${finnishDay.replace(/\./g, '\\.')}`) });
    await expect(cell.getByRole('link', { name: `10.00 ${title}` })).toBeVisible();
    await expect(calendar.getByRole('link')).toHaveCount(1);
    await expect(page.getByRole('link', { name: /^Seuraava kuukausi/ })).toHaveAttribute(
      'href',
      /view=month&month=\d{4}-\d{2}&municipality=425$/,
    );
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // The event's own page, its calendar file and the feed.
    await cell.getByRole('link', { name: `10.00 ${title}` }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.getByText('Kysy jatkuvasta hausta')).toBeVisible();
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
    const eventId = page.url().split('/').pop()!;
    const icsHref = await page.getByRole('link', { name: 'Lisää kalenteriin' }).getAttribute('href');
    expect(icsHref).toBe(`/api/v1/events/${eventId}/calendar.ics`);
    const ics = await page.request.get(icsHref!);
    expect(ics.headers()['content-type']).toBe('text/calendar; charset=utf-8');
    const lines = (await ics.text()).replace(/\r\n /g, '').split('\r\n');
    expect(lines).toContain(`SUMMARY:${title}`);
    expect(lines).toContain(`DTSTART;TZID=Europe/Helsinki:${day.replace(/-/g, '')}T100000`);
    expect(lines).toContain(`DTEND;TZID=Europe/Helsinki:${day.replace(/-/g, '')}T133000`);
    expect(lines).toContain(`UID:event-${eventId}@opintori`);
    const feed = await page.request.get('/api/v1/events/feed.ics?municipality=425');
    expect(await feed.text()).toContain(`UID:event-${eventId}@opintori`);

    // The site search lists it among upcoming events.
    await page.goto('/fi/haku?q=Liminka');
    const found = page.getByRole('region', { name: 'Tulevat tapahtumat' });
    await expect(found.getByRole('link', { name: title })).toHaveAttribute(
      'href',
      `/fi/tapahtumat/${eventId}`,
    );

    // Cancelled: marked in the console, on the page and in the feed.
    await row.getByRole('button', { name: /^Peru tapahtuma/ }).click();
    await expect(counsellor.getByRole('status')).toHaveText(
      'Tapahtuma peruttu. Se näkyy kalenterissa peruttuna.',
    );
    await expect(counsellor.getByRole('row').filter({ hasText: title })).toContainText('Peruttu');
    await page.goto(`/fi/tapahtumat/${eventId}`);
    await expect(page.getByText('Tämä tapahtuma on peruttu.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Lisää kalenteriin' })).toHaveCount(0);
    const afterCancel = (await (await page.request.get('/api/v1/events/feed.ics?municipality=425')).text())
      .replace(/\r\n /g, '')
      .split('\r\n');
    expect(afterCancel).toContain('STATUS:CANCELLED');
  });

  test('the calendar in Swedish and English, and its month view without events', async ({ page }) => {
    await page.goto('/sv/evenemang');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Evenemang');
    await expect(page.getByRole('link', { name: 'Prenumerera på evenemangskalendern' })).toHaveAttribute(
      'href',
      /^webcal:\/\/.+\/api\/v1\/events\/feed\.ics\?lang=sv$/,
    );
    await page.goto('/en/events?view=month&month=2099-01');
    await expect(page.getByText('There are no events this month.')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Events, January 2099' })).toBeVisible();
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
    await page.goto('/en/events?view=month&month=13-2026');
    await expect(page.getByRole('alert')).toHaveText(
      'The month was not recognised. Showing the current month.',
    );
    // Each language has its own address; another's is not found.
    expect((await page.goto('/fi/events'))?.status()).toBe(404);
  });
});

test.describe('on a 320 px wide screen', () => {
  test.use({ viewport: { width: 320, height: 640 }, asAdmin: true });

  test('the calendar, an event and the console pages fit without scrolling sideways', async ({ page }) => {
    const fits = async () => {
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `page width of ${page.url()}`).toBeLessThanOrEqual(320);
      await expectNoAxeViolations(page);
    };
    await page.goto('/fi/tapahtumat');
    await fits();
    const firstEvent = page.getByRole('main').getByRole('heading', { level: 4 }).getByRole('link').first();
    const href = (await firstEvent.getAttribute('href')) ?? '';
    await page.goto('/fi/tapahtumat?view=month&month=2099-02');
    await fits();
    await page.goto(href);
    await fits();
    for (const path of ['/console/events', '/console/events/new']) {
      await page.goto(path);
      await fits();
    }
  });
});
