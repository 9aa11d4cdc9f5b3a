import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { CDPSession, Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { passkeyBaseURL } from '../playwright.config.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { invitationLink, signOut, submitSignIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

// The app for passkeys, on a host name (see playwright.config.ts).
test.use({ baseURL: passkeyBaseURL });

/** Chromium's virtual authenticator (DevTools protocol, WebAuthn domain): a platform passkey that says yes. */
async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

test('a counsellor adds a passkey, signs in with it alone and as the second step, and an unknown passkey is refused', async ({
  playwright,
  newPageInFreshContext,
}) => {
  const admin = await playwright.request.newContext({ baseURL: passkeyBaseURL });
  const signedIn = await admin.post('/api/v1/auth/login', {
    data: { email: demo.admin.email, password: DEMO_PASSWORD },
  });
  expect(signedIn.status()).toBe(200);
  const suffix = uniqueSuffix();
  const person = {
    name: `Avain Testaaja ${suffix}`,
    email: `e2e-passkey-${suffix}@opintori.example`,
    password: `oma pitkä salalause ${suffix}`,
  };
  const organisations = await (await admin.get('/api/v1/organisations')).json();
  const created = await admin.post('/api/v1/staff', {
    data: {
      name: person.name,
      email: person.email,
      organisationId: organisations.items[0].id,
      role: 'counsellor',
      languages: ['fi'],
    },
  });
  expect(created.status()).toBe(201);
  const counsellor = await newPageInFreshContext();
  const link = await invitationLink(admin, person.email);
  const accepted = await counsellor.request.post(`/api/v1/auth/invitations/${link.split('/').pop()}/accept`, {
    data: { password: person.password },
  });
  expect(accepted.status()).toBe(200);

  const { cdp, authenticatorId } = await virtualAuthenticator(counsellor);

  await counsellor.goto('/console/profile/passkeys');
  await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText('Pääsyavaimet');
  await expect(counsellor.getByText('Sinulla ei ole vielä pääsyavaimia.')).toBeVisible();
  await expectNoAxeViolations(counsellor);
  await counsellor.getByLabel('Avaimen nimi').fill('Testikannettava');
  await counsellor.getByRole('button', { name: 'Lisää pääsyavain' }).click();
  await expect(counsellor.getByText('Pääsyavain ”Testikannettava” lisättiin.')).toBeVisible();
  await expect(counsellor.getByRole('heading', { level: 2, name: 'Testikannettava' })).toBeVisible();
  await expect(counsellor.getByText('ei vielä käytetty')).toBeVisible();
  await expectNoAxeViolations(counsellor);
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]!.isResidentCredential).toBe(true);

  // A passkey alone: no email, no password.
  await signOut(counsellor, person.name);
  await counsellor.getByRole('link', { name: 'Kirjaudu pääsyavaimella' }).click();
  await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText('Kirjaudu pääsyavaimella');
  await expectNoAxeViolations(counsellor);
  await counsellor.getByRole('button', { name: 'Käytä pääsyavainta' }).click();
  await expect(counsellor).toHaveURL(/\/console$/);
  await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText(`Tervetuloa, ${person.name}`);

  // Now that the person has a passkey, the password alone is not enough: the passkey is the second step.
  await signOut(counsellor, person.name);
  await submitSignIn(counsellor, person.email, person.password);
  await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText('Vahvista kirjautuminen');
  await expect(counsellor.getByLabel('Vahvistuskoodi')).toHaveCount(0);
  await expectNoAxeViolations(counsellor);
  await counsellor.getByRole('button', { name: 'Käytä pääsyavainta' }).click();
  await expect(counsellor.getByText('Vahvista kirjautuminen pääsyavaimellasi.')).toBeVisible();
  await counsellor.getByRole('button', { name: 'Käytä pääsyavainta' }).click();
  await expect(counsellor).toHaveURL(/\/console$/);

  // A passkey the service does not know (made on this device for the same site) is refused.
  await signOut(counsellor, person.name);
  await cdp.send('WebAuthn.clearCredentials', { authenticatorId });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await cdp.send('WebAuthn.addCredential', {
    authenticatorId,
    credential: {
      credentialId: randomBytes(32).toString('base64'),
      isResidentCredential: true,
      rpId: new URL(counsellor.url()).hostname,
      privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      userHandle: Buffer.from('someone else').toString('base64'),
      signCount: 0,
    },
  });
  await counsellor.goto('/console/login/passkey');
  await counsellor.getByRole('button', { name: 'Käytä pääsyavainta' }).click();
  await expect(counsellor.getByRole('alert')).toHaveText(
    'Pääsyavainta ei hyväksytty. Käytä OpinToriin lisäämääsi avainta tai kirjaudu salasanalla.',
  );
  await expect(counsellor).toHaveURL(/\/console\/login\/passkey$/);
  await expectNoAxeViolations(counsellor);
  await admin.dispose();
});
