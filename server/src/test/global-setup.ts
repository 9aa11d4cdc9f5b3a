import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * PGlite's initdb takes seconds; loading a dump of an already migrated database takes about
 * one. Build that template once per run and let every test file start from a copy of it.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgliteTemplate', '');
    return;
  }
  const handle = await openDatabase({ pgliteDataDir: 'memory://', statementTimeoutMs: 15_000 });
  await migrateToLatest(handle.db);
  if (!handle.pglite) throw new Error('expected the embedded engine');
  const dump = await handle.pglite.dumpDataDir('none');
  await handle.close();
  const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'opintori-test-')), 'template.tar');
  await fs.writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return async () => {
    await fs.rm(path.dirname(file), { recursive: true, force: true });
  };
}
