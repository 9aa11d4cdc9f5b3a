import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { DEMO_PASSWORD, providers, uniqueSuffix } from './accounts.js';

/*
 * Steps that several journeys take on the way to what they test. They assert that each step
 * worked but run no accessibility checks: every page state they pass through is checked by
 * the journey that is about it (login.spec, staff-admin.spec).
 */

/** Fills and sends the (Finnish) sign-in form on the page that shows it. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Sähköposti').fill(email);
  await page.getByLabel('Salasana', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
}

/** Opens the sign-in page and signs in; the caller asserts where the person lands. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/console/login');
  await submitSignIn(page, email, password);
}

/** The console's menu (in Finnish). */
export function consoleMenu(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Työtilan valikko' });
}

/**
 * A toggle of the console menu by its name: a button once the page's scripts have run, a link
 * to the part it opens before that or without them.
 */
export function menuToggle(page: Page, name: string): Locator {
  const menu = consoleMenu(page);
  return menu.getByRole('button', { name, exact: true }).or(menu.getByRole('link', { name, exact: true }));
}

/**
 * Follows a link of the console menu: opens its task group (Työ, Sisällöt, Seuranta, Ylläpito)
 * on a wide screen, or the whole menu (Valikko) on a narrow one, and clicks the link.
 */
