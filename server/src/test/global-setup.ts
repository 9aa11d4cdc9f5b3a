import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** The same before any migration ran, for tests of the migrations themselves. */
    pgliteEmptyTemplate: string;
  }
}

/**
 * PGlite's initdb takes seconds; loading a dump of an already migrated database takes about
 * one. Build that template once per run and let every test file start from a copy of it.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgliteTemplate', '');
    project.provide('pgliteEmptyTemplate', '');
    return;
  }
  const handle = await openDatabase({ pgliteDataDir: 'memory://', statementTimeoutMs: 15_000 });
  if (!handle.pglite) throw new Error('expected the embedded engine');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'opintori-test-'));
  const dumpTo = async (name: string) => {
    const file = path.join(dir, name);
    const dump = await handle.pglite!.dumpDataDir('none');
    await fs.writeFile(file, Buffer.from(await dump.arrayBuffer()));
    return file;
  };
  project.provide('pgliteEmptyTemplate', await dumpTo('empty.tar'));
  await migrateToLatest(handle.db);
  project.provide('pgliteTemplate', await dumpTo('template.tar'));
  await handle.close();
  return async () => {
    await fs.rm(dir, { recursive: true, force: true });
  };
}
