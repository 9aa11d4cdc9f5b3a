// The pieces of the proxy test (proxy.ts) that are about nginx rather than the app: the nginx
// block read from docs/operations.md and filled in, a self-signed certificate, nginx itself as a
// child process, and the small forwarder that lets the browser reach nginx as
// https://opintori.test on port 443 without the test binding port 443.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { sleep } from './chat-support.js';

/** The marker on the line before the documented block's ```nginx fence. */
export const NGINX_MARKER = '<!-- proxy-test: nginx -->';

/** The documented nginx block, exactly as docs/operations.md shows it. */
export function readDocumentedNginxBlock(docsFile: string): string {
  const lines = fs.readFileSync(docsFile, 'utf8').split('\n');
  const markers = lines.flatMap((line, i) => (line.trim() === NGINX_MARKER ? [i] : []));
  if (markers.length !== 1)
    throw new Error(`${docsFile} must have exactly one "${NGINX_MARKER}" line; it has ${markers.length}`);
  // Prettier keeps a blank line between the marker and the fence.
  let open = markers[0]! + 1;
  while (lines[open]?.trim() === '') open++;
  if (lines[open]?.trim() !== '```nginx')
    throw new Error(`the next line after "${NGINX_MARKER}" in ${docsFile} must open a \`\`\`nginx block`);
  const close = lines.findIndex((line, i) => i > open && line.trim() === '```');
  if (close < 0) throw new Error(`the nginx block in ${docsFile} is not closed`);
  return lines.slice(open + 1, close).join('\n') + '\n';
}

/** One exact-text replacement, expected a known number of times in the documented block. */
export interface Substitution {
  from: string;
  to: string;
  times: number;
}

/**
 * Applies the substitutions and nothing else. A placeholder found a different number of times
 * than expected means the docs changed: the test stops rather than run a block it did not read.
 */
export function substitute(block: string, substitutions: readonly Substitution[]): string {
  let text = block;
  for (const { from, to, times } of substitutions) {
    const found = text.split(from).length - 1;
    if (found !== times)
      throw new Error(
        `the documented nginx block has "${from}" ${found} times, the test expects ${times}: ` +
          'update the substitutions in bench/proxy.ts together with docs/operations.md',
      );
    text = text.split(from).join(to);
  }
  return text;
}

/** The block minus every `proxy_set_header X-Forwarded-Proto …;` line; fails if it had none. */
export function withoutForwardedProto(block: string): { text: string; removed: number } {
  const pattern = /^[ \t]*proxy_set_header[ \t]+X-Forwarded-Proto\b[^\n]*\n/gim;
  const removed = block.match(pattern)?.length ?? 0;
  const text = block.replace(pattern, '');
  if (removed === 0) throw new Error('the documented nginx block sets no X-Forwarded-Proto to leave out');
  if (/X-Forwarded-Proto/i.test(text))
    throw new Error('X-Forwarded-Proto is still in the block after removing its proxy_set_header lines');
  return { text, removed };
}

/** A throwaway self-signed certificate for `host`, made with openssl. */
export function makeCertificate(dir: string, host: string): { cert: string; key: string } {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const result = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${host}`,
      '-addext',
      `subjectAltName=DNS:${host}`,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`openssl could not make a certificate: ${result.stderr}`);
  return { cert, key };
}

/** True when `command` runs (it is installed and on PATH). */
export function hasCommand(command: string, args: string[]): boolean {
  return !spawnSync(command, args, { stdio: 'ignore' }).error;
}

const nginxChildren = new Set<ChildProcess>();
process.on('exit', () => {
  // SIGTERM, not SIGKILL: the master then stops its workers, which would otherwise keep the ports.
  for (const child of nginxChildren) child.kill('SIGTERM');
});

/** One nginx running `site` (a filled-in documented block) under a minimal nginx.conf of its own. */
export class Nginx {
  private child: ChildProcess | undefined;
  private readonly conf: string;
  readonly errorLog: string;
  readonly accessLog: string;

  constructor(
    readonly name: string,
    readonly dir: string,
    site: string,
    private readonly tlsPort: number,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    // nginx running as root hands requests to workers that run as nobody: they must reach the
    // temporary files under this directory.
    fs.chmodSync(dir, 0o755);
    this.errorLog = path.join(dir, 'error.log');
    this.accessLog = path.join(dir, 'access.log');
    this.conf = path.join(dir, 'nginx.conf');
    fs.writeFileSync(path.join(dir, 'opintori.conf'), site);
    // What the test adds around the documented block: where the files of this instance go, and
    // an access log that names the node each request went to.
    const temp = (kind: string) => `${kind}_temp_path ${path.join(dir, kind)};`;
    fs.writeFileSync(
      this.conf,
      [
        `pid ${path.join(dir, 'nginx.pid')};`,
        `error_log ${this.errorLog} warn;`,
        'worker_processes 1;',
        'events { worker_connections 256; }',
        'http {',
        `  log_format upstream '$request_method $request_uri $status -> $upstream_addr';`,
        `  access_log ${this.accessLog} upstream;`,
        `  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}`,
        `  include ${path.join(dir, 'opintori.conf')};`,
        '}',
        '',
      ].join('\n'),
    );
  }

  /** `nginx -t`: throws with nginx's own words when it does not accept the configuration. */
  check(): void {
    const result = spawnSync('nginx', ['-t', '-q', '-c', this.conf, '-p', this.dir], { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(`nginx -t refused the ${this.name} configuration:\n${result.stderr}${result.stdout}`);
  }

  async start(): Promise<void> {
    this.check();
    const child = spawn('nginx', ['-c', this.conf, '-p', this.dir, '-g', 'daemon off;'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    nginxChildren.add(child);
    this.child = child;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`nginx (${this.name}) exited at start: ${stderr}`);
      if (await accepts(this.tlsPort)) return;
      await sleep(50);
    }
    throw new Error(`nginx (${this.name}) did not listen on ${this.tlsPort}: ${stderr}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    nginxChildren.delete(child);
  }

  /** The nodes (upstream addresses) that WebSocket upgrades went to, from the access log. */
  webSocketUpstreams(): string[] {
    return tail(this.accessLog, 10_000)
      .split('\n')
      .flatMap((line) => /^GET \/socket\.io\/\S*transport=websocket\S* 101 -> (\S+)$/.exec(line)?.[1] ?? []);
  }

  /** The node a request went to, by a text in its address: the last upstream nginx tried. */
  upstreamOf(marker: string): string | undefined {
    const line = tail(this.accessLog, 10_000)
      .split('\n')
      .find((l) => l.includes(marker));
    return line?.split(' -> ')[1]?.split(', ').at(-1);
  }

  /** The end of the error and access logs, for a failure report. */
  logTail(lines = 25): string {
    return [this.errorLog, this.accessLog].map((file) => `--- ${file}\n${tail(file, lines)}`).join('\n');
  }
}

