import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * Booking a time as a client without scripts: the channel, a free time, the details, the
 * confirmation with its manage link, then cancelling through that link. The demo counsellor
 * opens the hours through the API and sees the booking in the console.
 */

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
    await page.getByRole('radio', { name: 'Suomeksi' }).check();
    await page.getByLabel('Aihe').selectOption({ label: 'Koulutukseen hakeminen' });
    await page.getByRole('button', { name: 'Näytä vapaat ajat' }).click();

    // Step 2: free times grouped by day.
    await expect(page.getByRole('heading', { level: 2, name: 'Vaihe 2/3: Valitse aika' })).toBeVisible();
    await expect(page.getByText('Videotapaaminen, Suomeksi, aihe: Koulutukseen hakeminen')).toBeVisible();
    await expectNoAxeViolations(page, { javaScriptDisabled: true });
    const firstTime = page.getByRole('radio').first();
    await expect(firstTime).toBeVisible();
    await firstTime.check();
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
    await expect(page.getByText(/\/fi\/tapaaminen\/[A-Za-z0-9_-]+$/)).toBeVisible();
    await expectNoAxeViolations(page, { javaScriptDisabled: true });

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
});
