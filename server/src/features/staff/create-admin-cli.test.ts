import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

let dataDir: string;
beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'opintori-admin-cli-'));
});
afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

function runCli(password: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/features/staff/create-admin-cli.ts',
        '--email',
        'first.admin@example.test',
        '--name',
        'Ensimmäinen Ylläpitäjä',
      ],
      {
        cwd: serverDir,
        // Were the password let through, the admin would land in a throwaway PGlite directory.
        env: {
          ...process.env,
          ADMIN_PASSWORD: password,
          DATA_DIR: dataDir,
          DATABASE_URL: '',
          SEED_DEMO_DATA: 'false',
        },
        timeout: 30_000,
        killSignal: 'SIGKILL',
      },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? null : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('npm run admin:create', () => {
  it('refuses a common or repeated ADMIN_PASSWORD before it touches the database', async () => {
    for (const password of ['password1234', 'aaaaaaaaaaaa', '123456789012']) {
      const { code, stdout, stderr } = await runCli(password);
      expect(code, `${password}: ${stdout}${stderr}`).toBe(2);
      expect(stderr).toContain('ADMIN_PASSWORD: This password is too common');
      expect(stdout).not.toContain('Created admin');
    }
    expect(await fs.readdir(dataDir)).toEqual([]);
  });
});
