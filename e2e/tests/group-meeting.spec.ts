import type { APIRequestContext, Page } from '@playwright/test';
import config from '../playwright.config.js';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { signIn, staffApi } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * A group session in the service's own meeting room (docs/video.md, "Group meeting room"): the
 * counsellor's online session starts in a few minutes and two people have a place. The counsellor
 * opens the room from the console; each registrant joins from the link in their mail and waits
 * until the counsellor lets them in, one by name and then everyone. All three browsers receive
 * the two others' (fake) cameras over a WebRTC mesh; one leaves and the others see them go.
 */

const baseArgs = config.use?.launchOptions?.args ?? [];
test.use({
  launchOptions: {
    ...config.use?.launchOptions,
    args: [...baseArgs, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  },
});

/** The join link (its path) in the confirmation mailed to `to`; mails go out in the background. */
async function joinPath(admin: APIRequestContext, to: string): Promise<string> {
  let path = '';
  await expect(async () => {
    const log = await admin.get('/api/v1/dev-mailbox?limit=200');
    expect(log.status()).toBe(200);
    const { items } = (await log.json()) as { items: { to: string; text: string }[] };
    const texts = items.filter((mail) => mail.to === to).map((mail) => mail.text);
    const link = /https?:\/\/\S+?(\/fi\/tapahtumat\/ilmoittautuminen\/[A-Za-z0-9_-]+\/liity)\b/;
    path = texts.map((text) => link.exec(text)?.[1]).find(Boolean) ?? '';
    expect(path, `a join link mailed to ${to}`).not.toBe('');
  }).toPass({ timeout: 15_000 });
  return path;
}

const status = (page: Page) => page.getByTestId('group-meeting-status');
const remoteVideos = (page: Page) => page.locator('video[data-remote]');
/** How many of the others' videos show moving pictures. */
const playingVideos = (page: Page) =>
  remoteVideos(page).evaluateAll(
    (videos) => videos.filter((video) => (video as HTMLVideoElement).videoWidth > 0).length,
  );

/** A registrant opens their link, gives a name (or leaves it empty), joins and waits to be let in. */
async function joinAndWait(page: Page, path: string, name: string): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Nimi, jonka muut näkevät').fill(name);
  await page.getByRole('button', { name: 'Liity', exact: true }).click();
  await expect(status(page)).toHaveText('Odota hetki – ohjaaja päästää sinut sisään.');
}

