import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { consoleMenu, openOwnMenu, signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * Booking a time as a client without scripts: the channel, a free time, the details, the
 * confirmation with its manage link, then cancelling through that link. The demo counsellor
 * opens the hours through the API and sees the booking in the console.
 */

/** Opens the demo counsellor's video hours every day, 08–20, through the API. */
async function openVideoHours(counsellor: Page): Promise<void> {
  const saved = await counsellor.request.put('/api/v1/availability/me', {
    data: {
      rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        channel: 'video',
        weekday,
        start: '08:00',
        end: '20:00',
      })),
      absences: [],
      settings: { slotMinutes: 45, bufferMinutes: 15, minNoticeMinutes: 60, horizonDays: 30 },
    },
  });
  expect(saved.status(), await saved.text()).toBe(200);
}

/**
 * The first free time from 17.00 on. The demo counsellors keep office hours (09–16), so a time
 * this late is the demo counsellor's own, opened by openVideoHours.
 */
const eveningTime = (page: Page) => page.getByRole('radio', { name: /^1[7-9]\.\d{2}$/ }).first();

/** Chooses the first free evening video time in Finnish and fills in the details, without sending them. */
async function fillEveningVideoTime(page: Page, email: string): Promise<void> {
  await page.goto('/fi/varaa-aika?channel=video&language=fi&topic=applying');
  await eveningTime(page).check();
  await page.getByRole('button', { name: 'Jatka valitulla ajalla' }).click();
  await page.getByLabel('Etunimi').fill('Eero');
  await page.getByLabel('Sähköposti').fill(email);
  await page.getByRole('checkbox', { name: /Hyväksyn/ }).check();
}

