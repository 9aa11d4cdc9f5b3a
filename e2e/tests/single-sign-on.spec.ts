import { expectNoAxeViolations } from './axe.js';
import { providers, uniqueSuffix } from './support/accounts.js';
import { signOut } from './support/console.js';
import { expect, test } from './support/fixtures.js';
import { startIdentityProvider } from './support/identity-provider.js';

test.use({ asAdmin: true });

test('an admin sets up single sign-on; a counsellor signs in through the identity provider with the email alone, and a stranger is told why not', async ({
  page,
  baseURL,
  newPageInFreshContext,
}) => {
  const idp = await startIdentityProvider(`${baseURL}/api/v1/auth/sso/callback`);
  const domain = `sso-${uniqueSuffix()}.example`;
  const person = { name: `Kerta Kirjautuja ${domain}`, email: `kerta@${domain}` };
  try {
    // The admin registers the identity provider for the domain.
    await page.goto('/console/admin/sign-in');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kertakirjautuminen');
    await expect(page.getByText(`${baseURL}/api/v1/auth/sso/callback`)).toBeVisible();
    await expectNoAxeViolations(page);
    const form = page.getByRole('region', { name: 'Uusi tunnistuspalvelu' });
    await form.getByLabel('Oppilaitos').selectOption({ label: providers.jokivarsi });
    await form.getByLabel('Nimi').fill('Jokivarren Entra ID (demo)');
    await form.getByLabel('Myöntäjän osoite (issuer)').fill(idp.issuer);
    await form.getByLabel('Sovelluksen tunnus (client ID)').fill(idp.clientId);
    await form.getByLabel('Sovelluksen salaisuus (client secret)').fill(idp.clientSecret);
    await form.getByLabel('Sähköpostin verkkotunnukset').fill(domain);
    await form.getByRole('button', { name: 'Lisää tunnistuspalvelu' }).click();
    await expect(page.getByRole('status')).toHaveText(
      'Tunnistuspalvelu ”Jokivarren Entra ID (demo)” tallennettiin.',
    );
    await expect(page.getByRole('heading', { level: 2, name: 'Jokivarren Entra ID (demo)' })).toBeVisible();
    await expectNoAxeViolations(page);

    const organisations = (await (await page.request.get('/api/v1/organisations')).json()) as {
      items: { id: string; name: { fi: string } }[];
    };
    const jokivarsi = organisations.items.find((item) => item.name.fi === providers.jokivarsi)!;
    const created = await page.request.post('/api/v1/staff', {
      data: {
        name: person.name,
        email: person.email,
        organisationId: jokivarsi.id,
        role: 'counsellor',
        languages: ['fi'],
      },
    });
    expect(created.status()).toBe(201);

    // The counsellor types the email only and is sent to the identity provider.
    const counsellor = await newPageInFreshContext();
    await counsellor.goto('/console/login');
    await counsellor.getByLabel('Sähköposti').fill(person.email);
    await counsellor.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
    await expect(counsellor).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
    await counsellor.getByPlaceholder('Enter any login').fill(person.email);
    await counsellor.getByPlaceholder('and password').fill('salasana tunnistuspalvelussa');
    await counsellor.getByRole('button', { name: 'Sign-in' }).click();
    await counsellor.getByRole('button', { name: 'Continue' }).click();
    await expect(counsellor).toHaveURL(/\/console$/);
    await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText(`Tervetuloa, ${person.name}`);

    // Signing out offers the identity provider's own sign-out too.
    await signOut(counsellor, person.name);
    await expect(
      counsellor.getByRole('link', { name: 'Kirjaudu ulos myös organisaatiosi tunnistuspalvelusta' }),
    ).toHaveAttribute('href', new RegExp(`^${idp.issuer}/`));
    await expectNoAxeViolations(counsellor);

    // Someone of the domain without an OpinTori account: back on the sign-in page with the reason.
    const stranger = await newPageInFreshContext();
    await stranger.goto('/console/login');
    await stranger.getByLabel('Sähköposti').fill(`vieras@${domain}`);
    await stranger.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
    await stranger.getByPlaceholder('Enter any login').fill(`vieras@${domain}`);
    await stranger.getByPlaceholder('and password').fill('mikä tahansa');
    await stranger.getByRole('button', { name: 'Sign-in' }).click();
    await stranger.getByRole('button', { name: 'Continue' }).click();
    await expect(stranger).toHaveURL(/\/console\/login\?sso=auth\.sso_unknown_staff$/);
    await expect(stranger.getByRole('alert')).toHaveText(
      'OpinTorissa ei ole käytössä olevaa tunnusta tälle henkilölle. Pyydä oppilaitoksesi pääkäyttäjää lisäämään sinut.',
    );
    await expectNoAxeViolations(stranger);
  } finally {
    // Leave the domain free for nobody else: switch the provider off.
    const list = (await (await page.request.get('/api/v1/sso-providers')).json()) as {
      items: { id: string; domains: string[] }[];
    };
    for (const item of list.items.filter((entry) => entry.domains.includes(domain))) {
      await page.request.patch(`/api/v1/sso-providers/${item.id}`, { data: { isActive: false } });
    }
    await idp.close();
  }
});
