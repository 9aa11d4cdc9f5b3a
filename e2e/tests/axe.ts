import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

const axeBuilder = (page: Page) =>
  new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).setLegacyMode(true);

/**
 * Runs axe-core with the WCAG 2.1 A and AA rules and fails on any violation.
 *
 * Legacy mode runs `axe.run` inside the page. The default mode finishes every run in a
 * freshly opened blank page, which costs seconds per call on a small CI machine and gives
 * the same results for pages without cross-origin frames. Legacy mode skips such frames,
 * so the helper refuses a page that has one rather than passing it unchecked. Pass
 * `javaScriptDisabled` in a context with `javaScriptEnabled: false`.
 */
export async function expectNoAxeViolations(
  page: Page,
  options: { javaScriptDisabled?: boolean } = {},
): Promise<void> {
  const origin = new URL(page.url()).origin;
  const foreignFrames = page
    .frames()
    .map((frame) => frame.url())
    // about:srcdoc: a stored mail shown in an empty sandbox (the outgoing mail log); the
    // frame's content is the mail's, not the page's, and the frame itself is checked. A frame
    // still being set up has no address yet ('').
    .filter((url) => url !== '' && !url.startsWith('about:') && new URL(url).origin !== origin);
  expect(foreignFrames, `cross-origin frames on ${page.url()} need the default AxeBuilder mode`).toEqual([]);

  const results = options.javaScriptDisabled
    ? await analyzeWithoutPageScripts(page)
    : await axeBuilder(page).analyze();
  const summary = results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * axe resolves every rule on a timer, and timers never fire in a page whose scripts are
 * disabled. So axe checks a copy: the page's DOM as parsed without scripts, served at the
 * same address in a scripted page whose CSP forbids every page script. axe, injected through
 * the DevTools protocol, is not bound by that CSP. Stylesheets load from the app as usual.
 */
async function analyzeWithoutPageScripts(page: Page): Promise<AxeResults> {
  const url = page.url();
  const html = await page.content();
  const browser = page.context().browser();
  if (!browser) throw new Error('expectNoAxeViolations needs a page opened from a browser');
  const copy = await inspectorPage(browser);
  const viewport = page.viewportSize();
  if (viewport) await copy.setViewportSize(viewport);
  const isThePage = (address: URL) => address.href === url;
  await copy.route(isThePage, (route) =>
    route.fulfill({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "script-src 'none'" },
      body: html,
    }),
  );
  try {
    await copy.goto(url);
    return await axeBuilder(copy).analyze();
  } finally {
    await copy.unroute(isThePage);
  }
}

const inspectors = new WeakMap<Browser, Promise<Page>>();

/**
 * One scripted page per browser for the copies: a fresh context per check would start a new
 * renderer that compiles axe from cold each time, seconds on a small machine. It holds no
 * cookies and closes with the browser.
 */
function inspectorPage(browser: Browser): Promise<Page> {
  let inspector = inspectors.get(browser);
  if (!inspector) {
    // Explicit: Playwright Test hands the test's options (javaScriptEnabled too) to new contexts.
    inspector = browser
      .newContext({ javaScriptEnabled: true, storageState: { cookies: [], origins: [] } })
      .then((context) => context.newPage());
    inspectors.set(browser, inspector);
  }
  return inspector;
}
