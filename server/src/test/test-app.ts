import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type AppOptions } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { buildOrganisation, buildStaff, TEST_PASSWORD } from './factories.js';
import type { StaffRow } from '../features/staff/staff.table.js';
import type { OrganisationRow } from '../features/organisations/organisation.table.js';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

function loadTestConfig(env: Record<string, string>): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO_DATA: 'false',
    ...env,
  });
}

/** The API on a fresh migrated database, driven through app.inject(); its log may be captured. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: Pick<AppOptions, 'logStream'> = {},
): Promise<TestApp> {
  const config = loadTestConfig(env);
  const database = await createTestDatabase();
  const app = await buildApp({ config, database, serveWeb: false, ...options });
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
 * The API for the tests of a file or a describe block: created before them (before the block's
 * own beforeAll hooks, which come after this call) and closed after them.
 */
export function useTestApp(env: Record<string, string> = {}): TestApp {
  const handle = {} as TestApp;
  beforeAll(async () => {
    Object.assign(handle, await createTestApp(env));
  });
  afterAll(() => handle.close());
  return handle;
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

/** Starts the API on a free local port (for sockets and real HTTP) and returns its base URL. */
export async function listenLocally(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/**
 * One more node of the service on a test's PostgreSQL database, listening: its sockets fan out
 * to the other nodes through the database. Its owner closes it.
 */
export async function listeningNode(database: TestDatabase): Promise<{ app: FastifyInstance; base: string }> {
  const app = await createAppOn(database, { DATABASE_URL: database.url! });
  return { app, base: await listenLocally(app) };
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

/** A staff member and the Cookie header of their session. */
export interface SignedIn {
  id: string;
  cookie: string;
  staff: StaffRow;
}

/** A staff member made as buildStaff makes one (any field can be given), signed in through the API. */
export async function signedIn(
  t: { app: FastifyInstance; database: Pick<DatabaseHandle, 'db'> },
  overrides: Parameters<typeof buildStaff>[1] = {},
): Promise<SignedIn> {
  const staff = await buildStaff(t.database.db, overrides);
  return { id: staff.id, cookie: await loginAs(t.app, staff.email, overrides.password), staff };
}

/** Changes a staff account through the API (PATCH /api/v1/staff/:id) as the signed-in `cookie`. */
export function patchStaff(
  app: FastifyInstance,
  cookie: string,
  id: string,
  payload: Record<string, unknown>,
) {
  return app.inject({ method: 'PATCH', url: `/api/v1/staff/${id}`, headers: { cookie }, payload });
}

/**
 * Provider Rannikko with two Finnish-speaking counsellors, Mikko and Anna, and an admin: all
 * signed in before the suite's tests.
 */
export function useRannikkoTeam(t: Pick<TestApp, 'app' | 'database'>) {
  const team = {
    provider: {} as OrganisationRow,
    admin: {} as SignedIn,
    mikko: {} as SignedIn,
    anna: {} as SignedIn,
  };
  beforeAll(async () => {
    Object.assign(team.provider, await buildOrganisation(t.database.db, { slug: 'rannikko' }));
    const counsellor = (email: string) =>
      signedIn(t, { email, organisation_id: team.provider.id, languages: ['fi'] });
    Object.assign(team.admin, await signedIn(t, { role: 'admin', email: 'admin@example.test' }));
    Object.assign(team.mikko, await counsellor('mikko@example.test'));
    Object.assign(team.anna, await counsellor('anna@example.test'));
  });
  return team;
}

/** A value made before the tests of the suite that asks for it (in the order asked), for them to use. */
function madeBeforeAll<T extends object>(make: () => Promise<T>): T {
  const handle = {} as T;
  beforeAll(async () => {
    Object.assign(handle, await make());
  });
  return handle;
}

type StaffOverrides = Parameters<typeof buildStaff>[1];
type OrganisationOverrides = Parameters<typeof buildOrganisation>[1];

/**
 * A staff member signed in for a suite's tests (see signedIn). The fields may be given as a
 * function, to use what the suite made before, such as its organisations.
 */
export function useSignedIn(
  t: Pick<TestApp, 'app' | 'database'>,
  overrides: StaffOverrides | (() => StaffOverrides) = {},
): SignedIn {
  return madeBeforeAll(() => signedIn(t, typeof overrides === 'function' ? overrides() : overrides));
}

/** A staff member, not signed in, for a suite's tests (see buildStaff); fields as for useSignedIn. */
export function useStaff(
  t: Pick<TestApp, 'database'>,
  overrides: StaffOverrides | (() => StaffOverrides) = {},
): StaffRow {
  return madeBeforeAll(() =>
    buildStaff(t.database.db, typeof overrides === 'function' ? overrides() : overrides),
  );
}

/** An organisation for a suite's tests (see buildOrganisation). */
export function useOrganisation(
  t: Pick<TestApp, 'database'>,
  overrides: OrganisationOverrides = {},
): OrganisationRow {
  return madeBeforeAll(() => buildOrganisation(t.database.db, overrides));
}
