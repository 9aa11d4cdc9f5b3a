// Lighthouse phase of the page bench (npm run bench:pages): Lighthouse's default config — the
// mobile preset: an emulated phone, simulated slow 4G and a 4× CPU slowdown — on each public page
// type in Finnish, plus one Swedish and one English page. For each page it prints the
// performance, accessibility, best-practices and SEO scores, LCP, total blocking time and the
// bytes transferred, then the audits that did not pass and those that could not run.
//
// Nothing here reaches past the local server: Lighthouse's own error reporting is off in the
// Node API, chrome-launcher's default flags turn off Chromium's background networking, and the
// audits only look at what the page loaded (robots.txt is fetched from the page's own origin).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import lighthouse from 'lighthouse';
// chrome-launcher comes with lighthouse (its dependency, at the version lighthouse asks for).
import * as chromeLauncher from 'chrome-launcher';

export const targetLine = 'target: performance ≥ 95 and accessibility 100 on every page';
const target = { performance: 0.95, accessibility: 1 };
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];

/**
 * The pages to audit. The programme page's id is read from the catalogue API at run time; it
 * also answers to `programme` and `/fi/koulutukset/:id` in `--only`.
 * @param {string} base
 * @returns {Promise<{ path: string, aliases: string[] }[]>}
 */
export async function lighthousePages(base) {
  const page = (p, ...aliases) => ({ path: p, aliases });
  const pages = [
    page('/fi', 'front'),
    page('/fi/ohjeet', 'guides'),
    page('/fi/ohjeet/oppisopimus', 'article'),
    page('/fi/selko/oppisopimus', 'selko'),
    page('/fi/haku?q=oppisopimus', 'search'),
    page('/fi/koulutukset', 'catalogue'),
  ];
  const programme = await firstProgramme(base);
  if (programme) pages.push(page(programme, 'programme', '/fi/koulutukset/:id'));
  else console.warn('lighthouse: no programme in the catalogue listing, the programme page is left out');
  pages.push(
    page('/fi/loyda-koulutus', 'finder'),
    page('/fi/varaa-aika', 'booking'),
    page('/fi/tapahtumat', 'events'),
    page('/fi/kirjoita-meille', 'write-to-us'),
    page('/fi/soittopyynto', 'call-back'),
    page('/fi/tietosuoja', 'privacy'),
    page('/fi/saavutettavuus', 'accessibility'),
    page('/sv', 'sv'),
    page('/en/guides', 'en'),
  );
  return pages;
}

/** The first programme of the Finnish catalogue listing, as its page's path. */
async function firstProgramme(base) {
  try {
    const response = await fetch(`${base}/api/v1/programs?lang=fi`);
    if (!response.ok) return null;
    const body = await response.json();
    return body.items?.[0]?.url ?? null;
  } catch {
    return null;
  }
}

