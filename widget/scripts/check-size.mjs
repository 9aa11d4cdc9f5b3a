// Fails when the built widget is over its budget gzipped. Member sites load the loader
// (dist/widget.js) on every page, so it must stay tiny; the chat (dist/widget-chat.js,
// socket.io-client included) is loaded when the visitor wants it, and the two together have
// their own budget. Run `npm run build -w widget` first.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const LOADER_LIMIT_BYTES = 5 * 1024;
// 35 KB until the chat gained the client's privacy controls (delete the conversation, the
// browser's key for a data request, the privacy notice link): about 1 KB more, loaded only
// when the visitor opens the chat. 36.5 KB until the optional "about you" step (three choices
// with their labels in fi/sv/en; the municipalities come from the service): about 1.4 KB more.
const TOTAL_LIMIT_BYTES = 38 * 1024;
const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function measure(name) {
  const file = path.join(dist, name);
  if (!fs.existsSync(file)) {
    console.error(`${file} is missing: run npm run build -w widget first`);
    process.exit(1);
  }
  const raw = fs.readFileSync(file);
  const gzipped = gzipSync(raw, { level: 9 }).length;
  return { raw: raw.length, gzipped };
}

const loader = measure('widget.js');
const chat = measure('widget-chat.js');
const total = loader.gzipped + chat.gzipped;
process.stdout.write(
  `widget.js (loader): ${kb(loader.raw)} minified, ${kb(loader.gzipped)} gzipped (limit ${kb(LOADER_LIMIT_BYTES)})\n` +
    `widget-chat.js (chat): ${kb(chat.raw)} minified, ${kb(chat.gzipped)} gzipped\n` +
    `together: ${kb(total)} gzipped (limit ${kb(TOTAL_LIMIT_BYTES)})\n`,
);
let isOver = false;
if (loader.gzipped > LOADER_LIMIT_BYTES) {
  console.error(
    `widget.js is ${kb(loader.gzipped - LOADER_LIMIT_BYTES)} over the loader's gzipped size limit`,
  );
  isOver = true;
}
if (total > TOTAL_LIMIT_BYTES) {
  console.error(
    `widget.js and widget-chat.js are ${kb(total - TOTAL_LIMIT_BYTES)} over their gzipped size limit together`,
  );
  isOver = true;
}
if (isOver) process.exit(1);
