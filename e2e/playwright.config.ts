import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3199);
export const baseURL = `http://127.0.0.1:${port}`;
/**
 * A second app for the passkey journeys, reached by a host name: WebAuthn refuses IP addresses
 * as its relying party, and Chromium's offline emulation (console-home.spec) spares `localhost`,
 * so the other journeys stay on the address.
 */
export const passkeyBaseURL = `http://localhost:${port - 10}`;
/** The app's own SMTP server (incoming mail) and the relay the journeys start to catch outgoing mail. */
export const smtpInboundPort = port - 2;
export const smtpRelayPort = port - 3;
export const mailDomain = 'opintori.localhost';
const dataDir = path.join(os.tmpdir(), `opintori-e2e-${process.pid}`);
const passkeyDataDir = `${dataDir}-passkeys`;

/**
 * Journeys in Debian's Chromium against the built app (npm run build) on a fresh embedded
 * database seeded with the demo data. Never downloads a browser.
 */
export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Room for a loaded machine: every journey takes well under a minute on a quiet one.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'off',
  },
  webServer: [
    {
      command: `rm -rf "${dataDir}" && node ../server/dist/main.js`,
      url: `${baseURL}/readyz`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        // As in production: links and same-origin checks come from PUBLIC_URL.
        PUBLIC_URL: baseURL,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        // Journeys sign in many times from one address; keep the per-IP limit out of their way.
        LOGIN_MAX_FAILURES_PER_IP: '1000',
        CONTACT_LIMIT_PER_HOUR: '1000',
        BOOKING_LIMIT_PER_HOUR: '1000',
        // More than ten journeys start a chat from the one address within the hour.
        CHAT_START_LIMIT_PER_HOUR: '1000',
        SMTP_PORT: String(smtpInboundPort),
        SMTP_URL: `smtp://127.0.0.1:${smtpRelayPort}`,
        MAIL_DOMAIN: mailDomain,
      },
    },
    {
      command: `rm -rf "${passkeyDataDir}" && node ../server/dist/main.js`,
      url: `${passkeyBaseURL}/readyz`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORT: String(port - 10),
        HOST: '127.0.0.1',
        PUBLIC_URL: passkeyBaseURL,
        DATA_DIR: passkeyDataDir,
        LOG_LEVEL: 'warn',
        LOGIN_MAX_FAILURES_PER_IP: '1000',
        SMTP_PORT: String(port - 12),
        MAIL_DOMAIN: mailDomain,
      },
    },
  ],
});
