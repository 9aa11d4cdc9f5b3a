import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { maskCredentials, printableValue, productionWarnings } from './config-check.js';
import { runServerScript } from './test/run-script.js';

/** Every setting the warnings look at, unset: each case gives what it means. */
const unset = {
  SEED_DEMO_DATA: '',
  PUBLIC_URL: '',
  TRUST_PROXY: '',
  SMTP_URL: '',
  DATABASE_URL: '',
  METRICS_TOKEN: '',
  LOG_FORMAT: '',
  TURN_SECRET: '',
  INTERNAL_API_SECRET: '',
  ICE_SERVERS: '',
};

const production = {
  ...unset,
  SEED_DEMO_DATA: 'false',
  PUBLIC_URL: 'https://opintori.example.fi',
  TRUST_PROXY: 'true',
  SMTP_URL: 'smtp://mailer:relay-Pass-1234@smtp.example.fi:587',
  DATABASE_URL: 'postgres://opintori:db-Pass-5678@db.internal:5432/opintori',
  METRICS_TOKEN: 'metrics-Token-0123456789',
  TURN_SECRET: 'turn-Secret-0123456789',
  INTERNAL_API_SECRET: 'internal-Secret-0123456789-0123456789',
  ICE_SERVERS: '[{"urls":"turn:turn.example.fi:3478","username":"opintori","credential":"ice-Cred-4321"}]',
};

const check = (env: Record<string, string>) => runServerScript(['src/config-check-cli.ts'], env, 30_000);

describe('npm run config:check', () => {
  it('prints a production configuration with every secret masked, and no warning', async () => {
    // Through the launcher npm runs, as in a development checkout.
    const { code, stdout, stderr } = await runServerScript(
      ['bin/run-cli.mjs', 'config-check-cli'],
      production,
      30_000,
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^\s+DATABASE_URL\s+postgres:\/\/opintori:\*\*\*@db\.internal:5432\/opintori$/m);
    expect(stdout).toMatch(/^\s+SMTP_URL\s+smtp:\/\/mailer:\*\*\*@smtp\.example\.fi:587$/m);
    expect(stdout).toMatch(/^\s+TURN_SECRET\s+\*\*\*$/m);
    expect(stdout).toMatch(/^\s+METRICS_TOKEN\s+\*\*\*$/m);
    expect(stdout).toMatch(/^\s+PORT\s+3000 {2}\(default\)$/m);
    expect(stdout).toContain('"credential":"***"');
    for (const secret of [
      'relay-Pass',
      'db-Pass',
      'metrics-Token',
      'turn-Secret',
      'internal-Secret',
      'ice-Cred',
    ]) {
      expect(stdout + stderr).not.toContain(secret);
    }
    expect(stdout).toContain('ready for production');
  });

  it('warns about what production needs, and still exits with 0', async () => {
    const { code, stdout } = await check({ ...unset, PUBLIC_URL: 'https://opintori.example.fi' });
    expect(code).toBe(0);
    const warnings = stdout.split('\n').filter((line) => line.startsWith('  - '));
    expect(warnings.map((line) => /^ {2}- ([A-Z_]+)/.exec(line)?.[1])).toEqual([
      'SEED_DEMO_DATA',
      'PUBLIC_URL',
      'SMTP_URL',
      'METRICS_TOKEN',
      'DATABASE_URL',
    ]);
    expect(stdout).toContain('TRUST_PROXY is off');
    expect(stdout).toContain('5 warning(s) for production');
  });

  it('refuses an invalid configuration with the message the server gives, and exit code 1', async () => {
    const env = { ...production, LOG_LEVEL: 'loud', PUBLIC_URL: 'opintori.example.fi' };
    const checked = await check(env);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toBe('');
    // The server prints the same ConfigError message (loadConfigOrExit; see config.test.ts).
    const thrown = (() => {
      try {
        loadConfig(env);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(ConfigError);
    const { message } = thrown as ConfigError;
    expect(checked.stderr.trim()).toBe(message);
    expect(message).toMatch(/^Invalid configuration: /);
    expect(message).toContain('LOG_LEVEL: Invalid option');
    expect(message).toContain('PUBLIC_URL: must be an absolute');
  });
});

describe('masking', () => {
  it('masks passwords in URLs and credential-like query values, and secret-named settings', () => {
    expect(maskCredentials('postgres://u:p@h/db?sslmode=require&password=x')).toBe(
      'postgres://u:***@h/db?sslmode=require&password=***',
    );
    expect(maskCredentials('smtps://:only-pass@h:465')).toBe('smtps://:***@h:465');
    expect(maskCredentials('postgres://user@h/db')).toBe('postgres://user@h/db');
    expect(printableValue('INTERNAL_API_SECRET', 'x'.repeat(40))).toBe('***');
    expect(printableValue('SMTP_URL', undefined)).toBe('-');
    expect(printableValue('ICE_SERVERS', [{ urls: 'turn:t', credential: 'c' }])).toBe(
      '[{"urls":"turn:t","credential":"***"}]',
    );
  });

  it('warns about http PUBLIC_URL and pretty logs', () => {
    const config = loadConfig({
      ...production,
      PUBLIC_URL: 'http://opintori.example.fi',
      LOG_FORMAT: 'pretty',
    });
    expect(productionWarnings(config, production)).toEqual([
      expect.stringMatching(/^PUBLIC_URL \(http:\/\/opintori\.example\.fi\) is not https/),
      expect.stringMatching(/^LOG_FORMAT=pretty/),
    ]);
  });
});