/** Lighthouse's and Chromium's versions, for the header. */
export function versions(chromePath) {
  const lighthouseVersion = createRequire(import.meta.url)('lighthouse/package.json').version;
  let chromiumVersion = 'unknown';
  try {
    // Debian's /usr/bin/chromium is a shell wrapper that may complain on stderr: leave that out.
    chromiumVersion = execFileSync(chromePath, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    // left as unknown
  }
  return { lighthouseVersion, chromiumVersion };
}

const score = (category) => (category?.score == null ? null : Math.round(category.score * 100));
const cell = (value, width) => String(value ?? '–').padStart(width);

/**
 * Runs Lighthouse on each page in turn, each in a fresh Chromium, and prints the table and notes.
 * @param {{ base: string, pages: { path: string }[], chromePath: string, reportsDir?: string }} options
 * @returns {Promise<{ below: string[] }>}
 */
export async function runLighthouse({ base, pages, chromePath, reportsDir }) {
  const { lighthouseVersion, chromiumVersion } = versions(chromePath);
  console.log('');
  console.log(`Lighthouse ${lighthouseVersion}, ${chromiumVersion}`);
  console.log('mobile preset (Lighthouse default): emulated phone, simulated slow 4G, 4× CPU slowdown');
  if (reportsDir) fs.mkdirSync(reportsDir, { recursive: true });

  // Warm the server's caches so that the first page audited is not the one that pays for them.
  for (const { path: p } of pages) await fetch(base + p).then((r) => r.arrayBuffer());

  const width = Math.max(38, ...pages.map((p) => p.path.length));
  console.log(
    `${'page'.padEnd(width)} perf  a11y    bp   SEO   LCP s  TBT ms      KB  cpu idx  load1  target`,
  );
  const below = [];
  /** @type {Map<string, { title: string, pages: string[] }>} */
  const failed = new Map();
  /** @type {Map<string, { ids: Set<string>, pages: Set<string> }>} */
  const errored = new Map();
  const warnings = [];
  /** Errored audits that do count in a score. */
  const weighted = new Set();

  for (const { path: p } of pages) {
    const chrome = await chromeLauncher.launch({
      chromePath,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
    });
    let result;
    try {
      result = await lighthouse(base + p, {
        port: chrome.port,
        logLevel: 'error',
        output: reportsDir ? 'html' : 'json',
        onlyCategories: categories,
      });
    } catch (error) {
      console.log(`${p.padEnd(width)} Lighthouse failed: ${error instanceof Error ? error.message : error}`);
      below.push(p);
      continue;
    } finally {
      chrome.kill();
    }
    const lhr = result?.lhr;
    if (!lhr) {
      console.log(`${p.padEnd(width)} Lighthouse returned no result`);
      below.push(p);
      continue;
    }
    if (reportsDir && typeof result.report === 'string') {
      const name = p.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '-') || 'root';
      fs.writeFileSync(path.join(reportsDir, `${name}.html`), result.report);
    }
    const s = Object.fromEntries(categories.map((c) => [c, score(lhr.categories[c])]));
    const audit = (id) => lhr.audits[id]?.numericValue;
    const lcp = audit('largest-contentful-paint');
    const tbt = audit('total-blocking-time');
    const bytes = audit('total-byte-weight');
    const misses = [];
    if (s.performance === null || s.performance < target.performance * 100) misses.push('perf');
    if (s.accessibility === null || s.accessibility < target.accessibility * 100) misses.push('a11y');
    if (misses.length > 0) below.push(p);
    console.log(
      [
        p.padEnd(width),
        cell(s.performance, 4),
        cell(s.accessibility, 5),
        cell(s['best-practices'], 5),
        cell(s.seo, 5),
        cell(lcp === undefined ? null : (lcp / 1000).toFixed(1), 7),
        cell(tbt === undefined ? null : Math.round(tbt), 7),
        cell(bytes === undefined ? null : (bytes / 1024).toFixed(1), 7),
        cell(lhr.environment?.benchmarkIndex == null ? null : Math.round(lhr.environment.benchmarkIndex), 8),
        cell(os.loadavg()[0].toFixed(2), 6),
        misses.length > 0 ? ` BELOW (${misses.join(', ')})` : ' ok',
      ].join(' '),
    );
    if (lhr.runtimeError) warnings.push(`${p}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    for (const w of lhr.runWarnings ?? []) warnings.push(`${p}: ${w}`);

    // What kept a category below 100: the audits that count in it and did not pass, and the
    // audits that could not run at all (they say what was not checked). With Lighthouse 12.2.3 and
    // a newer Chromium (156 here) the trace engine Lighthouse bundles fails on the screenshot
    // events ("reading 'frame_sequence'": Chromium no longer writes the frame reporter's
    // arguments it expects), so the trace-based diagnostics (layout-shifts, LCP element,
    // render-blocking-resources …) error out. They have no weight in any category; the metrics
    // and the scores are computed without them.
    for (const c of categories) {
      for (const ref of lhr.categories[c]?.auditRefs ?? []) {
        const a = lhr.audits[ref.id];
        if (!a || ref.weight === 0 || a.score === null || a.score >= 1) continue;
        if (c === 'performance') continue; // the metrics are in the table already
        const key = `${c}/${a.id}`;
        if (!failed.has(key)) failed.set(key, { title: a.title, pages: [] });
        failed.get(key)?.pages.push(p);
      }
    }
    for (const a of Object.values(lhr.audits)) {
      if (a.scoreDisplayMode !== 'error') continue;
      const message = (a.errorMessage ?? 'error').replace(
        /^.*(encountered an error|failed with exception): /,
        '',
      );
      if (!errored.has(message)) errored.set(message, { ids: new Set(), pages: new Set() });
      errored.get(message)?.ids.add(a.id);
      if (categories.some((c) => lhr.categories[c]?.auditRefs.some((r) => r.id === a.id && r.weight > 0)))
        weighted.add(a.id);
      errored.get(message)?.pages.add(p);
    }
  }

  const audited = pages.length;
  const onPages = (list) => (list.length === audited ? `all ${audited} pages` : list.join(' '));
  console.log('KB: Lighthouse total-byte-weight (transfer size). cpu idx: Lighthouse benchmarkIndex.');
  if (failed.size > 0) {
    console.log('audits that did not pass (accessibility, best practices, SEO):');
    for (const [key, { title, pages: on }] of failed) console.log(`  ${key} — ${title}: ${onPages(on)}`);
  }
  if (errored.size > 0) {
    console.log(
      weighted.size === 0
        ? 'audits that could not run (none of them counts in a score):'
        : `audits that could not run (these count in a score: ${[...weighted].join(', ')}):`,
    );
    for (const [message, { ids, pages: on }] of errored) {
      console.log(`  ${[...ids].join(', ')}: ${onPages([...on])}`);
      console.log(`    ${message}`);
    }
  }
  if (warnings.length > 0) {
    console.log('Lighthouse warnings:');
    for (const w of warnings) console.log(`  ${w}`);
  }
  console.log(
    `${targetLine}: ${below.length === 0 ? 'met' : `not met on ${below.length} of ${audited}: ${below.join(' ')}`}`,
  );
  if (reportsDir) console.log(`HTML reports in ${reportsDir}`);
  return { below };
}
