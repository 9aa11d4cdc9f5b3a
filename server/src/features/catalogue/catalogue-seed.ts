import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/database-types.js';
import { isUniqueViolation } from '../../db/database-errors.js';
import { systemActor } from '../../access/actor.js';
import { readImportFiles } from './import/import-files.js';
import { importProgrammes, type ImportReport } from './import/import.service.js';
import { hasAnyProgramme, selectOrganisationSlugs } from './programme.repository.js';

const SEED_MAX_BYTES = 50 * 1024 * 1024;

/**
 * Loads the demo catalogue from content/programmes into a database without programmes:
 * `opintopolku/<provider-slug>/` per provider, and `csv/*.csv` (each row names its provider).
 * Providers that do not exist are skipped, so real installations are never touched.
 */
export async function seedProgrammes(
  db: Db,
  contentDir: string,
): Promise<{ seeded: number; reports: ImportReport[] }> {
  if (await hasAnyProgramme(db)) return { seeded: 0, reports: [] };
  const root = path.join(contentDir, 'programmes');
  const providers = new Set(await selectOrganisationSlugs(db));
  const reports: ImportReport[] = [];
  const run = async (target: string, providerSlug?: string) => {
    const files = await readImportFiles(target, SEED_MAX_BYTES);
    reports.push(
      await importProgrammes(db, { actor: systemActor }, files, {
        providerSlug,
        dryRun: false,
        maxBytes: SEED_MAX_BYTES,
      }),
    );
  };
  try {
    const opintopolkuDir = path.join(root, 'opintopolku');
    for (const entry of await readdir(opintopolkuDir, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory() && providers.has(entry.name))
        await run(path.join(opintopolkuDir, entry.name), entry.name);
    }
    const csvDir = path.join(root, 'csv');
    for (const entry of await readdir(csvDir, { withFileTypes: true }).catch(() => [])) {
      const slug = entry.name.replace(/\.csv$/i, '');
      if (entry.isFile() && entry.name.endsWith('.csv') && providers.has(slug))
        await run(path.join(csvDir, entry.name));
    }
  } catch (error) {
    // Another node loaded the same catalogue at the same moment.
    if (isUniqueViolation(error)) return { seeded: 0, reports };
    throw error;
  }
  return { seeded: reports.reduce((sum, r) => sum + r.added.length, 0), reports };
}
