// The first start of an embedded database, run by the service as a child process
// (database-setup.ts, setUpEmbeddedDatabaseInChild): create, migrate and fill it, then exit.
import pino from 'pino';
import { loadConfigOrExit } from './config.js';
import { openConfiguredDatabase } from './db/database.js';
import { prepareDatabase } from './database-setup.js';
import { loggerOptions } from './http/logging.js';

const config = loadConfigOrExit();
const log = pino(await loggerOptions(config));
const database = await openConfiguredDatabase(config);
try {
  await prepareDatabase(database.db, config, log);
} finally {
  await database.close();
}
