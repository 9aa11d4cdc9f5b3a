// `npm start`: builds whatever is missing or older than its sources, then runs the server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Newest modification time of the files below a directory (skipping build outputs). */
function newest(dir) {
  let latest = 0;
  const skip = new Set(['node_modules', 'build', 'dist', '.svelte-kit']);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

function isStale(outputs, sources) {
  return outputs.some((output) => {
    const file = path.join(root, output);
    if (!fs.existsSync(file)) return true;
    const built = fs.statSync(file).mtimeMs;
    return sources.some((source) => newest(path.join(root, source)) > built);
  });
}

const parts = [
  {
    name: 'widget',
    outputs: ['widget/dist/widget.js', 'widget/dist/widget-chat.js'],
    sources: ['widget/src'],
  },
  {
    name: 'web',
    outputs: ['web/build/handler.js'],
    sources: ['web/src', 'web/static', 'server/src/features'],
  },
  { name: 'server', outputs: ['server/dist/main.js'], sources: ['server/src'] },
];
for (const part of parts) {
  if (!isStale(part.outputs, part.sources)) continue;
  console.log(`Building ${part.name}…`);
  const result = spawnSync('npm', ['run', 'build', '-w', part.name], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

await import(path.join(root, 'server', 'dist', 'main.js'));
