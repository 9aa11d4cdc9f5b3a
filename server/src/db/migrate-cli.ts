import { loadConfig } from '../config.js';
import { openConfiguredDatabase } from './database.js';
import { migrateToLatest, rollbackOne } from './migrate.js';
import { printAnswer } from '../shared/command-line.js';

// npm run db:migrate / db:rollback — same database choice as the server.
const command = process.argv[2];
if (command !== 'latest' && command !== 'down') {
  console.error('usage: migrate-cli latest|down');
  process.exit(2);
}
const config = loadConfig();
// npm runs workspace scripts in server/; INIT_CWD is where the command was typed.
const handle = await openConfiguredDatabase(config, process.env.INIT_CWD);
try {
  const ran = command === 'latest' ? await migrateToLatest(handle.db) : await rollbackOne(handle.db);
  printAnswer(ran.length ? ran.join('\n') : 'Nothing to do.');
} finally {
  await handle.close();
}
