import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { runServerScript } from './test/run-script.js';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function configErrorFor(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig', () => {
  it('names DATABASE_URL when it is not a URL', () => {
    const error = configErrorFor({ DATABASE_URL: 'not-a-url' });
    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain('DATABASE_URL');
    expect(error.issues.map((issue) => issue.variable)).toEqual(['DATABASE_URL']);
  });

  it.each(['mysql://db.example/opintori', 'postgres:///no-host', 'https://db.example'])(
    'refuses the DATABASE_URL %j',
    (url) => {
      expect(configErrorFor({ DATABASE_URL: url }).message).toContain('DATABASE_URL');
    },
  );

  it('refuses a METRICS_TOKEN under 16 characters and a NODE_ID that cannot be a label', () => {
    const variables = (env: Record<string, string>) => configErrorFor(env).issues.map((i) => i.variable);
    expect(variables({ METRICS_TOKEN: 'fifteen-chars-x' })).toEqual(['METRICS_TOKEN']);
    expect(variables({ NODE_ID: 'node a/1' })).toEqual(['NODE_ID']);
    expect(loadConfig({ METRICS_TOKEN: 'sixteen-chars-xx', NODE_ID: 'app-1' })).toMatchObject({
      METRICS_TOKEN: 'sixteen-chars-xx',
      NODE_ID: 'app-1',
    });
  });

  it('names LOG_LEVEL when it is not a level', () => {
    const error = configErrorFor({ LOG_LEVEL: 'loud' });
    expect(error.message).toContain('LOG_LEVEL');
    expect(error.issues.map((issue) => issue.variable)).toEqual(['LOG_LEVEL']);
  });

  it('names every bad variable at once', () => {
    const error = configErrorFor({
      LOG_LEVEL: 'loud',
      PORT: 'eighty',
      SESSION_IDLE_MINUTES: '0',
      TRUST_PROXY: 'maybe',
      INTERNAL_API_SECRET: 'too short',
    });
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual([
      'INTERNAL_API_SECRET',
      'LOG_LEVEL',
      'PORT',
      'SESSION_IDLE_MINUTES',
      'TRUST_PROXY',
    ]);
  });

  it('has sane defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      NODE_ENV: 'production',
      PORT: 3000,
      LOG_LEVEL: 'info',
      TRUST_PROXY: false,
      SESSION_IDLE_MINUTES: 60,
      SESSION_ABSOLUTE_HOURS: 12,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: 5,
      LOGIN_MAX_FAILURES_PER_IP: 30,
      LOGIN_FAILURE_WINDOW_MINUTES: 15,
      BODY_LIMIT_BYTES: 1024 * 1024,
      STATEMENT_TIMEOUT_MS: 15_000,
      PGLITE_SHARED_BUFFERS_MB: 16,
      PGLITE_OPTIMIZING_COMPILER: false,
    });
    // Embedded database, no public URL and no internal secret unless configured.
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PUBLIC_URL).toBeUndefined();
    expect(config.INTERNAL_API_SECRET).toBeUndefined();
    // The idle timeout is shorter than the absolute lifetime, or it would never apply.
    expect(config.SESSION_IDLE_MINUTES).toBeLessThan(config.SESSION_ABSOLUTE_HOURS * 60);
    expect(path.isAbsolute(config.CONTENT_DIR)).toBe(true);
    expect(config.CONTENT_DIR).toBe(path.resolve(serverDir, '..', 'content'));
  });

  it('reads values from the environment and treats empty strings as unset', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://opintori@db.example:5433/opintori',
      PORT: '8080',
      TRUST_PROXY: 'yes',
      SEED_DEMO_DATA: '0',
      LOG_LEVEL: '',
      PUBLIC_URL: '',
    });
    expect(config).toMatchObject({
      DATABASE_URL: 'postgresql://opintori@db.example:5433/opintori',
      PORT: 8080,
      TRUST_PROXY: true,
      SEED_DEMO_DATA: false,
      LOG_LEVEL: 'info',
    });
    expect(config.PUBLIC_URL).toBeUndefined();
  });

  it('keeps PUBLIC_URL as its origin and refuses anything that is not an absolute http(s) origin', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://Opintori.Example.fi/' }).PUBLIC_URL).toBe(
      'https://opintori.example.fi',
    );
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3000' }).PUBLIC_URL).toBe('http://localhost:3000');
    expect(loadConfig({ PUBLIC_URL: 'https://opintori.example.fi:443' }).PUBLIC_URL).toBe(
      'https://opintori.example.fi',
    );
    for (const bad of [
      'opintori.example.fi',
      '/console',
      'javascript://opintori.example.fi/%0aalert(1)',
      'ftp://opintori.example.fi',
      'https://opintori.example.fi/opintori',
      'https://opintori.example.fi/?x=1',
      'https://user:pass@opintori.example.fi',
    ]) {
      expect(() => loadConfig({ PUBLIC_URL: bad }), bad).toThrow(/PUBLIC_URL: must/);
    }
  });
});

describe('the server entry point', () => {
  it.each([
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL: Invalid option'],
    ['PUBLIC_URL', 'opintori.example.fi/console', 'PUBLIC_URL: must be an absolute http:// or https:// URL'],
  ])('refuses to start with an invalid %s, naming it on stderr', async (variable, value, message) => {
    // If validation ever let it through, the port and data dir keep the stray server harmless.
    const { code, stderr, stdout } = await runServerScript(
      ['src/main.ts'],
      {
        LOG_LEVEL: 'info',
        [variable]: value,
        PORT: '0',
        DATA_DIR: 'memory-only',
        SEED_DEMO_DATA: 'false',
        DATABASE_URL: '',
      },
      20_000,
    );
    expect(code, stdout + stderr).toBe(1);
    expect(stderr).toContain(message);
    expect(stdout).not.toContain('OpinTori is ready');
  });
});
