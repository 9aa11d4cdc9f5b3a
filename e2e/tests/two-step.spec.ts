import type { Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { expectNoAxeViolations } from './axe.js';
import { uniqueSuffix } from './support/accounts.js';
import { consoleMenu, invitationLink, signOut, submitSignIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

test.use({ asAdmin: true });

/** The code an authenticator app shows, `offsetSeconds` from now. */
const codeAt = (secret: string, offsetSeconds = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: Date.now() + offsetSeconds * 1000,
  });

async function setRequirement(page: Page, requireTwoStep: string) {
  const response = await page.request.put('/api/v1/auth/settings', { data: { requireTwoStep } });
  expect(response.status()).toBe(200);
}

test('a counsellor required to use two-step sets it up, signs in with a code and with a recovery code, and an admin resets it', async ({
  page,
  newPageInFreshContext,
}) => {
  // Preconditions through the API, as the admin: a new counsellor, and two-step for everyone.
  const suffix = uniqueSuffix();
  const person = {
    name: `Kaksivaihe Testaaja ${suffix}`,
    email: `e2e-2fa-${suffix}@opintori.example`,
    newPassword: `oma pitkä salalause ${suffix}`,
  };
  const organisations = await (await page.request.get('/api/v1/organisations')).json();
  const created = await page.request.post('/api/v1/staff', {
    data: {
      name: person.name,
      email: person.email,
      organisationId: organisations.items[0].id,
      role: 'counsellor',
      languages: ['fi'],
    },
  });
  expect(created.status()).toBe(201);
  const { id } = await created.json();

  const counsellor = await newPageInFreshContext();
  let secret = '';
  let recoveryCode = '';
  await setRequirement(page, 'everyone');
  try {
    // The person sets their password through the invitation (its page is staff-admin.spec's).
    const link = await invitationLink(page.request, person.email);
    const accepted = await counsellor.request.post(
      `/api/v1/auth/invitations/${link.split('/').pop()}/accept`,
      {
        data: { password: person.newPassword },
      },
    );
    expect(accepted.status()).toBe(200);

    // Anywhere in the console, the set-up comes first, without the menu.
    await counsellor.goto('/console/inbox');
    await expect(counsellor).toHaveURL(/\/console\/profile\/two-step$/);
    await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText('Kaksivaiheinen tunnistautuminen');
    await expect(counsellor.getByRole('status')).toContainText('edellyttää roolillesi kaksivaiheista');
    await expect(consoleMenu(counsellor)).toHaveCount(0);
    await expectNoAxeViolations(counsellor);

    await counsellor.getByRole('button', { name: 'Ota käyttöön' }).click();
    const qr = counsellor.getByRole('img', {
      name: 'QR-koodi, joka lisää OpinTori-tilisi todennussovellukseen',
    });
    await expect(qr).toBeVisible();
    expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    secret = (await counsellor.locator('[data-secret]').getAttribute('data-secret')) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expect(counsellor.locator('[data-secret]')).toHaveText(secret.match(/.{4}/g)!.join(' '));
    await expectNoAxeViolations(counsellor);

    const codeField = counsellor.getByLabel('Sovelluksen näyttämä koodi');
    const wrong = String((Number(codeAt(secret)) + 500_000) % 1_000_000).padStart(6, '0');
    await codeField.fill(wrong);
    await counsellor.getByRole('button', { name: 'Vahvista ja ota käyttöön' }).click();
    await expect(counsellor.getByRole('alert')).toContainText('Koodi ei täsmää');
    await expect(codeField).toHaveAttribute('aria-invalid', 'true');
    // The same QR code and key stay, for another try.
    await expect(counsellor.locator('[data-secret]')).toHaveAttribute('data-secret', secret);
    await expectNoAxeViolations(counsellor);

    await codeField.fill(codeAt(secret));
    await counsellor.getByRole('button', { name: 'Vahvista ja ota käyttöön' }).click();
    await expect(counsellor.getByRole('status')).toHaveText(
      'Kaksivaiheinen tunnistautuminen on nyt käytössä.',
    );
    const codes = counsellor.getByRole('region', { name: 'Varakoodisi' }).getByRole('listitem');
    await expect(codes).toHaveCount(10);
    recoveryCode = (await codes.nth(2).textContent())!.trim();
    expect(recoveryCode).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    await expectNoAxeViolations(counsellor);
    await counsellor.getByRole('link', { name: 'Jatka konsoliin' }).click();
    await expect(counsellor).toHaveURL(/\/console$/);
    await expect(consoleMenu(counsellor)).toBeVisible();
  } finally {
    await setRequirement(page, 'nobody');
  }

  // Next sign-in: the password, then the code (the one after the code just used).
  await signOut(counsellor, person.name);
  await submitSignIn(counsellor, person.email, person.newPassword);
  await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText('Vahvista kirjautuminen');
  await expectNoAxeViolations(counsellor);
  await counsellor.getByLabel('Vahvistuskoodi').fill('000000');
  await counsellor.getByRole('button', { name: 'Vahvista', exact: true }).click();
  await expect(counsellor.getByRole('alert')).toContainText('Koodi ei ole oikein');
  await expectNoAxeViolations(counsellor);
  await counsellor.getByLabel('Vahvistuskoodi').fill(codeAt(secret, 30));
  await counsellor.getByRole('button', { name: 'Vahvista', exact: true }).click();
  await expect(counsellor).toHaveURL(/\/console$/);

  // Without the phone: a recovery code, once.
  await signOut(counsellor, person.name);
  await submitSignIn(counsellor, person.email, person.newPassword);
  await counsellor.getByText('Eikö puhelin ole käsillä? Käytä varakoodia').click();
  await counsellor.getByLabel('Varakoodi').fill(recoveryCode);
  await counsellor.getByRole('button', { name: 'Vahvista', exact: true }).last().click();
  await expect(counsellor).toHaveURL(/\/console$/);

  // The admin resets it (a lost phone): the person's session ends at once.
  await page.goto(`/console/admin/staff/${id}`);
  const section = page.getByRole('region', { name: 'Kaksivaiheinen tunnistautuminen' });
  await expect(section).toContainText('Kaksivaiheinen tunnistautuminen on käytössä.');
  await section.getByRole('button', { name: 'Nollaa kaksivaiheinen tunnistautuminen' }).click();
  await expect(page.getByRole('status')).toHaveText(
    'Kaksivaiheinen tunnistautuminen nollattiin ja kirjautumiset päätettiin.',
  );
  await expect(section).toContainText('Kaksivaiheinen tunnistautuminen ei ole käytössä.');
  await expectNoAxeViolations(page);
  // And mails a new link to set a password, should that be lost too.
  await page.getByRole('button', { name: 'Lähetä linkki sähköpostiin' }).click();
  await expect(page.getByRole('status')).toHaveText(`Linkki lähetettiin osoitteeseen ${person.email}.`);
  await counsellor.goto('/console');
  await expect(counsellor).toHaveURL(/\/console\/login\?next=%2Fconsole&ended=1$/);
});
