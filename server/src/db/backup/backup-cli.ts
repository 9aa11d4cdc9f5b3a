import { ConfigError, loadConfig } from '../../config.js';
import { backupDatabase, restoreDatabase } from './backup.js';
import { BackupRefusal } from './schema-version.js';
import { printAnswer, refuse } from '../../shared/command-line.js';

// npm run backup -- <file> / npm run restore -- <file>: the database the server would use.
const [command, file] = process.argv.slice(2);
if ((command !== 'backup' && command !== 'restore') || !file) {
  refuse('usage: npm run backup -- <file>   |   npm run restore -- <file>', 2);
}
try {
  const config = loadConfig();
  // npm runs workspace scripts in server/; INIT_CWD is where the command was typed.
  const run = command === 'backup' ? backupDatabase : restoreDatabase;
  printAnswer(await run(config, file, process.env.INIT_CWD));
} catch (error) {
  if (error instanceof BackupRefusal || error instanceof ConfigError) {
    refuse(error.message);
  }
  throw error;
}
