import type { BrowserContext, Page } from '@playwright/test';
import config from '../playwright.config.js';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo } from './support/accounts.js';
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
    await expect(page.getByRole('status')).toHaveText(/odotushuoneessa/);

    await expect(counsellor.getByRole('status')).toHaveText('Asiakas odottaa odotushuoneessa.');
    await counsellor.getByRole('button', { name: 'Päästä asiakas tapaamiseen' }).click();

    await expect.poll(() => connectionState(page), { timeout: 30_000 }).toBe('connected');
    await expect.poll(() => connectionState(counsellor), { timeout: 30_000 }).toBe('connected');
    await expect.poll(() => framesDecoded(page), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => framesDecoded(counsellor), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect(page.getByRole('status')).toHaveText('Yhteys muodostettu.');
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
    await expect(third.getByRole('status')).toHaveText('Tällä linkillä on jo joku tapaamisessa.');
    expect(await connectionState(page)).toBe('connected');

    // Leaving: the counsellor hears it.
    await page.getByRole('button', { name: 'Poistu tapaamisesta' }).click();
    await expect(page.getByRole('status')).toHaveText('Poistuit tapaamisesta.');
    await expect(counsellor.getByRole('status')).toHaveText('Asiakas ei ole vielä liittynyt.');
  } finally {
    await staff.request.put('/api/v1/availability/me', { data: savedHours });
  }
});
