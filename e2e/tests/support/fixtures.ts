import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, demo } from './accounts.js';
import { signIn } from './console.js';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

interface JourneyFixtures {
  /** `test.use({ asAdmin: true })` starts the test's own `page` signed in as the demo admin. */
  asAdmin: boolean;
  /** A page in a separate browser context (its own cookies): a second person at another desk. */
  newPageInFreshContext: () => Promise<Page>;
}

interface WorkerFixtures {
  /** The admin's cookies, from one sign-in per worker; the admin is never signed out or changed. */
  adminState: StorageState;
}

export const test = base.extend<JourneyFixtures, WorkerFixtures>({
  adminState: [
    async ({ browser }, use, workerInfo) => {
      const context = await browser.newContext({
        baseURL: workerInfo.project.use.baseURL,
        storageState: { cookies: [], origins: [] },
      });
      const page = await context.newPage();
      await signIn(page, demo.admin.email, DEMO_PASSWORD);
      await expect(page).toHaveURL(/\/console$/);
      const state = await context.storageState();
      await context.close();
      await use(state);
    },
    { scope: 'worker' },
  ],

  asAdmin: [false, { option: true }],

  // Fixtures cannot depend on others conditionally, so every worker signs the admin in once.
  storageState: async ({ asAdmin, adminState, storageState }, use) => {
    await use(asAdmin ? adminState : storageState);
  },

  newPageInFreshContext: async ({ browser, baseURL }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async () => {
      // Playwright Test gives new contexts the test's options; this one must start signed out.
      const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
      contexts.push(context);
      return context.newPage();
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});

export { expect };
