import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.js';
import { AppError } from '../../errors.js';
import { openConfiguredDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { systemActor } from '../../access/actor.js';
import { createStaffSchema, newPasswordSchema } from './staff.schema.js';
import { insertStaff } from './staff.repository.js';
import { hashPassword } from '../../access/password.js';
import { assertAcceptablePassword } from '../../access/password-policy.js';
import { recordAudit } from '../../access/audit.js';
import { printAnswer } from '../../shared/command-line.js';

// npm run admin:create -- --email you@example.fi --name "Your Name"
// The password comes from ADMIN_PASSWORD (never from the command line, which others can see)
// and must pass the same rules as one set in the console (length, not common, not the email).
// Creates the first service admin of a production installation that has no demo data.
const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' } },
});
// The installation's first admin sets their own password here; everyone after is invited.
const parsed = createStaffSchema.extend({ password: newPasswordSchema }).safeParse({
  email: values.email,
  name: values.name,
  role: 'admin',
  languages: ['fi'],
  organisationId: null,
  password: process.env.ADMIN_PASSWORD,
});
if (!parsed.success) {
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0]);
    console.error(`${field === 'password' ? 'ADMIN_PASSWORD' : `--${field}`}: ${issue.message}`);
  }
  process.exit(2);
}
try {
  await assertAcceptablePassword(parsed.data.password, 'password', { email: parsed.data.email });
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  console.error(`ADMIN_PASSWORD: ${error.message}`);
  process.exit(2);
}
const config = loadConfig();
const handle = await openConfiguredDatabase(config, process.env.INIT_CWD);
try {
  await migrateToLatest(handle.db);
  const input = parsed.data;
  const passwordHash = await hashPassword(input.password);
  await handle.db.transaction().execute(async (trx) => {
    const id = await insertStaff(trx, {
      email: input.email,
      name: input.name,
      role: 'admin',
      languages: input.languages,
      expertise: [],
      organisation_id: null,
      password_hash: passwordHash,
      must_change_password: true,
    });
    await recordAudit(
      trx,
      { actor: systemActor },
      {
        action: 'staff.create',
        targetType: 'staff',
        targetId: id,
        organisationId: null,
        details: { role: 'admin', via: 'cli' },
      },
    );
  });
  printAnswer('Created the admin account; they must change the password at first sign-in.');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
