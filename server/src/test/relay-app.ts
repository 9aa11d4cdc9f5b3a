import { afterAll, beforeAll } from 'vitest';
import { startCaptureServer, type CaptureServer } from './mail-helpers.js';
import type { AppOptions } from '../app.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * The API for a suite's tests with its mail sent through a capture relay: both started before
 * the tests (and before the suite's own beforeAll hooks, which come after this call), both
 * closed after them.
 */
export function useTestAppWithRelay(
  env: Record<string, string> = {},
  options: Pick<AppOptions, 'logStream'> = {},
): { t: TestApp; relay: CaptureServer } {
  const t = {} as TestApp;
  const relay = {} as CaptureServer;
  beforeAll(async () => {
    Object.assign(relay, await startCaptureServer());
    Object.assign(t, await createTestApp({ SMTP_URL: relay.url, ...env }, options));
  });
  afterAll(async () => {
    await t.close();
    await relay.close();
  });
  return { t, relay };
}
