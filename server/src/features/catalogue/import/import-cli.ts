import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../../config.js';
import { openConfiguredDatabase } from '../../../db/database.js';
import { migrateToLatest } from '../../../db/migrate.js';
import { isAppError } from '../../../errors.js';
import { systemActor } from '../../../access/actor.js';
import { readImportFiles } from './import-files.js';
import { importProgrammes } from './import.service.js';
import { formatReport } from './import-report.js';
import { printAnswer } from '../../../shared/command-line.js';

// npm run catalogue:import -- <file|directory> [--provider <slug>] [--dry-run]
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    provider: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    help: { type: 'boolean' },
  },
});
if (values.help || positionals.length !== 1) {
  console.error(
    'usage: npm run catalogue:import -- <file|directory> [--provider <slug>] [--dry-run]\nformats: docs/catalogue-import.md',
  );
  process.exit(values.help ? 0 : 2);
}

const config = loadConfig();
// npm runs workspace scripts in server/; INIT_CWD is where the command was typed.
const cwd = process.env.INIT_CWD ?? process.cwd();
const handle = await openConfiguredDatabase(config, cwd);
let exitCode = 0;
try {
  await migrateToLatest(handle.db);
  const files = await readImportFiles(path.resolve(cwd, positionals[0]!), config.CATALOGUE_IMPORT_MAX_BYTES);
  const report = await importProgrammes(handle.db, { actor: systemActor }, files, {
    providerSlug: values.provider,
    dryRun: values['dry-run'] ?? false,
    maxBytes: config.CATALOGUE_IMPORT_MAX_BYTES,
  });
  printAnswer(formatReport(report));
} catch (error) {
  if (!isAppError(error)) throw error;
  console.error(`Nothing was imported: ${error.message} [${error.code}]`);
  exitCode = 1;
} finally {
  await handle.close();
}
process.exit(exitCode);
