// `npm run dev`: the API server (restarting on change) and Vite's dev server side by side.
// Open http://localhost:5173; Vite forwards /api and /socket.io to the API on port 3001.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const apiPort = process.env.API_PORT ?? '3001';
const env = {
  ...process.env,
  NODE_ENV: 'development',
  PORT: apiPort,
  HOST: '127.0.0.1',
  INTERNAL_API_URL: `http://127.0.0.1:${apiPort}`,
  INTERNAL_API_SECRET: process.env.INTERNAL_API_SECRET ?? randomBytes(32).toString('base64url'),
  DATA_DIR: process.env.DATA_DIR ?? `${process.cwd()}/data`,
};

const children = [
  spawn('npm', ['run', 'build', '-w', 'widget'], { stdio: 'inherit', env }),
  spawn('npm', ['run', 'dev', '-w', 'server'], { stdio: 'inherit', env }),
  spawn('npm', ['run', 'dev', '-w', 'web'], { stdio: 'inherit', env }),
];

function stop() {
  for (const child of children) child.kill('SIGTERM');
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children.slice(1)) {
  child.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
}
