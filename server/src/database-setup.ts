import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import { embeddedDataDir } from './db/database.js';
import type { Database } from './db/database-types.js';
import { migrateToLatest } from './db/migrate.js';
import { DEMO_PASSWORD, seedDemoData } from './db/seed/demo-seed.js';
import { seedDemoYear } from './db/seed/demo-year.js';
import { seedArticles, seedMissingLegalPages } from './features/articles/article-seed.js';
import { seedProgrammes } from './features/catalogue/catalogue-seed.js';
import { seedPracticeScenarios } from './features/training/scenario-seed.js';

/** The service's logger, or the set-up child's. */
export interface SetupLog {
  info(fields: object, message: string): void;
}

/**
 * What every start does once the database is open: the migrations, then whatever content the
 * configuration asks for and the database lacks. Each step does nothing when its part is there.
 * On a new embedded database the set-up child runs it instead of the service.
 */
export async function prepareDatabase(db: Kysely<Database>, config: Config, log: SetupLog): Promise<void> {
  const ran = await migrateToLatest(db);
  if (ran.length) log.info({ migrations: ran }, 'database migrated');

  if (config.SEED_DEMO_DATA) {
    const seed = await seedDemoData(db, config.CONTENT_DIR);
    if (seed.seeded) {
      // Printed once, on the run that creates them, to the terminal and not into the log, which
      // never holds addresses or passwords. These are demo accounts, never real people.
      const lines = seed.accounts.map((account) => `  ${account.role.padEnd(10)} ${account.email}`);
      process.stderr.write(
        `Demo data created. Demo accounts (password "${DEMO_PASSWORD}"):\n${lines.join('\n')}\n` +
          'Set SEED_DEMO_DATA=false in production.\n',
      );
      log.info({ accounts: seed.accounts.length }, 'demo data created (accounts listed on stderr)');
    }
    const catalogue = await seedProgrammes(db, config.CONTENT_DIR);
    if (catalogue.seeded) log.info({ programmes: catalogue.seeded }, 'demo catalogue loaded');
  }

  if (config.SEED_CONTENT) {
    const articles = await seedArticles(db, config.CONTENT_DIR);
    if (articles.seeded) log.info({ articleVersions: articles.seeded }, 'self-help articles loaded');
    const legal = await seedMissingLegalPages(db, config.CONTENT_DIR);
    if (legal.seeded)
      log.info({ versions: legal.seeded }, 'privacy notice and accessibility statement loaded');
    const scenarios = await seedPracticeScenarios(db, config.CONTENT_DIR);
    if (scenarios.seeded) log.info({ scenarios: scenarios.seeded }, 'practice scenarios loaded');
  }

  if (config.SEED_DEMO_DATA) {
    // After the catalogue and the articles: the year's contact requests name programmes and its
    // ratings are on articles. Once only; the report roll-up job picks the months up at start.
    const year = await seedDemoYear(db, config.CONTENT_DIR);
    if (year.seeded) {
      log.info({ contacts: year.contacts, from: year.from, to: year.to }, 'demo year of contacts created');
    }
  }
}

/** True when the embedded engine is in use and its data directory holds no database yet. */
export async function isNewEmbeddedDatabase(
  config: Config,
  baseDir: string = process.cwd(),
): Promise<boolean> {
  if (config.DATABASE_URL) return false;
  return fs.stat(path.join(embeddedDataDir(config, baseDir), 'PG_VERSION')).then(
    () => false,
    () => true,
  );
}

/**
 * Creates, migrates and fills a new embedded database in a child process that then exits.
 *
 * The engine's WebAssembly memory grows to what its largest work needed and never shrinks; on a
 * new database that work is creating the schema, its indexes and the demo year, which would
 * leave a service that needs about 250 MiB holding about 600 MiB for its whole life. In a child
 * that memory goes back to the system when the child ends, and the service opens a database
 * that is ready (docs/operations.md, Memory).
 */
export function setUpEmbeddedDatabaseInChild(
  options: { env?: NodeJS.ProcessEnv; execArgv?: string[] } = {},
): Promise<void> {
  // The same file kind as this one: .js from the build, .ts under tsx (npm run dev), whose
  // loader is in execArgv.
  const extension = path.extname(fileURLToPath(import.meta.url));
  const child = fileURLToPath(new URL(`./database-setup-child${extension}`, import.meta.url));
  const execArgv = options.execArgv ?? process.execArgv;
  return new Promise((resolve, reject) => {
    const setup = spawn(process.execPath, [...execArgv, child], {
      env: options.env ?? process.env,
      stdio: 'inherit',
    });
    setup.once('error', reject);
    setup.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`setting up the embedded database failed (${signal ?? `exit code ${code}`})`));
    });
  });
}
