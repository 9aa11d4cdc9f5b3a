// Serves the demo member site (content/demo/member-site/) the way a provider's own website
// would embed the chat: on another origin, with the service's address in the script tag.
//   MEMBER_PORT  port to listen on (default 3100; 0 picks a free one)
//   SERVICE_URL  the OpinTori service the page loads /widget.js from (default http://localhost:3000)
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'content', 'demo', 'member-site');
const port = Number(process.env.MEMBER_PORT ?? 3100);
const serviceUrl = new URL(process.env.SERVICE_URL ?? 'http://localhost:3000').origin;

const pages = new Map([
  ['/', 'index.html'],
  ['/index.html', 'index.html'],
]);

const server = http.createServer((request, response) => {
  const pathname = new URL(request.url ?? '/', 'http://member.invalid').pathname;
  if (pathname === '/favicon.ico') {
    response.writeHead(204).end();
    return;
  }
  const file = pages.get(pathname);
  if (!file || (request.method !== 'GET' && request.method !== 'HEAD')) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  // Read on every request so that edits to the page show on reload.
  const html = fs.readFileSync(path.join(root, file), 'utf8').replaceAll('http://localhost:3000', serviceUrl);
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(request.method === 'HEAD' ? undefined : html);
});

server.listen(port, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  console.log(`Demo member site on http://localhost:${actual} (widget from ${serviceUrl})`);
});

for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
