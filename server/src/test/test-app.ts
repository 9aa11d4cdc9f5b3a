import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { TEST_PASSWORD } from './factories.js';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

function loadTestConfig(env: Record<string, string>): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'false', ...env });
}

/** The API on a fresh migrated database, driven through app.inject(). */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadTestConfig(env);
  const database = await createTestDatabase();
  const app = await buildApp({ config, database, serveWeb: false });
  await app.ready();
  return {
    app,
    database,
    config,
    close: async () => {
      await app.close();
      await database.destroy();
    },
  };
}

/**
 * A second API instance with other settings on a database a test already has: cheaper than a
 * new database. Closing it leaves the database open; its owner closes that.
 */
export async function createAppOn(
  database: DatabaseHandle,
  env: Record<string, string> = {},
): Promise<FastifyInstance> {
  const app = await buildApp({ config: loadTestConfig(env), database, serveWeb: false });
  await app.ready();
  return app;
}

/** Signs in through the API and returns the Cookie header value for later requests. */
export async function loginAs(
  app: FastifyInstance,
  email: string,
  password: string = TEST_PASSWORD,
  remoteAddress?: string,
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
  if (response.statusCode !== 200) {
    throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  }
  const cookie = response.cookies.find((c) => c.name === 'opintori_session');
  if (!cookie) throw new Error('no session cookie');
  return `opintori_session=${cookie.value}`;
}