export async function followConsoleMenu(page: Page, group: string, link: string): Promise<void> {
  const target = consoleMenu(page)
    .getByRole('list', { name: group })
    .getByRole('link', { name: link, exact: true });
  // A toggle pressed while the page hydrates may be undone by it: press again until the link shows.
  await expect(async () => {
    // Only the toggle of the screen's width is shown.
    if (!(await target.isVisible())) await menuToggle(page, group).or(menuToggle(page, 'Valikko')).click();
    await target.click({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/** Opens the person's own menu (profile, password, language, sign out), part of Valikko when narrow. */
export async function openOwnMenu(page: Page, name: string): Promise<void> {
  const signOutButton = consoleMenu(page).getByRole('button', { name: 'Kirjaudu ulos' });
  // As in followConsoleMenu: a press while the page hydrates is pressed again until the menu shows.
  await expect(async () => {
    if (!(await signOutButton.isVisible()))
      await menuToggle(page, `Kirjautuneena: ${name}`).or(menuToggle(page, 'Valikko')).click();
    await expect(signOutButton).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/** Signs out through the own menu and waits for the sign-in page. */
export async function signOut(page: Page, name: string): Promise<void> {
  await openOwnMenu(page, name);
  await consoleMenu(page).getByRole('button', { name: 'Kirjaudu ulos' }).click();
  await expect(page).toHaveURL(/\/console\/login\?loggedOut=1$/);
}

/** A staff member as typed into the admin's form: labels, not codes, as a person sees them. */
export interface StaffMemberInput {
  name: string;
  email: string;
  provider: string;
  role: string;
  languages: string;
  expertise: string[];
}

/** A counsellor nobody else uses: Jokivarsi, Finnish and Arabic, immigrant guidance. */
export function buildCounsellor(overrides: Partial<StaffMemberInput> = {}): StaffMemberInput {
  const suffix = uniqueSuffix();
  return {
    name: `Testi Ohjaaja ${suffix}`,
    email: `e2e-${suffix}@opintori.example`,
    provider: providers.jokivarsi,
    role: 'Ohjaaja',
    languages: 'fi, ar',
    expertise: ['Maahan muuttaneet'],
    ...overrides,
  };
}

/** Fills the add-person form (/console/admin/staff/new) without sending it. */
export async function fillStaffForm(page: Page, person: StaffMemberInput): Promise<void> {
  await page.getByLabel('Nimi', { exact: true }).fill(person.name);
  await page.getByLabel('Sähköposti', { exact: true }).fill(person.email);
  await page.getByLabel('Oppilaitos', { exact: true }).selectOption({ label: person.provider });
  await page.getByLabel('Rooli', { exact: true }).selectOption({ label: person.role });
  await page.getByLabel('Kielet, joilla ohjaa').fill(person.languages);
  for (const area of person.expertise) await page.getByRole('checkbox', { name: area }).check();
}

/** Adds a staff member through the admin's form and returns their id from the staff list. */
export async function createStaffMember(page: Page, person: StaffMemberInput): Promise<string> {
  await page.goto('/console/admin/staff/new');
  await fillStaffForm(page, person);
  await page.getByRole('button', { name: 'Lisää henkilö' }).click();
  await expect(page).toHaveURL(/\/console\/admin\/staff\?saved=created$/);
  const href = await page.getByRole('link', { name: person.name, exact: true }).getAttribute('href');
  const id = href?.split('/').pop() ?? '';
  expect(id, `id in the link to ${person.name}`).toMatch(/^[0-9a-f-]{36}$/);
  return id;
}

/** Sends the change-password form (/console/password) and waits for the confirmation. */
export async function changePassword(page: Page, current: string, next: string): Promise<void> {
  await page.getByLabel('Nykyinen salasana').fill(current);
  await page.getByLabel('Uusi salasana', { exact: true }).fill(next);
  await page.getByLabel('Uusi salasana uudelleen').fill(next);
  await page.getByRole('button', { name: 'Vaihda salasana' }).click();
  await expect(page.getByRole('status')).toHaveText('Salasana vaihdettu. Muut kirjautumisesi on päätetty.');
}

/** The newest invitation link mailed to a staff member, read from the mail log with the admin's request context. */
export async function invitationLink(admin: APIRequestContext, email: string): Promise<string> {
  let link = '';
  await expect(async () => {
    const log = await admin.get('/api/v1/dev-mailbox?limit=200');
    expect(log.status()).toBe(200);
    const { items } = (await log.json()) as { items: { to: string; kind: string; text: string }[] };
    const mail = items.find((item) => item.to === email && item.kind === 'staff_invitation');
    link = /https?:\/\/\S+\/console\/invitation\/[A-Za-z0-9_-]+/.exec(mail?.text ?? '')?.[0] ?? '';
    expect(link, `an invitation mailed to ${email}`).not.toBe('');
  }).toPass({ timeout: 10_000 });
  return link;
}

/** Sets a password through an invitation link (as the person, in their own browser context); they land in the console. */
export async function acceptInvitation(page: Page, link: string, password: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('Uusi salasana', { exact: true }).fill(password);
  await page.getByLabel('Uusi salasana uudelleen').fill(password);
  await page.getByRole('button', { name: 'Tallenna salasana ja kirjaudu' }).click();
  await expect(page).toHaveURL(/\/console$/);
}

/**
 * The one conversation a client left with `email`, as a staff member reads it through the inbox
 * API (`GET /api/v1/inbox/conversations/:id`): signed in on a request context of its own.
 */
export async function conversationByEmail(
  playwright: { request: { newContext(options: object): Promise<APIRequestContext> } },
  baseURL: string | undefined,
  staffEmail: string,
  email: string,
): Promise<{ conversation: { language: string | null }; context: { about: unknown } }> {
  const staff = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  try {
    const login = await staff.post('/api/v1/auth/login', {
      data: { email: staffEmail, password: DEMO_PASSWORD },
    });
    expect(login.status(), await login.text()).toBe(200);
    const list = await staff.get(`/api/v1/inbox/conversations?q=${encodeURIComponent(email)}`);
    expect(list.status(), await list.text()).toBe(200);
    const items = ((await list.json()) as { items: { id: string }[] }).items;
    expect(items).toHaveLength(1);
    const read = await staff.get(`/api/v1/inbox/conversations/${items[0]!.id}`);
    expect(read.status(), await read.text()).toBe(200);
    return await read.json();
  } finally {
    await staff.dispose();
  }
}

/** A request context signed in as one of the demo staff. */
export async function staffApi(
  playwright: { request: { newContext(options: object): Promise<APIRequestContext> } },
  baseURL: string | undefined,
  email: string,
): Promise<APIRequestContext> {
  const context = await playwright.request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
  });
  const login = await context.post('/api/v1/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(login.status(), await login.text()).toBe(200);
  return context;
}
