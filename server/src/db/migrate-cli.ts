import path from 'node:path';
import { loadConfig } from '../config.js';
import { openDatabase } from './database.js';
import { migrateToLatest, rollbackOne } from './migrate.js';

// npm run db:migrate / db:rollback — same database choice as the server.
const command = process.argv[2];
if (command !== 'latest' && command !== 'down') {
  console.error('usage: migrate-cli latest|down');
  process.exit(2);
}
const config = loadConfig();
const handle = await openDatabase({
  databaseUrl: config.DATABASE_URL,
  pgliteDataDir: path.join(path.resolve(process.env.INIT_CWD ?? '.', config.DATA_DIR), 'db'),
  statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
});
try {
  const ran = command === 'latest' ? await migrateToLatest(handle.db) : await rollbackOne(handle.db);
  console.log(ran.length ? ran.join('\n') : 'Nothing to do.');
} finally {
  await handle.close();
}
