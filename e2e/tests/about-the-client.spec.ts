import { type APIRequestContext, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * "About the client": the anonymous age band, situation and home municipality a counsellor
 * notes when closing a contact (prefilled with what the client told) and in the quick contact
 * log, and what the details panel then shows. Checked through the staff API as stored codes.
 */

interface KnownAbout {
  ageBand: string | null;
  situation: string | null;
  municipality: string | null;
  municipalityName: string | null;
  regionClass: string;
}

async function aboutOf(request: APIRequestContext, id: string): Promise<KnownAbout> {
  const response = await request.get(`/api/v1/inbox/conversations/${id}`);
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { context: { about: KnownAbout } }).context.about;
}

async function loggedToday(request: APIRequestContext): Promise<{ id: string }[]> {
  const response = await request.get('/api/v1/contact-log/context');
  expect(response.status()).toBe(200);
  return ((await response.json()) as { today: { items: { id: string }[] } }).today.items;
}

const statusOf = (page: Page) => page.getByRole('main').getByRole('status');

test('a counsellor closes a contact noting the client’s age and home municipality, and logs a contact with a municipality', async ({
  page,
}) => {
  // The client told their situation on the form, and nothing else.
  const suffix = uniqueSuffix();
  const left = await page.request.post('/api/v1/contact/messages', {
    data: {
      lang: 'fi',
      topic: 'applying',
      consent: true,
      name: `Asiakas ${suffix}`,
      email: `asiakas-${suffix}@example.fi`,
      message: `Mihin voisin hakea syksyllä? (${suffix})`,
      about: { situation: 'student' },
    },
  });
  expect(left.status(), await left.text()).toBe(201);
  const { conversationId } = (await left.json()) as { conversationId: string };

  await signIn(page, demo.counsellor.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console$/);
  await page.goto(`/console/inbox/${conversationId}`);
  const details = page.getByRole('complementary', { name: 'Tiedot' });
  await expect(details.getByRole('definition').filter({ hasText: /^Opiskelee$/ })).toHaveCount(1);
  await expect(details.getByRole('term').filter({ hasText: /^Kotikunta$/ })).toHaveCount(0);

  await page.getByRole('button', { name: 'Ota hoitoon' }).click();
  await expect(statusOf(page)).toHaveText('Otit yhteydenoton hoitoosi.');

  // One step: topic, outcome and, folded away, what the client told in the talk.
  const close = page.getByRole('form', { name: 'Sulje yhteydenotto' });
  await close.getByText('Asiakkaasta', { exact: true }).click();
  const about = close.getByRole('group', { name: 'Asiakkaasta (vapaaehtoinen, jos asiakas kertoi)' });
  await expect(about.getByLabel('Tilanne')).toHaveValue('student');
  await about.getByLabel('Ikä').selectOption({ label: '25–34 vuotta' });
  await about.getByLabel('Kotikunta').selectOption({ label: 'Oulu' });
  await close.getByLabel('Lopputulos', { exact: true }).selectOption({ label: 'Ohjattiin oppilaitokseen' });
  await expectNoAxeViolations(page);
  await close.getByRole('button', { name: 'Sulje yhteydenotto' }).click();
  await expect(statusOf(page)).toHaveText('Yhteydenotto suljettu.');

  await expect(details.getByRole('definition').filter({ hasText: /^25–34 vuotta$/ })).toHaveCount(1);
  await expect(details.getByRole('definition').filter({ hasText: /^Oulu$/ })).toHaveCount(1);
  await expect(details.getByRole('definition').filter({ hasText: /^Kaupunkimaiset kunnat$/ })).toHaveCount(1);
  await expectNoAxeViolations(page);
  expect(await aboutOf(page.request, conversationId)).toEqual({
    ageBand: '25_34',
    situation: 'student',
    municipality: '564',
    municipalityName: 'Oulu',
    regionClass: 'urban',
  });

  // The quick contact log: a home municipality among the optional details.
  const before = new Set((await loggedToday(page.request)).map((item) => item.id));
  await page.goto('/console/contact-log');
  const main = page.getByRole('main');
  await main.getByRole('checkbox', { name: 'Hakeminen' }).click();
  await main.getByText('Lisätiedot: asiakasryhmä ja yhteydenotto').click();
  await main.getByLabel('Kotikunta (vapaaehtoinen)').selectOption({ label: 'Kempele' });
  await expectNoAxeViolations(page);
  await main.getByRole('button', { name: 'Tallenna', exact: true }).click();
  await expect(main.getByRole('status')).toHaveText('Tallennettu: Hakeminen.');
  await expect(main.getByLabel('Kotikunta (vapaaehtoinen)')).toHaveValue('');

  const logged = (await loggedToday(page.request)).filter((item) => !before.has(item.id));
  expect(logged).toHaveLength(1);
  expect(await aboutOf(page.request, logged[0]!.id)).toMatchObject({
    municipality: '244',
    municipalityName: 'Kempele',
    regionClass: 'urban',
  });
});
