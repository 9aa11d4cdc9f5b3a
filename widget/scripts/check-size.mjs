// Fails when the built widget (dist/widget.js, socket.io-client included) is over its budget
// gzipped: member sites load it on every page. Run `npm run build -w widget` first.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const LIMIT_BYTES = 35 * 1024;
const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'widget.js');

if (!fs.existsSync(file)) {
  console.error(`${file} is missing: run npm run build -w widget first`);
  process.exit(1);
}
const raw = fs.readFileSync(file);
const gzipped = gzipSync(raw, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
process.stdout.write(
  `widget.js: ${kb(raw.length)} minified, ${kb(gzipped)} gzipped (limit ${kb(LIMIT_BYTES)})` + '\n',
);
if (gzipped > LIMIT_BYTES) {
  console.error(`widget.js is ${kb(gzipped - LIMIT_BYTES)} over the gzipped size limit`);
  process.exit(1);
}