test.describe('without scripts', () => {
  test.use({ javaScriptEnabled: false });

  test('a client books a video time, the counsellor sees it, and the client cancels it', async ({
    page,
    newPageInFreshContext,
  }) => {
    const email = `aino.${uniqueSuffix()}@example.com`;
    const counsellor = await newPageInFreshContext();
    await signIn(counsellor, demo.counsellor.email, DEMO_PASSWORD);
    await expect(counsellor).toHaveURL(/\/console$/);
    await openVideoHours(counsellor);

    // The counsellor's hours as the console shows them.
    await counsellor.goto('/console/availability');
    await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText('Vastaanottoajat');
    await expect(counsellor.getByLabel('Alkaa, Rivi 1', { exact: true })).toHaveValue('08:00');
    await expect(counsellor.getByLabel('Tapaamisen pituus (minuuttia)')).toHaveValue('45');
    await expectNoAxeViolations(counsellor, { javaScriptDisabled: true });

    // Step 1: the front page leads to booking; the channel, language and topic.
    await page.goto('/fi');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Varaa aika' }).click();
    await expect(page).toHaveURL(/\/fi\/varaa-aika$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Varaa aika');
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
    await page.getByRole('radio', { name: /^Videotapaaminen/ }).check();
    await page.getByRole('radio', { name: 'suomi' }).check();
    await page.getByLabel('Aihe').selectOption({ label: 'Koulutukseen hakeminen' });
    await page.getByRole('button', { name: 'Näytä vapaat ajat' }).click();

    // Step 2: free times grouped by day.
    await expect(page.getByRole('heading', { level: 2, name: 'Vaihe 2/3: Valitse aika' })).toBeVisible();
    await expect(page.getByText('Videotapaaminen, suomi, aihe: Koulutukseen hakeminen')).toBeVisible();
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
    const time = eveningTime(page);
    await expect(time).toBeVisible();
    await time.check();
    await page.getByRole('button', { name: 'Jatka valitulla ajalla' }).click();

    // Step 3: the details; a missing consent is explained first.
    await expect(page.getByRole('heading', { level: 2, name: 'Vaihe 3/3: Yhteystietosi' })).toBeVisible();
    await expect(page.getByText('Valittu aika:')).toBeVisible();
    await page.getByLabel('Etunimi').fill('Aino');
    await page.getByLabel('Sähköposti').fill(email);
    await page.getByLabel('Mistä haluaisit puhua?').fill('Haluaisin kuulla oppisopimuksesta.');
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
    await page.getByRole('button', { name: 'Varaa aika' }).click();
    await expect(page.getByRole('alert')).toContainText('Lupa tietojen tallentamiseen');
    await expect(page.getByLabel('Etunimi')).toHaveValue('Aino');
    await page.getByRole('checkbox', { name: /Hyväksyn/ }).check();
    await page.getByRole('button', { name: 'Varaa aika' }).click();

    // The confirmation: the time, the channel, the manage link and the meeting address.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aika on varattu');
    await expect(page.getByRole('status')).toContainText('Tapaamisen muoto: Videotapaaminen');
    const manageLink = page.getByRole('link', { name: /\/fi\/varaus\// });
    const manageHref = (await manageLink.getAttribute('href')) ?? '';
    expect(manageHref).toMatch(/^\/fi\/varaus\/[A-Za-z0-9_-]+$/);
    await expect(page.getByRole('link', { name: /\/fi\/tapaaminen\/[A-Za-z0-9_-]+$/ })).toBeVisible();
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // Without SMTP_URL the outgoing-mail log is where mail goes: the confirmation's calendar file
    // is listed there, readable as text and downloadable by an admin.
    const admin = await newPageInFreshContext();
    await signIn(admin, demo.admin.email, DEMO_PASSWORD);
    await admin.goto('/console/dev-mailbox');
    const mail = admin
      .getByRole('listitem')
      .filter({ hasText: email })
      .filter({ hasText: 'opintori-tapaaminen.ics' });
    await expect(mail).toHaveCount(1);
    await expect(mail.getByText('text/calendar; charset=utf-8; method=PUBLISH')).toBeVisible();
    await mail.getByText('Näytä tekstinä: opintori-tapaaminen.ics').click();
    await expect(mail.getByText(/BEGIN:VCALENDAR/)).toBeVisible();
    const download = mail.getByRole('link', { name: 'Lataa opintori-tapaaminen.ics' });
    const file = await admin.request.get((await download.getAttribute('href')) ?? '');
    expect(file.status()).toBe(200);
    expect(await file.text()).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*DTSTART;TZID=Europe\/Helsinki:/);
    await expectNoAxeViolations(admin, { javaScriptDisabled: true });

    // The counsellor sees the booking, with the way to its conversation.
    await counsellor.goto('/console/appointments');
    await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText('Ajanvaraukset');
    const row = counsellor.getByRole('row').filter({ hasText: email });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Videotapaaminen');
    await expect(row).toContainText('Aino');
    await expect(row.getByRole('link', { name: 'Avaa keskustelu' })).toHaveAttribute(
      'href',
      /^\/console\/inbox\/[0-9a-f-]{36}$/,
    );
    await expect(row.getByRole('link', { name: 'Avaa videotapaaminen' })).toHaveAttribute(
      'href',
      /^\/console\/appointments\/[0-9a-f-]{36}\/meeting$/,
    );
    await expectNoAxeViolations(counsellor, { javaScriptDisabled: true });

    // The manage link: the booking, then cancelling after a confirmation step.
    await manageLink.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Varauksesi');
    await expect(page.getByText('Voimassa', { exact: true })).toBeVisible();
    await expect(page.getByText('Videotapaaminen', { exact: true })).toBeVisible();
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
    await page.getByRole('link', { name: 'Peru varaus' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Haluatko perua varauksen?' })).toBeVisible();
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
    await page.getByRole('button', { name: 'Kyllä, peru varaus' }).click();
    await expect(page.getByRole('status')).toHaveText('Varaus on peruttu.');
    await expect(page.getByText('Peruttu', { exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Peru varaus' })).toHaveCount(0);
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    await counsellor.reload();
    await expect(counsellor.getByRole('row').filter({ hasText: email })).toHaveCount(0);
  });

  test('a time taken meanwhile sends the client back to the times; the manage link moves a booking', async ({
    page,
    newPageInFreshContext,
  }) => {
    const counsellor = await newPageInFreshContext();
    await signIn(counsellor, demo.counsellor.email, DEMO_PASSWORD);
    await expect(counsellor).toHaveURL(/\/console$/);
    await openVideoHours(counsellor);

    // Two clients choose the same time; the second to send is sent back to the times.
    const late = `eero.${uniqueSuffix()}@example.com`;
    const first = `eeva.${uniqueSuffix()}@example.com`;
    await fillEveningVideoTime(page, late);
    const other = await newPageInFreshContext();
    await fillEveningVideoTime(other, first);
    await other.getByRole('button', { name: 'Varaa aika' }).click();
    await expect(other.getByRole('heading', { level: 1 })).toHaveText('Aika on varattu');
    const manageHref = (await other.getByRole('link', { name: /\/fi\/varaus\// }).getAttribute('href')) ?? '';

    await page.getByRole('button', { name: 'Varaa aika' }).click();
    await expect(page).toHaveURL(/notice=taken/);
    await expect(page.getByRole('alert')).toHaveText(
      'Valitsemasi aika ehdittiin juuri varata. Valitse toinen aika.',
    );
    await expect(page.getByRole('heading', { level: 2, name: 'Vaihe 2/3: Valitse aika' })).toBeVisible();
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

    // The booked client moves their time through the manage link.
    await other.goto(manageHref);
    const when = other.locator('dd').first();
    const before = await when.textContent();
    await other.getByRole('link', { name: 'Vaihda aikaa' }).click();
    await expect(other.getByRole('heading', { level: 2, name: 'Valitse uusi aika' })).toBeVisible();
    await expectNoAxeViolations(other, { javaScriptDisabled: true });
    await eveningTime(other).check();
    await other.getByRole('button', { name: 'Siirrä tähän aikaan' }).click();
    await expect(other.getByRole('status')).toHaveText('Varaus on siirretty uuteen aikaan.');
    await expect(when).not.toHaveText(before ?? '');
    await expectNoAxeViolations(other, { javaScriptDisabled: true });

    // The provider admin sees the team's bookings, the counsellor's among them.
    const orgAdmin = await newPageInFreshContext();
    await signIn(orgAdmin, demo.orgAdmin.email, DEMO_PASSWORD);
    await expect(orgAdmin).toHaveURL(/\/console$/);
    await orgAdmin.goto('/console/appointments');
    await orgAdmin
      .getByRole('navigation', { name: 'Kenen varaukset' })
      .getByRole('link', { name: 'Tiimi' })
      .click();
    const row = orgAdmin.getByRole('row').filter({ hasText: first });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(demo.counsellor.name);
    await expectNoAxeViolations(orgAdmin, { javaScriptDisabled: true });
  });

  test('a counsellor gives face-to-face hours to several weekdays at once; the client sees the place and directions', async ({
    page,
    newPageInFreshContext,
  }) => {
    const counsellor = await newPageInFreshContext();
    await signIn(counsellor, demo.counsellor.email, DEMO_PASSWORD);
    await expect(counsellor).toHaveURL(/\/console$/);
    const saved = await (await counsellor.request.get('/api/v1/availability/me')).json();
    try {
      await openVideoHours(counsellor);
      await counsellor.goto('/console/availability');
      const repeat = counsellor.getByRole('group', { name: 'Samat ajat usealle päivälle' });
      for (const day of ['maanantai', 'tiistai', 'keskiviikko', 'torstai', 'perjantai']) {
        await repeat.getByRole('checkbox', { name: day }).check();
      }
      await repeat.getByLabel('Kanava').selectOption({ label: 'Tapaaminen paikan päällä' });
      // Evening hours: the demo counsellors' own face-to-face hours end by 16.00.
      await repeat.getByLabel('Alkaa').fill('17:00');
      await repeat.getByLabel('Päättyy').fill('20:00');
      await repeat
        .getByLabel('Paikka (paikan päällä)')
        .fill('Pohjoisrannikon opisto (demo), Rantakatu 5, Oulu');
      await repeat
        .getByLabel('Ohjeet perille (paikan päällä)')
        .fill('Pääovesta sisään, ohjaamo 2. kerroksessa.');
      await counsellor.getByLabel('Huomio, Poissaolot, Rivi 1', { exact: true }).fill('Koulutuspäivä');
      await counsellor.getByLabel('Päivä, Poissaolot, Rivi 1', { exact: true }).fill('2030-01-15');
      await expectNoAxeViolations(counsellor, { javaScriptDisabled: true });
      await counsellor.getByRole('button', { name: 'Tallenna vastaanottoajat' }).click();
      await expect(counsellor.getByRole('status')).toHaveText('Vastaanottoajat tallennettu.');
      // Five rows, one per weekday, and the absence with its note.
      const rows = counsellor.locator('select[name$="-channel"] option[value="in_person"]:checked');
      await expect(rows).toHaveCount(5);
      await expect(counsellor.getByLabel('Huomio, Poissaolot, Rivi 1', { exact: true })).toHaveValue(
        'Koulutuspäivä',
      );
      const hours = (await (await counsellor.request.get('/api/v1/availability/me')).json()) as {
        rules: { channel: string; weekday: number; directions: string }[];
      };
      const faceToFace = hours.rules.filter((rule) => rule.channel === 'in_person');
      expect(faceToFace.map((rule) => rule.weekday).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(faceToFace[0]?.directions).toBe('Pääovesta sisään, ohjaamo 2. kerroksessa.');

      // The client books a face-to-face time and sees where to go.
      await page.goto('/fi/varaa-aika?channel=in_person&language=fi&topic=applying');
      await page
        .getByRole('radio', { name: /Rantakatu 5/ })
        .first()
        .check();
      await page.getByRole('button', { name: 'Jatka valitulla ajalla' }).click();
      await page.getByLabel('Etunimi').fill('Kaisa');
      await page.getByLabel('Sähköposti').fill(`kaisa.${uniqueSuffix()}@example.com`);
      await page.getByRole('checkbox', { name: /Hyväksyn/ }).check();
      await page.getByRole('button', { name: 'Varaa aika' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aika on varattu');
      const status = page.getByRole('status');
      await expect(status).toContainText('Paikka: Pohjoisrannikon opisto (demo), Rantakatu 5, Oulu');
      await expect(status).toContainText('Näin löydät perille: Pääovesta sisään, ohjaamo 2. kerroksessa.');
      await expect(status.getByRole('link', { name: 'Paikka kartalla (OpenStreetMap)' })).toHaveAttribute(
        'href',
        'https://www.openstreetmap.org/search?query=Pohjoisrannikon%20opisto%20(demo)%2C%20Rantakatu%205%2C%20Oulu',
      );
      await expectNoAxeViolations(page, { javaScriptDisabled: true });
      await page.getByRole('link', { name: /\/fi\/varaus\// }).click();
      await expect(page.getByText('Pääovesta sisään, ohjaamo 2. kerroksessa.')).toBeVisible();
      await expect(page.getByRole('link', { name: 'Paikka kartalla (OpenStreetMap)' })).toBeVisible();
      await expectNoAxeViolations(page, { javaScriptDisabled: true });
      // Cancelled again, so that the time stays free for other journeys.
      await page.getByRole('link', { name: 'Peru varaus' }).click();
      await page.getByRole('button', { name: 'Kyllä, peru varaus' }).click();
      await expect(page.getByRole('status')).toHaveText('Varaus on peruttu.');
    } finally {
      await counsellor.request.put('/api/v1/availability/me', { data: saved });
    }
  });

  test('a counsellor adds hours in the table, and a faulty row is explained', async ({ page }) => {
    await signIn(page, demo.counsellor.email, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/console$/);
    await openVideoHours(page);
    await openOwnMenu(page, demo.counsellor.name);
    await consoleMenu(page).getByRole('link', { name: 'Vastaanottoajat' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vastaanottoajat');
    // Seven saved rows, then empty ones.
    await page.getByLabel('Kanava, Rivi 8', { exact: true }).selectOption({ label: 'Puhelinaika' });
    await page.getByLabel('Viikonpäivä, Rivi 8', { exact: true }).selectOption({ label: 'tiistai' });
    await page.getByLabel('Alkaa, Rivi 8', { exact: true }).fill('12:00');
    await page.getByLabel('Päättyy, Rivi 8', { exact: true }).fill('10:00');
    await page.getByRole('button', { name: 'Tallenna vastaanottoajat' }).click();
    await expect(page.getByRole('alert')).toContainText('Viikoittaiset ajat, rivi 8');
    await expect(page.getByLabel('Alkaa, Rivi 8', { exact: true })).toHaveValue('12:00');
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
    await page.getByLabel('Päättyy, Rivi 8', { exact: true }).fill('14:00');
    await page.getByRole('button', { name: 'Tallenna vastaanottoajat' }).click();
    await expect(page.getByRole('status')).toHaveText('Vastaanottoajat tallennettu.');

    const hours = await page.request.get('/api/v1/availability/me');
    const body = (await hours.json()) as { rules: { channel: string; weekday: number; start: string }[] };
    expect(body.rules).toContainEqual(
      expect.objectContaining({ channel: 'phone', weekday: 2, start: '12:00' }),
    );
  });
});

test('the booking page is in Swedish and English, and passes axe with scripts on', async ({ page }) => {
  for (const [path, heading, button] of [
    ['/fi/varaa-aika', 'Varaa aika', 'Näytä vapaat ajat'],
    ['/sv/boka-tid', 'Boka tid', 'Visa lediga tider'],
    ['/en/book-a-time', 'Book a time', 'Show free times'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(page.getByRole('button', { name: button })).toBeVisible();
    await expectNoAxeViolations(page);
  }
  // An unknown manage link says so, in the language of its address.
  const response = await page.goto('/sv/bokning/finns-inte');
  expect(response?.status()).toBe(404);
});
