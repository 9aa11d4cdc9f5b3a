import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

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
    .filter((url) => url !== 'about:blank' && new URL(url).origin !== origin);
  expect(foreignFrames, `cross-origin frames on ${page.url()} need the default AxeBuilder mode`).toEqual([]);

  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).setLegacyMode(true);
  const results = options.javaScriptDisabled ? await analyzeWithoutPageScripts(page, builder) : await builder.analyze();
  const summary = results.violations.map(
    (violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * axe waits on timers, which never fire in a page whose scripts are disabled. Script
 * execution is switched on only while axe runs: the page's own scripts were skipped when it
 * loaded, so axe checks exactly what a visitor without JavaScript gets. Chromium only.
 */
async function analyzeWithoutPageScripts(page: Page, builder: AxeBuilder): Promise<AxeResults> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: false });
    return await builder.analyze();
  } finally {
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await cdp.detach();
  }
}
