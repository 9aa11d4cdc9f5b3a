import type { Locator, Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, type Account } from './support/accounts.js';
import { consoleMenu, signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/** A role's menu: its task groups with their links, in order, and the links of the own menu. */
interface Menu {
  groups: Record<string, string[]>;
  own: string[];
}

const work = ['Chat', 'Yhteydenotot', 'Ajanvaraukset', 'Kirjaa tapaaminen', 'Harjoittelu'];
const counsellorsOwn = ['Oma profiili', 'Vastaanottoajat', 'Vaihda salasana', 'Julkinen sivusto'];

const menus = {
  counsellor: {
    groups: { Työ: work, Sisällöt: ['Käsikirja', 'Ohjaustapahtumat'], Seuranta: ['Raportit'] },
    own: counsellorsOwn,
  },
  orgAdmin: {
    groups: {
      Työ: work,
      Sisällöt: ['Käsikirja', 'Ohjaustapahtumat', 'Koulutusten tuonti'],
      Seuranta: ['Raportit'],
      // The demo provider admin is also its data-protection contact (the `privacy` duty) and a
      // trainer (the `trainer` duty).
      Ylläpito: [
        'Oppilaitokset',
        'Henkilökunta',
        'Kertakirjautuminen',
        'Chatin asetukset',
        'Tapahtumaloki',
        'Tietopyynnöt',
      ],
    },
    own: counsellorsOwn,
  },
  editor: {
    groups: { Sisällöt: ['Ohjeet', 'Käsikirja'], Seuranta: ['Haut ja ohjeiden tarve'] },
    own: ['Oma profiili', 'Vaihda salasana', 'Julkinen sivusto'],
  },
  admin: {
    groups: {
      Työ: work,
      Sisällöt: ['Ohjeet', 'Käsikirja', 'Ohjaustapahtumat', 'Koulutusten tuonti'],
      Seuranta: ['Raportit', 'Haut ja ohjeiden tarve'],
      Ylläpito: [
        'Oppilaitokset',
        'Henkilökunta',
        'Kertakirjautuminen',
        'Chatin asetukset',
        'Chat-kutsut',
        'Lähtevä posti',
        'Tapahtumaloki',
        'Säilytysajat',
        'Tietopyynnöt',
      ],
    },
    own: counsellorsOwn,
  },
} satisfies Record<string, Menu>;

const desktop = { width: 1280, height: 800 };
const phone = { width: 360, height: 740 };

/** Presses Tab and expects focus on `target`. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
}

/** Tabs through the own menu's links and controls, which end with signing out. */
async function tabThroughOwnMenu(page: Page, nav: Locator, menu: Menu): Promise<void> {
  for (const name of menu.own) await tabTo(page, nav.getByRole('link', { name, exact: true }));
  await tabTo(page, nav.getByLabel('Työtilan kieli'));
  await tabTo(page, nav.getByRole('button', { name: 'Vaihda', exact: true }));
  await tabTo(page, nav.getByRole('button', { name: 'Kirjaudu ulos' }));
}

/**
 * The whole menu by keyboard on a desktop screen: each task group a button that Enter opens
 * and Escape closes, its links in between, then the own menu. `current` is the link of the
 * page open now.
 */
async function walkDesktopMenu(page: Page, account: Account, menu: Menu, current: string): Promise<void> {
  const nav = consoleMenu(page);
  const groups = Object.keys(menu.groups);
  const ownButton = nav.getByRole('button', { name: `Kirjautuneena: ${account.name}` });
  // Scripts have run once the toggles are buttons (before, they are links to the panels).
  await expect(nav.getByRole('button')).toHaveText([...groups, account.name]);
  await expect(nav.getByRole('button', { name: 'Valikko' })).toHaveCount(0);
  await expect(nav.getByRole('link')).toHaveText(['OpinTori', 'Yleiskatsaus']);

  await page.locator('body').focus();
  await tabTo(page, page.getByRole('link', { name: 'Siirry sisältöön' }));
  await tabTo(page, nav.getByRole('link', { name: 'OpinTori' }));
  await tabTo(page, nav.getByRole('link', { name: 'Yleiskatsaus' }));
  for (const group of groups) {
    const button = nav.getByRole('button', { name: group, exact: true });
    await tabTo(page, button);
    await page.keyboard.press('Enter');
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    const links = nav.getByRole('list', { name: group }).getByRole('link');
    await expect(links).toHaveText(menu.groups[group]!);
    for (const name of menu.groups[group]!) await tabTo(page, links.filter({ hasText: name }));
    if (menu.groups[group]!.includes(current)) {
      // The open panel with the current page marked passes the checks too.
      await expect(nav.locator('[aria-current="page"]')).toHaveText(current);
      await expectNoAxeViolations(page);
    }
    await page.keyboard.press('Escape');
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(button).toBeFocused();
    await expect(links.first()).toBeHidden();
  }

  await tabTo(page, ownButton);
  await page.keyboard.press('Enter');
  await expect(ownButton).toHaveAttribute('aria-expanded', 'true');
  await tabThroughOwnMenu(page, nav, menu);
  await page.keyboard.press('Escape');
  await expect(ownButton).toBeFocused();
  await expect(nav.getByRole('button', { name: 'Kirjaudu ulos' })).toBeHidden();
}

/** The whole menu by keyboard on a phone: one button that Space opens, everything in it. */
async function walkPhoneMenu(page: Page, account: Account, menu: Menu, current: string): Promise<void> {
  const nav = consoleMenu(page);
  const menuButton = nav.getByRole('button', { name: 'Valikko' });
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
  // The group buttons and the own menu's button are the wide screen's: here one button opens all.
  await expect(nav.getByRole('button')).toHaveText(['Valikko']);
  await expect(nav.getByRole('link')).toHaveText(['OpinTori']);

  await page.locator('body').focus();
  await tabTo(page, page.getByRole('link', { name: 'Siirry sisältöön' }));
  await tabTo(page, nav.getByRole('link', { name: 'OpinTori' }));
  await tabTo(page, menuButton);
  await page.keyboard.press('Space');
  await expect(menuButton).toHaveAttribute('aria-expanded', 'true');

  const groupLinks = Object.values(menu.groups).flat();
  await expect(nav.getByRole('link')).toHaveText(['OpinTori', 'Yleiskatsaus', ...groupLinks, ...menu.own]);
  for (const [group, links] of Object.entries(menu.groups)) {
    await expect(nav.getByRole('list', { name: group }).getByRole('link')).toHaveText(links);
  }
  // The own menu, at the end of the list, names the person (the wide screen's button is hidden).
  await expect(nav.getByText(account.name, { exact: true }).filter({ visible: true })).toHaveCount(1);
  await expect(nav.locator('[aria-current="page"]')).toHaveText(current);
  await expectNoAxeViolations(page);

  await tabTo(page, nav.getByRole('link', { name: 'Yleiskatsaus' }));
  for (const name of groupLinks) await tabTo(page, nav.getByRole('link', { name, exact: true }));
  await tabThroughOwnMenu(page, nav, menu);
  await page.keyboard.press('Escape');
  await expect(menuButton).toBeFocused();
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
  await expect(nav.getByRole('link', { name: 'Yleiskatsaus' })).toBeHidden();
}

/** Signs in, opens `path` and walks its menu on a desktop screen and on a phone. */
async function checkMenu(page: Page, account: Account, menu: Menu, path: string, current: string) {
  await page.setViewportSize(desktop);
  await signIn(page, account.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console$/);
  await page.goto(path);
  await walkDesktopMenu(page, account, menu, current);

  await page.setViewportSize(phone);
  await page.reload();
  await walkPhoneMenu(page, account, menu, current);
}

test('a counsellor’s menu holds their work, events and reports, and an admin page refuses them inside it', async ({
  page,
}) => {
  await checkMenu(page, demo.counsellor, menus.counsellor, '/console/inbox', 'Yhteydenotot');

  // An administration page opened by its address: the refusal, in the console with its menu.
  await page.setViewportSize(desktop);
  const response = await page.goto('/console/admin/staff');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ei käyttöoikeutta');
  await expect(consoleMenu(page).getByRole('button')).toHaveText([
    ...Object.keys(menus.counsellor.groups),
    demo.counsellor.name,
  ]);
  await expect(consoleMenu(page).locator('[aria-current="page"]')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole('main').getByRole('link', { name: 'Yleiskatsaus' }).click();
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Tervetuloa, ${demo.counsellor.name}`);
});

test('a provider admin’s menu adds their provider’s administration', async ({ page }) => {
  await checkMenu(page, demo.orgAdmin, menus.orgAdmin, '/console/admin/staff', 'Henkilökunta');
});

test('an editor’s menu holds the guides, what searches miss, and their own menu', async ({ page }) => {
  await checkMenu(page, demo.editor, menus.editor, '/console/articles', 'Ohjeet');
});

test('the service admin’s menu holds everything, and the deepest matching link is current', async ({
  page,
}) => {
  // Chat settings lies under the chat's address: it, not the chat, is the current page.
  await checkMenu(page, demo.admin, menus.admin, '/console/chat/settings', 'Chatin asetukset');
});
