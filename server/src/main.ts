import { randomBytes } from 'node:crypto';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openConfiguredDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { DEMO_PASSWORD, seedDemoData } from './db/seed/demo-seed.js';
import { seedArticles } from './features/articles/article-seed.js';
import { seedProgrammes } from './features/catalogue/catalogue-seed.js';
import { startJobs } from './jobs/periodic-job.js';
import { serviceJobs } from './jobs/service-jobs.js';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfig();
// The page renderer runs in this process and calls the API over loopback with this secret,
// so that the API can trust the visitor address it forwards.
config.INTERNAL_API_SECRET ??= randomBytes(32).toString('base64url');
process.env.INTERNAL_API_SECRET = config.INTERNAL_API_SECRET;

const database = await openConfiguredDatabase(config);

// The page renderer (loaded by buildApp) reads its environment once, when it loads.
const internalHost = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
process.env.INTERNAL_API_URL ??= `http://${internalHost.includes(':') ? `[${internalHost}]` : internalHost}:${config.PORT}`;

const app = await buildApp({ config, database });
const ran = await migrateToLatest(database.db);
if (ran.length) app.log.info({ migrations: ran }, 'database migrated');

if (config.SEED_DEMO_DATA) {
  const seed = await seedDemoData(database.db, config.CONTENT_DIR);
  if (seed.seeded) {
    // Printed once, on the run that creates them. These are demo accounts, never real people.
    const lines = seed.accounts.map((account) => `  ${account.role.padEnd(10)} ${account.email}`);
    app.log.info(
      `Demo data created. Demo accounts (password "${DEMO_PASSWORD}"):\n${lines.join('\n')}\n` +
        'Set SEED_DEMO_DATA=false in production.',
    );
  }
  const catalogue = await seedProgrammes(database.db, config.CONTENT_DIR);
  if (catalogue.seeded) app.log.info({ programmes: catalogue.seeded }, 'demo catalogue loaded');
}

if (config.SEED_CONTENT) {
  const articles = await seedArticles(database.db, config.CONTENT_DIR);
  if (articles.seeded) app.log.info({ articleVersions: articles.seeded }, 'self-help articles loaded');
}

const address = await app.listen({ port: config.PORT, host: config.HOST });
if (config.SMTP_PORT !== 'off') {
  // A taken port must not take the web service down with it; the error says what to change.
  try {
    const smtpPort = await app.mail.inbound.listen(config.SMTP_PORT, config.SMTP_HOST ?? config.HOST);
    app.log.info(
      { port: smtpPort, addresses: `neuvonta@${config.MAIL_DOMAIN}, <provider>@${config.MAIL_DOMAIN}` },
      'receiving mail',
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

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down');
  jobs.stop();
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  try {
    await app.close();
    await database.close();
    process.exit(0);
  } catch (error) {
    app.log.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
