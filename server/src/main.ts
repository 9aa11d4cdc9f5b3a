import { randomBytes } from 'node:crypto';
import { buildApp } from './app.js';
import { loadConfigOrExit } from './config.js';
import { claimServiceDataDir } from './db/backup/backup.js';
import { createEmbeddedBackup } from './db/backup/embedded-backup.js';
import { BackupRefusal } from './db/backup/schema-version.js';
import { openConfiguredDatabase } from './db/database.js';
import { isNewEmbeddedDatabase, prepareDatabase, setUpEmbeddedDatabaseInChild } from './database-setup.js';
import { startJobs } from './jobs/periodic-job.js';
import { serviceJobs } from './jobs/service-jobs.js';
import { startDraining } from './http/draining.js';
import { createShutdown, onShutdownSignals } from './shutdown.js';

const config = loadConfigOrExit();
// The page renderer runs in this process and calls the API over loopback with this secret,
// so that the API can trust the visitor address it forwards.
config.INTERNAL_API_SECRET ??= randomBytes(32).toString('base64url');
process.env.INTERNAL_API_SECRET = config.INTERNAL_API_SECRET;

// The embedded database is one process's: claim its directory first (a second process on it is
// refused), and answer `npm run backup` from this process once it is open.
const dataDirGuard = await claimServiceDataDir(config).catch((error: unknown) => {
  if (!(error instanceof BackupRefusal)) throw error;
  console.error(`${error.message} One process per data directory: stop the other one, or use PostgreSQL.`);
  process.exit(1);
});
// A new embedded database is created and filled by a child process, whose memory goes back to
// the system when it ends (database-setup.ts).
const setUpInChild = await isNewEmbeddedDatabase(config);
if (setUpInChild) {
  console.error('Creating the embedded database (first start)…');
  await setUpEmbeddedDatabaseInChild().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
const database = await openConfiguredDatabase(config);
dataDirGuard?.serveBackups(() => createEmbeddedBackup(database));

// The page renderer (loaded by buildApp) reads its environment once, when it loads.
const internalHost = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
process.env.INTERNAL_API_URL ??= `http://${internalHost.includes(':') ? `[${internalHost}]` : internalHost}:${config.PORT}`;

const app = await buildApp({ config, database });
// The child has just done it all; otherwise the migrations and any content the database lacks.
if (!setUpInChild) await prepareDatabase(database.db, config, app.log);

const address = await app.listen({ port: config.PORT, host: config.HOST });
if (config.SMTP_PORT !== 'off') {
  // A taken port must not take the web service down with it; the error says what to change.
  try {
    const smtpPort = await app.mail.inbound.listen(config.SMTP_PORT, config.SMTP_HOST ?? config.HOST);
    app.log.info(
      { port: smtpPort, domain: config.MAIL_DOMAIN },
      'receiving mail for neuvonta@, <provider>@ and reply addresses at the mail domain',
    );
  } catch (error) {
    app.log.error(
      { err: error, port: config.SMTP_PORT },
      'incoming mail is off: the SMTP port cannot be used (set SMTP_PORT to a free port, or off)',
    );
  }
}
if (!app.mail.sender.relay)
  app.log.info('SMTP_URL is not set: outgoing mail is kept in /console/dev-mailbox');
app.log.info({ database: database.engine, address }, 'OpinTori is ready');

const jobs = startJobs(serviceJobs(app, database, config), app.log);
app.metrics.watchJobs(() => jobs.statuses());

// SIGTERM drains (docs/operations.md, Restarts): no new work, sockets sent to the other nodes,
// requests and the job under way finished, then the app and the database closed.
onShutdownSignals(
  createShutdown({
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    log: app.log,
    exit: (code) => process.exit(code),
    interrupt: () => app.server.closeAllConnections(),
    steps: [
      { name: 'requests and periodic jobs', run: () => Promise.all([startDraining(app), jobs.stop()]) },
      { name: 'app', run: () => app.close() },
      { name: 'database', run: () => database.close() },
      { name: 'data directory', run: async () => dataDirGuard?.release() },
    ],
  }),
);
