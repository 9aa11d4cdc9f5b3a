import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServerScript } from '../../test/run-script.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'opintori-admin-cli-'));
});
afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

function runCli(password: string) {
  // Were the password let through, the admin would land in a throwaway PGlite directory.
  return runServerScript(
    [
      'src/features/staff/create-admin-cli.ts',
      '--email',
      'first.admin@example.test',
      '--name',
      'Ensimmäinen Ylläpitäjä',
    ],
    { ADMIN_PASSWORD: password, DATA_DIR: dataDir, DATABASE_URL: '', SEED_DEMO_DATA: 'false' },
    30_000,
  );
}

describe('npm run admin:create', () => {
  it('refuses a common or repeated ADMIN_PASSWORD before it touches the database', async () => {
    for (const password of ['password1234', 'aaaaaaaaaaaa', '123456789012']) {
      const { code, stdout, stderr } = await runCli(password);
      expect(code, `${password}: ${stdout}${stderr}`).toBe(2);
      expect(stderr).toContain('ADMIN_PASSWORD: This password is too common');
      expect(stdout).not.toContain('Created the admin account');
    }
    expect(await fs.readdir(dataDir)).toEqual([]);
  });
});