test('a counsellor lets two registrants into the group meeting room and all three see each other', async ({
  page: aino,
  playwright,
  baseURL,
  newPageInFreshContext,
}) => {
  test.setTimeout(120_000);
  const suffix = uniqueSuffix();
  const title = `Ryhmäohjaus verkossa ${suffix}`;
  const [ainoEmail, eeroEmail] = ['aino', 'eero'].map((name) => `${name}.${suffix}@example.com`) as [
    string,
    string,
  ];
  const counsellorApi = await staffApi(playwright, baseURL, demo.counsellor.email);
  const admin = await staffApi(playwright, baseURL, demo.admin.email);

  try {
    // The session: online, in the meeting room, three places, starting in five minutes.
    const counsellors = await counsellorApi.get('/api/v1/events/manage/counsellors');
    expect(counsellors.status()).toBe(200);
    const { items } = (await counsellors.json()) as { items: { id: string; name: string }[] };
    const mikko = items.find((item) => item.name === demo.counsellor.name);
    expect(mikko, 'Mikko among the counsellors').toBeTruthy();
    const created = await counsellorApi.post('/api/v1/events/manage', {
      data: {
        title,
        format: 'online',
        meetingRoom: true,
        capacity: 3,
        startsAt: new Date(Date.now() + 5 * 60_000).toISOString(),
        endsAt: new Date(Date.now() + 65 * 60_000).toISOString(),
        staffIds: [mikko!.id],
        languages: ['fi'],
        description: 'Ryhmäohjaus oman alan löytämiseen.',
        status: 'published',
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const eventId = ((await created.json()) as { id: string }).id;
    for (const email of [ainoEmail, eeroEmail]) {
      const registered = await aino.request.post(`/api/v1/events/${eventId}/registrations`, {
        data: { email, language: 'fi', lang: 'fi', consent: true },
      });
      expect(registered.status(), await registered.text()).toBe(201);
    }
    const [ainoPath, eeroPath] = [await joinPath(admin, ainoEmail), await joinPath(admin, eeroEmail)];

    // The counsellor opens the room from the console and is in at once.
    const counsellor = await newPageInFreshContext();
    await signIn(counsellor, demo.counsellor.email, DEMO_PASSWORD);
    await expect(counsellor).toHaveURL(/\/console$/);
    await counsellor.goto(`/console/events/${eventId}`);
    await counsellor.getByRole('link', { name: 'Avaa tapaamishuone' }).click();
    await expect(counsellor).toHaveURL(new RegExp(`/console/events/${eventId}/meeting$`));
    await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText(title);
    await counsellor.getByRole('button', { name: 'Liity', exact: true }).click();
    await expect(status(counsellor)).toHaveText('Olet tapaamisessa. Muita ei ole vielä paikalla.');

    // Aino comes from her registration page and waits; the counsellor lets her in by name.
    await aino.goto(ainoPath.replace(/\/liity$/, ''));
    await aino.getByRole('link', { name: 'Siirry tapaamishuoneeseen' }).click();
    await expect(aino).toHaveURL(new RegExp(`${ainoPath}$`));
    await joinAndWait(aino, ainoPath, 'Aino');
    await expect(aino.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
    await expectNoAxeViolations(aino);
    const waiting = counsellor.getByRole('region', { name: 'Odottamassa' });
    await waiting.getByRole('button', { name: 'Päästä sisään: Aino' }).click();
    await expect(status(aino)).toHaveText('Olet tapaamisessa (2 osallistujaa).');

    // Eero joins without a name: he is the second registrant to come. The counsellor lets
    // everyone waiting in.
    const eero = await newPageInFreshContext();
    await joinAndWait(eero, eeroPath, '');
    await expect(waiting.getByRole('listitem')).toHaveCount(1);
    await expect(waiting.getByRole('listitem')).toHaveText(/^Osallistuja 2/);
    await expect(waiting.getByRole('button', { name: 'Päästä sisään: Osallistuja 2' })).toBeVisible();
    await expectNoAxeViolations(counsellor);
    await waiting.getByRole('button', { name: 'Päästä kaikki sisään' }).click();
    await expect(waiting).toContainText('Kukaan ei odota.');

    // Every page receives the two others' pictures, each named.
    const everyone = [
      { page: counsellor, others: ['Aino', 'Osallistuja 2'] },
      { page: aino, others: ['Mikko (ohjaaja)', 'Osallistuja 2'] },
      { page: eero, others: ['Mikko (ohjaaja)', 'Aino'] },
    ];
    for (const { page, others } of everyone) {
      await expect(status(page)).toHaveText('Olet tapaamisessa (3 osallistujaa).');
      await expect(remoteVideos(page)).toHaveCount(2);
      await expect.poll(() => playingVideos(page), { timeout: 30_000 }).toBe(2);
      const members = page.getByRole('region', { name: 'Osallistujat' });
      await expect(members.getByRole('listitem')).toHaveCount(3);
      for (const name of others) await expect(members).toContainText(name);
    }
    await expect(aino.getByLabel('Kuva: Osallistuja 2')).toBeVisible();
    await expect(counsellor.getByLabel('Kuva: Aino')).toBeVisible();
    await expectNoAxeViolations(aino);

    // Aino leaves; the other two see her go.
    await aino.getByRole('button', { name: 'Poistu tapaamisesta' }).click();
    await expect(status(aino)).toHaveText('Poistuit tapaamisesta.');
    for (const page of [counsellor, eero]) {
      await expect(status(page)).toHaveText('Olet tapaamisessa (2 osallistujaa).');
      await expect(remoteVideos(page)).toHaveCount(1);
      await expect(page.getByLabel('Kuva: Aino')).toHaveCount(0);
    }
    await expect(eero.getByLabel('Kuva: Mikko')).toBeVisible();
  } finally {
    await counsellorApi.dispose();
    await admin.dispose();
  }
});
