// Runs one of the server's command-line entry points (a path below src/, without .ts): from the
// sources when tsx is installed (a development checkout), from the build otherwise (a
// production install with `npm ci --omit=dev`, as in the container).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node bin/run-cli.mjs <path below src/, without .ts> [arguments]');
  process.exit(2);
}

let hasTsx = true;
try {
  createRequire(path.join(serverDir, 'package.json')).resolve('tsx');
} catch {
  hasTsx = false;
}
const command = hasTsx
  ? ['--import', 'tsx', path.join(serverDir, 'src', `${entry}.ts`)]
  : [path.join(serverDir, 'dist', `${entry}.js`)];
const result = spawnSync(process.execPath, [...command, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
