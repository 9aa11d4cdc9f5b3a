import { expectNoAxeViolations } from './axe.js';
import { demo } from './support/accounts.js';
import {
  buildCounsellor,
  acceptInvitation,
  consoleMenu,
  createStaffMember,
  invitationLink,
  openOwnMenu,
  submitSignIn,
} from './support/console.js';
import { expect, test } from './support/fixtures.js';

test.use({ asAdmin: true });

test('deactivating a counsellor ends their open session, keeps them out and is logged', async ({
  page: admin,
  newPageInFreshContext,
}) => {
  const person = buildCounsellor();
  const id = await createStaffMember(admin, person);

  // Context A: the counsellor at work, signed in with the password they set from their invitation.
  const counsellor = await newPageInFreshContext();
  const ownPassword = `oma salalause ${person.email}`;
  await acceptInvitation(counsellor, await invitationLink(admin.request, person.email), ownPassword);
  await expect(counsellor.getByRole('heading', { level: 1 })).toHaveText(`Tervetuloa, ${person.name}`);

  // Context B: the admin deactivates the account.
  await admin.goto(`/console/admin/staff/${id}`);
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(
    `Muokkaa henkilön tietoja: ${person.name}`,
  );
  await expect(admin.getByText('Tila: Aktiivinen')).toBeVisible();
  await expectNoAxeViolations(admin);
  await admin.getByRole('button', { name: 'Poista tunnus käytöstä' }).click();
  await expect(admin.getByRole('status')).toHaveText('Tunnus poistettu käytöstä ja kirjautumiset päätetty.');
  await expect(admin.getByText('Tila: Poistettu käytöstä')).toBeVisible();
  await expect(admin.getByRole('button', { name: 'Ota tunnus uudelleen käyttöön' })).toBeVisible();
  await expectNoAxeViolations(admin);

  // The counsellor's next click in the workspace lands on the sign-in page.
  await openOwnMenu(counsellor, person.name);
  await consoleMenu(counsellor).getByRole('link', { name: 'Vaihda salasana' }).click();
  await expect(counsellor).toHaveURL(/\/console\/login\?next=%2Fconsole%2Fpassword&ended=1$/);
  await expect(counsellor.getByRole('status')).toHaveText('Istuntosi on päättynyt. Kirjaudu uudelleen.');
  await expect(consoleMenu(counsellor)).toHaveCount(0);
  await expectNoAxeViolations(counsellor);

  await submitSignIn(counsellor, person.email, ownPassword);
  await expect(counsellor.getByRole('alert')).toHaveText('Sähköposti tai salasana on väärin.');
  await expect(counsellor).toHaveURL(/\/console\/login/);
  await expectNoAxeViolations(counsellor);

  await admin.goto('/console/admin/audit');
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Tapahtumaloki');
  const entriesFor = (action: string) =>
    admin
      .getByRole('row')
      .filter({ has: admin.getByRole('cell', { name: action, exact: true }) })
      .filter({ has: admin.getByRole('cell', { name: `staff ${id}`, exact: true }) });
  await expect(entriesFor('staff.create')).toHaveCount(1);
  await expect(entriesFor('staff.create')).toContainText(demo.admin.name);
  await expect(entriesFor('staff.deactivate')).toHaveCount(1);
  await expect(entriesFor('staff.deactivate').getByRole('cell')).toContainText([
    demo.admin.name,
    'staff.deactivate',
    `staff ${id}`,
    'Onnistui',
    'revokedSessions: 1',
  ]);
  await expect(
    entriesFor('auth.login').filter({ hasText: 'Epäonnistui' }).filter({ hasText: 'reason: inactive' }),
  ).toHaveCount(1);
  await expectNoAxeViolations(admin);
});