export function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no file)';
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * An HTTP proxy for the browser that answers only `CONNECT <authority>` and joins it to the
 * local port: so the browser opens https://opintori.test (port 443, the address operators
 * publish) while nginx listens on a high port. A port in the browser's address would make the
 * test differ from production: nginx's `$host` carries no port, so the app would see a Host
 * other than the browser's origin.
 */
export async function startForwarder(
  authority: string,
  port: number,
): Promise<{ port: number; refused: string[]; close: () => Promise<void> }> {
  const refused: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((request, response) => {
    refused.push(`${request.method} ${request.url}`);
    response.writeHead(403).end();
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (request.url !== authority) {
      refused.push(`CONNECT ${request.url}`);
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.once('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => upstream.destroy());
    client.once('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    refused,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A plain-HTTP request to nginx's port-80 server: its status and Location. */
export function requestPlainHttp(
  port: number,
  host: string,
  requestPath: string,
): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: '127.0.0.1', port, path: requestPath, headers: { host } },
      (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, location: response.headers.location });
      },
    );
    request.once('error', reject);
  });
}

/**
 * A GET from nginx's TLS port as `host`: the status and the body as text; from a loopback address
 * of its own when `localAddress` is given (e.g. 127.0.5.1: nginx's ip_hash then sees another client).
 */
export function getOverTls(
  port: number,
  host: string,
  requestPath: string,
  localAddress?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      {
        host: '127.0.0.1',
        port,
        servername: host,
        rejectUnauthorized: false,
        path: requestPath,
        headers: { host },
        ...(localAddress ? { localAddress } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.once('error', reject);
      },
    );
    request.once('error', reject);
  });
}

/** A JSON POST to nginx's TLS port as `host`, with extra headers; resolves with the status. */
export function postJsonOverTls(
  port: number,
  host: string,
  requestPath: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: '127.0.0.1',
        port,
        servername: host,
        rejectUnauthorized: false,
        method: 'POST',
        path: requestPath,
        headers: { host, 'content-type': 'application/json', ...headers },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.once('error', reject);
    request.end(JSON.stringify(body));
  });
}

/**
 * Announces a POST of `bytes` with `Expect: 100-continue` and returns nginx's first answer line:
 * "100 Continue" when its body limit lets the upload through, 413 when not. No body is sent, so
 * the app never sees the request.
 */
export function announceUpload(
  port: number,
  host: string,
  requestPath: string,
  bytes: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      servername: host,
      ALPNProtocols: ['http/1.1'],
      rejectUnauthorized: false,
    });
    let answer = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer to Expect: 100-continue')));
    socket.once('secureConnect', () =>
      socket.write(
        `POST ${requestPath} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: multipart/form-data; boundary=x\r\n` +
          `Content-Length: ${bytes}\r\nExpect: 100-continue\r\n\r\n`,
      ),
    );
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      const line = answer.split('\r\n')[0];
      if (answer.includes('\r\n')) {
        socket.destroy();
        resolve(line ?? '');
      }
    });
    socket.once('error', reject);
  });
}
