import { ConfigError, configSchema, loadConfig } from '../../config.js';
import { embeddedDataDir } from '../database.js';
import { moveReport, moveToPostgres } from './move-to-postgres.js';
import { BackupRefusal } from './schema-version.js';
import { printAnswer, refuse } from '../../shared/command-line.js';

// npm run db:move-to-postgres -- <postgres URL>: the embedded database (DATA_DIR) into it.
const given = process.argv[2];
const url = configSchema.shape.DATABASE_URL.safeParse(given);
if (!given || !url.success || !url.data) {
  refuse('usage: npm run db:move-to-postgres -- postgres://user:password@host:5432/database', 2);
}
try {
  const config = loadConfig();
  // npm runs workspace scripts in server/; INIT_CWD is where the command was typed.
  const baseDir = process.env.INIT_CWD;
  const started = performance.now();
  const result = await moveToPostgres(config, url.data, baseDir);
  printAnswer(moveReport(result, embeddedDataDir(config, baseDir), url.data));
  printAnswer(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
} catch (error) {
  if (error instanceof BackupRefusal || error instanceof ConfigError) {
    refuse(error.message);
  }
  refuse(
    `The move failed and nothing was written: ${error instanceof Error ? error.message : String(error)}`,
  );
}
