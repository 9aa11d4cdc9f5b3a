import type { BrowserContext, Page } from '@playwright/test';
import { startCaptureServer, type CaptureServer } from '../../server/src/test/mail-helpers.js';
import config, { smtpRelayPort } from '../playwright.config.js';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * A video meeting from both ends: the counsellor keeps video hours around the clock, a client
 * books the next slot (within the quarter hour, so the room is open), the client waits in the
 * waiting room, the counsellor admits them, and both browsers receive each other's (fake)
 * camera. A second person with the same link is turned away.
 */

const baseArgs = config.use?.launchOptions?.args ?? [];
test.use({
  launchOptions: {
    ...config.use?.launchOptions,
    args: [...baseArgs, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  },
});

/** Video hours every day around the clock, in quarter hours, bookable at once. */
const allDay = {
  rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    channel: 'video',
    weekday,
    start: '00:00',
    end: '24:00',
  })),
  absences: [],
  settings: { slotMinutes: 15, bufferMinutes: 0, minNoticeMinutes: 0, horizonDays: 2 },
};

async function signedInContext(page: Page): Promise<BrowserContext> {
  const context = page.context();
  const login = await context.request.post('/api/v1/auth/login', {
    data: { email: demo.counsellor.email, password: DEMO_PASSWORD },
  });
  expect(login.ok()).toBe(true);
  return context;
}

const connectionState = (page: Page) => page.locator('section.meeting').getAttribute('data-connection-state');
const framesDecoded = async (page: Page) =>
  Number(await page.locator('section.meeting').getAttribute('data-frames-decoded'));

/** The wall-clock time in Helsinki of an instant: 20261130T091200, as in a calendar file. */
function helsinkiStamp(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Helsinki',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}${parts.month}${parts.day}T${parts.hour}${parts.minute}${parts.second}`;
}

/** The properties of a calendar file's lines, unfolded: name, parameters and value. */
function icsLines(ics: string): { name: string; params: string; value: string }[] {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => {
      const colon = line.indexOf(':');
      const head = line.slice(0, colon);
      const semi = head.indexOf(';');
      return {
        name: semi === -1 ? head : head.slice(0, semi),
        params: semi === -1 ? '' : head.slice(semi + 1),
        value: line.slice(colon + 1),
      };
    });
}

