import { purgeSelfHelpOutcomes } from '../features/self-help/self-help-retention.js';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { runRetentionPurge } from '../features/retention/retention.service.js';
import type { DatabaseHandle } from '../db/database.js';
import { purgeExpiredAuthData } from '../features/auth/auth-maintenance.js';
import { sendDueReminders } from '../features/booking/reminders.js';
import { sendDueRegistrationReminders } from '../features/events/registration-reminders.js';
import { refreshReportRollup } from '../features/reports/report-rollup.js';
import type { PeriodicJob } from './periodic-job.js';

/**
 * The service's periodic work, every job on every node, each safe to run on several at once:
 *  - outgoing mail: sends what is due (retries with backoff); a row is claimed before sending;
 *  - reminders: a day and an hour before a booking or a session one has a place in, each once
 *    (claimed by an update);
 *  - report roll-up: ended months that changed (one node per month, an advisory lock);
 *  - retention: each class of data past the days admins set (conversations are erased to
 *    anonymous counts), sessions and sign-in counters.
 * Intervals come from the configuration (JOB_*_SECONDS).
 */
export function serviceJobs(app: FastifyInstance, database: DatabaseHandle, config: Config): PeriodicJob[] {
  const db = database.db;
  const seconds = (value: number) => value * 1000;
  return [
    {
      name: 'mail',
      intervalMs: seconds(config.JOB_MAIL_SECONDS),
      run: () => app.mail.sender.runDue(),
    },
    {
      name: 'reminders',
      intervalMs: seconds(config.JOB_REMINDERS_SECONDS),
      run: async () => {
        const deps = { db, notifier: app.chatHub, ...app.mail };
        return (await sendDueReminders(deps)) + (await sendDueRegistrationReminders(deps));
      },
    },
    {
      name: 'report-rollup',
      intervalMs: seconds(config.JOB_ROLLUP_SECONDS),
      runAtStart: true,
      run: () => refreshReportRollup(db),
    },
    {
      name: 'retention',
      intervalMs: seconds(config.JOB_RETENTION_SECONDS),
      run: async () => {
        const auth = await purgeExpiredAuthData(db, config.LOGIN_FAILURE_WINDOW_MINUTES);
        // Per class, with the admins' settings; audited when it removed anything.
        const removed = await runRetentionPurge(db);
        const outcomes = await purgeSelfHelpOutcomes(db);
        return removed || outcomes ? { ...removed, selfHelpOutcomes: outcomes, ...auth } : undefined;
      },
    },
  ];
}