test.describe('the whole journey', () => {
  let relay: CaptureServer;
  test.beforeAll(async () => {
    relay = await startCaptureServer(smtpRelayPort);
  });
  test.afterAll(async () => {
    await relay.close();
  });

  test('a client books a video time, gets the calendar file, both meet by video, and cancelling frees the time', async ({
    page,
    newPageInFreshContext,
  }) => {
    test.setTimeout(150_000);
    // The first time must end by midnight in Helsinki, where the hours end: in the last 22
    // minutes of the day the journey waits for the new day (its room opens 15 minutes before).
    const stamp = helsinkiStamp(new Date());
    const sinceMidnight =
      (Number(stamp.slice(9, 11)) * 60 + Number(stamp.slice(11, 13))) * 60_000 +
      Number(stamp.slice(13, 15)) * 1000;
    const toMidnight = 24 * 60 * 60_000 - sinceMidnight;
    if (toMidnight < 22 * 60_000) {
      test.setTimeout(150_000 + toMidnight + 10_000);
      await new Promise((resolve) => setTimeout(resolve, toMidnight + 5_000));
    }
    const email = `veera.${uniqueSuffix()}@example.net`;
    const counsellor = await newPageInFreshContext();
    await signIn(counsellor, demo.counsellor.email, DEMO_PASSWORD);
    await expect(counsellor).toHaveURL(/\/console$/);
    const savedHours = await (await counsellor.request.get('/api/v1/availability/me')).json();
    // Video hours from six minutes from now to midnight, every day: the first time is bookable at
    // once and its room is open, and it is still ahead when the journey cancels it.
    const first = helsinkiStamp(new Date(Date.now() + 6 * 60_000));
    const start = `${first.slice(9, 11)}:${first.slice(11, 13)}`;
    const hours = await counsellor.request.put('/api/v1/availability/me', {
      data: {
        ...allDay,
        rules: allDay.rules.map((rule) => ({ ...rule, start })),
      },
    });
    expect(hours.status(), await hours.text()).toBe(200);

    try {
      // The client books the first time on the booking page.
      const bookingPage = '/fi/varaa-aika?channel=video&language=fi&topic=applying';
      await page.goto(bookingPage);
      const firstTime = page.getByRole('radio').first();
      const slotStart = (await firstTime.getAttribute('value')) ?? '';
      const startsIn = Date.parse(slotStart) - Date.now();
      expect(startsIn).toBeGreaterThan(4 * 60_000);
      expect(startsIn).toBeLessThanOrEqual(7 * 60_000);
      await expectNoAxeViolations(page);
      await firstTime.check();
      await page.getByRole('button', { name: 'Jatka valitulla ajalla' }).click();
      await page.getByLabel('Etunimi').fill('Veera');
      await page.getByLabel('Sähköposti').fill(email);
      await page.getByLabel('Mistä haluaisit puhua?').fill('Mietin ammatillista koulutusta aikuisena.');
      await page.getByRole('checkbox', { name: /Hyväksyn/ }).check();
      await page.getByRole('button', { name: 'Varaa aika' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aika on varattu');
      const manageHref =
        (await page.getByRole('link', { name: /\/fi\/varaus\// }).getAttribute('href')) ?? '';
      const meetingLink = page.getByRole('link', { name: /\/fi\/tapaaminen\/[A-Za-z0-9_-]+$/ });
      const meetingPath = new URL((await meetingLink.getAttribute('href')) ?? '', page.url()).pathname;
      expect(meetingPath).toMatch(/^\/fi\/tapaaminen\/[A-Za-z0-9_-]{20,}$/);
      await expectNoAxeViolations(page);

      // The time is taken now.
      await page.goto(bookingPage);
      await expect(page.locator(`input[name="start"][value="${slotStart}"]`)).toHaveCount(0);

      // The confirmation mail carries the manage link and a calendar file for the booked time.
      const mail = await relay.waitFor((m) => m.envelope.to.includes(email), 20_000);
      expect(mail.parsed.text).toContain(manageHref);
      const attachment = mail.parsed.attachments.find((a) => a.contentType === 'text/calendar');
      expect(attachment?.filename).toBe('opintori-tapaaminen.ics');
      const lines = icsLines(attachment!.content.toString('utf8'));
      const names = lines.map((line) => line.name);
      expect(lines[0]).toMatchObject({ name: 'BEGIN', value: 'VCALENDAR' });
      expect(lines.at(-1)).toMatchObject({ name: 'END', value: 'VCALENDAR' });
      expect(lines.find((line) => line.name === 'METHOD')?.value).toBe('PUBLISH');
      expect(names).toContain('VERSION');
      const event = lines.slice(
        lines.findIndex((line) => line.name === 'BEGIN' && line.value === 'VEVENT'),
        lines.findIndex((line) => line.name === 'END' && line.value === 'VEVENT') + 1,
      );
      expect(event.length).toBeGreaterThan(4);
      const prop = (name: string) => event.find((line) => line.name === name);
      expect(prop('UID')?.value).toMatch(/^[0-9a-f-]{36}@/);
      const when = new Date(slotStart);
      for (const [name, at] of [
        ['DTSTART', when],
        ['DTEND', new Date(when.getTime() + 15 * 60_000)],
      ] as const) {
        const line = prop(name)!;
        if (line.params === 'TZID=Europe/Helsinki') expect(line.value).toBe(helsinkiStamp(at));
        else
          expect(line.value).toBe(
            at
              .toISOString()
              .replace(/[-:]/g, '')
              .replace(/\.\d{3}/, ''),
          );
      }
      if (prop('DTSTART')!.params) {
        expect(lines).toContainEqual({ name: 'TZID', params: '', value: 'Europe/Helsinki' });
      }
      expect(prop('LOCATION')?.value).toContain(meetingPath);

      // The counsellor sees the booking and opens its meeting.
      await counsellor.goto('/console/appointments');
      const row = counsellor.getByRole('row').filter({ hasText: email });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText('Videotapaaminen');
      await expectNoAxeViolations(counsellor);
      await row.getByRole('link', { name: 'Avaa videotapaaminen' }).click();
      await expect(counsellor).toHaveURL(/\/console\/appointments\/[0-9a-f-]{36}\/meeting$/);
      await counsellor.getByRole('button', { name: 'Liity tapaamiseen' }).click();
      await expect(counsellor.getByRole('status')).toHaveText('Asiakas ei ole vielä liittynyt.');

      // The client follows the link from the confirmation; the counsellor admits them.
      await page.goto(meetingPath);
      await page.getByRole('button', { name: 'Liity tapaamiseen' }).click();
      await expect(page.getByTestId('meeting-status')).toHaveText(/odotushuoneessa/);
      await counsellor.getByRole('button', { name: 'Päästä asiakas tapaamiseen' }).click();
      await expect.poll(() => connectionState(page), { timeout: 30_000 }).toBe('connected');
      await expect.poll(() => connectionState(counsellor), { timeout: 30_000 }).toBe('connected');
      await expect.poll(() => framesDecoded(page), { timeout: 30_000 }).toBeGreaterThan(0);
      await expect.poll(() => framesDecoded(counsellor), { timeout: 30_000 }).toBeGreaterThan(0);
      // The chat panel starts with what the client wrote when booking.
      await expect(counsellor.getByRole('complementary', { name: 'Keskustelu' })).toContainText(
        'Mietin ammatillista koulutusta aikuisena.',
      );
      await expectNoAxeViolations(page);
      await expectNoAxeViolations(counsellor);
      await page.getByRole('button', { name: 'Poistu tapaamisesta' }).click();
      await expect(page.getByTestId('meeting-status')).toHaveText('Poistuit tapaamisesta.');

      // Cancelling through the manage link in the mail frees the time.
      await page.goto(manageHref);
      await page.getByRole('link', { name: 'Peru varaus' }).click();
      await page.getByRole('button', { name: 'Kyllä, peru varaus' }).click();
      // The page's own status: the chat widget beside it may be a live region too.
      await expect(page.getByRole('main').getByRole('status')).toHaveText('Varaus on peruttu.');
      await expectNoAxeViolations(page);
      await page.goto(bookingPage);
      await expect(page.locator(`input[name="start"][value="${slotStart}"]`)).toHaveCount(1);
      await counsellor.goto('/console/appointments');
      await expect(counsellor.getByRole('row').filter({ hasText: email })).toHaveCount(0);
    } finally {
      await counsellor.request.put('/api/v1/availability/me', { data: savedHours });
    }
  });
});

test('client and counsellor meet by video after the counsellor admits the client', async ({
  page,
  newPageInFreshContext,
}) => {
  test.setTimeout(120_000);
  const counsellor = await newPageInFreshContext();
  const staff = await signedInContext(counsellor);
  const savedHours = await (await staff.request.get('/api/v1/availability/me')).json();
  expect((await staff.request.put('/api/v1/availability/me', { data: allDay })).ok()).toBe(true);

  try {
    // The next free slot starts within 15 minutes, whatever the time in Helsinki.
    const slots = await (
      await page.request.get('/api/v1/booking/slots?channel=video&language=fi&days=1')
    ).json();
    const start: string = slots.slots[0].start;
    expect(Date.parse(start) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const booked = await page.request.post('/api/v1/booking/appointments', {
      data: {
        channel: 'video',
        start,
        language: 'fi',
        name: 'Ville',
        email: 'ville@example.net',
        consent: true,
      },
    });
    expect(booked.status()).toBe(201);
    const { appointmentId, meetingToken } = (await booked.json()) as {
      appointmentId: string;
      meetingToken: string;
    };
    const mine = await (await staff.request.get('/api/v1/appointments/mine')).json();
    expect(JSON.stringify(mine)).toContain(appointmentId);

    // The counsellor opens the room first.
    await counsellor.goto(`/console/appointments/${appointmentId}/meeting`);
    await counsellor.getByRole('button', { name: 'Liity tapaamiseen' }).click();
    await expect(counsellor.getByRole('status')).toHaveText('Asiakas ei ole vielä liittynyt.');

    // The client checks the preview and joins: the waiting room.
    await page.goto(`/fi/tapaaminen/${meetingToken}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Videotapaaminen' })).toBeVisible();
    await expect(page.getByLabel('Kamera', { exact: true })).toBeEnabled();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Liity tapaamiseen' }).click();
    await expect(page.getByTestId('meeting-status')).toHaveText(/odotushuoneessa/);

    await expect(counsellor.getByRole('status')).toHaveText('Asiakas odottaa odotushuoneessa.');
    await counsellor.getByRole('button', { name: 'Päästä asiakas tapaamiseen' }).click();

    await expect.poll(() => connectionState(page), { timeout: 30_000 }).toBe('connected');
    await expect.poll(() => connectionState(counsellor), { timeout: 30_000 }).toBe('connected');
    await expect.poll(() => framesDecoded(page), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => framesDecoded(counsellor), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('meeting-status')).toHaveText('Yhteys muodostettu.');
    await expectNoAxeViolations(page);
    await expectNoAxeViolations(counsellor);

    // The chat panel, both ways.
    await page.getByLabel('Viesti').fill('Kuuluuko ääni?');
    await page.getByLabel('Viesti').press('Enter');
    await expect(counsellor.getByRole('complementary', { name: 'Keskustelu' })).toContainText(
      'Kuuluuko ääni?',
    );

    // Someone else with the same link is refused while the client is in.
    const third = await newPageInFreshContext();
    await third.goto(`/fi/tapaaminen/${meetingToken}`);
    await third.getByRole('button', { name: 'Liity tapaamiseen' }).click();
    // A fresh visitor may also be offered a chat (its own live region): the meeting's is meant.
    await expect(third.getByTestId('meeting-status')).toHaveText('Tällä linkillä on jo joku tapaamisessa.');
    expect(await connectionState(page)).toBe('connected');

    // Leaving: the counsellor hears it.
    await page.getByRole('button', { name: 'Poistu tapaamisesta' }).click();
    await expect(page.getByTestId('meeting-status')).toHaveText('Poistuit tapaamisesta.');
    await expect(counsellor.getByRole('status')).toHaveText('Asiakas ei ole vielä liittynyt.');
  } finally {
    await staff.request.put('/api/v1/availability/me', { data: savedHours });
  }
});
