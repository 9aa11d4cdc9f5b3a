// The documented TLS proxy, run (npm run test:proxy): nginx with the block from
// docs/operations.md (read from the file by its marker, so the docs cannot drift from what is
// tested) ends TLS with a self-signed certificate in front of two app nodes on one PostgreSQL
// database (`proxy_test`, dropped and created each run), and Chromium signs a counsellor in to
// the console through it, opens the chat console (its socket connected over a WebSocket), and
// answers a visitor's widget chat that runs on the other node. The journey runs twice: with the
// documented block, and with the same block minus its `proxy_set_header X-Forwarded-Proto`
// lines — the app takes its public origin from PUBLIC_URL, so it must not need that header.
// Each run also checks what else the block promises: port 80 redirects to https, a catalogue
// upload of the largest size the console takes passes the body limit, sign-in throttling counts
// the address nginx saw even when the client sends an X-Forwarded-For of its own, and the
// sockets of both browsers are WebSockets through nginx (a console on the long-polling fallback
// would look connected too).
//
// Only these parts of the block are substituted: the upstream servers, the server name, the
// certificate paths and the listen addresses (high ports on 127.0.0.1). The browser still opens
// https://opintori.test on port 443, as in production: each browser context goes through a
// small CONNECT forwarder to its nginx (see startForwarder).
//
// Across the two nodes: ip_hash would send both browsers (both 127.0.0.1) to one node, so each
// side gets an nginx of its own made from the same block — the counsellor's with node 1 as its
// only upstream, the visitor's with node 2. The queue, the messages both ways and the answer
// then have to cross between the nodes through PostgreSQL, as they do in production whenever
// the two people are hashed to different nodes. The documented two-node upstream itself is
// checked with `nginx -t`.
//
// Last, with the documented two-node block: a video meeting's socket (`?lane=meeting`) reaches
// node 1 also from a client address that ip_hash sends to node 2 (the handshakes come from
// other loopback addresses), and node 2 once node 1 is stopped.
//
// Environment: PROXY_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; the test
// uses the database `proxy_test` next to it), PROXY_PORT (3520; the test uses it and the next
// five ports), CHROMIUM_PATH. Needs `npm run build`, nginx (Debian: nginx-light) and openssl.
// Logs: $TMPDIR/opintori-proxy-node-<n>.log and $TMPDIR/opintori-proxy-*/nginx-*/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  DEFAULT_PG,
  NodeProcess,
  freshPostgres,
  login,
  openChatAllDay,
  postgresAnswers,
  root,
  serverMain,
} from './chat-support.js';
import {
  Nginx,
  announceUpload,
  hasCommand,
  makeCertificate,
  getOverTls,
  postJsonOverTls,
  readDocumentedNginxBlock,
  requestPlainHttp,
  startForwarder,
  substitute,
  tail,
  withoutForwardedProto,
  type Substitution,
} from './proxy-support.js';

const started = performance.now();
const basePg = process.env.PROXY_DATABASE_URL ?? DEFAULT_PG;
const PORT = Number(process.env.PROXY_PORT ?? 3520);
const HOST = 'opintori.test';
const PUBLIC_URL = `https://${HOST}`;
const DOCS = path.join(root, 'docs', 'operations.md');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DEMO_PASSWORD = 'opintori-demo-2026';
const COUNSELLOR = 'mikko.haapala@pohjoisrannikko.example';
const ADMIN = 'admin@opintori.example';
/** The largest body the console's upload page takes by default: CATALOGUE_UPLOAD_MAX_BYTES + 1 MiB. */
const UPLOAD_BYTES = 20 * 1024 * 1024 + 1024 * 1024;
const STEP_TIMEOUT_MS = 15_000;
const WATCHDOG_MS = 180_000;

function prerequisites(): string[] {
  const missing: string[] = [];
  if (!hasCommand('nginx', ['-v']))
    missing.push('nginx is not installed (Debian: apt-get install nginx-light; CI installs it)');
  if (!hasCommand('openssl', ['version'])) missing.push('openssl is not installed (apt-get install openssl)');
  if (!fs.existsSync(CHROMIUM)) missing.push(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  for (const built of [serverMain, path.join(root, 'web', 'build', 'handler.js')])
    if (!fs.existsSync(built)) missing.push(`${path.relative(root, built)} is missing: run npm run build`);
  return missing;
}

/** The documented block with this run's addresses in place of the operator's. */
function fillBlock(block: string, upstreams: number[], tlsPort: number, httpPort: number, tlsDir: string) {
  const [first, second] = upstreams;
  const substitutions: Substitution[] = [
    // In the upstream, and as the video meetings' node.
    { from: 'server 10.0.0.11:3000;', to: `server 127.0.0.1:${first};`, times: 2 },
    {
      from: 'server 10.0.0.12:3000;',
      to: second ? `server 127.0.0.1:${second};` : '# (the other node is behind the other nginx)',
      times: 1,
    },
    {
      from: 'server 10.0.0.12:3000 backup;',
      to: second ? `server 127.0.0.1:${second} backup;` : '# (the other node is behind the other nginx)',
      times: 1,
    },
    { from: 'server_name opintori.example.fi;', to: `server_name ${HOST};`, times: 2 },
    { from: '/etc/ssl/opintori/fullchain.pem', to: path.join(tlsDir, 'cert.pem'), times: 1 },
    { from: '/etc/ssl/opintori/privkey.pem', to: path.join(tlsDir, 'key.pem'), times: 1 },
    { from: 'listen 443 ', to: `listen 127.0.0.1:${tlsPort} `, times: 1 },
    { from: 'listen 80;', to: `listen 127.0.0.1:${httpPort};`, times: 1 },
  ];
  return substitute(block, substitutions);
}

/** Runs `work` and names the step in its error. */
async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // Playwright's messages run on with a call log: keep the first line and what it waited for.
    const lines = (error instanceof Error ? error.message : String(error)).split('\n');
    const waited = lines.find((line) => line.includes('waiting for '))?.trim();
    throw new Error(`${name}: ${lines[0]}${waited ? ` (${waited})` : ''}`, { cause: error });
  }
}

/** Counts frames on every WebSocket the page opens to /socket.io/. */
function watchSockets(page: Page): { url: string; frames: number; closed: boolean }[] {
  const sockets: { url: string; frames: number; closed: boolean }[] = [];
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/socket.io/')) return;
    const entry = { url: ws.url(), frames: 0, closed: false };
    sockets.push(entry);
    ws.on('framereceived', () => entry.frames++);
    ws.on('close', () => (entry.closed = true));
  });
  return sockets;
}

async function waitForOpenWebSocket(sockets: ReturnType<typeof watchSockets>, who: string): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  const wanted = `wss://${HOST}/socket.io/`;
  while (Date.now() < deadline) {
    if (sockets.some((s) => s.url.startsWith(wanted) && s.frames > 0 && !s.closed)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `${who}'s socket is not on an open WebSocket through the proxy (seen: ${
      sockets.map((s) => `${s.url} frames=${s.frames}${s.closed ? ' closed' : ''}`).join(', ') || 'none'
    })`,
  );
}

interface Sides {
  counsellor: BrowserContext;
  visitor: BrowserContext;
}

/** The journey: sign-in, chat console, a widget chat from the other node, answered both ways. */
async function journey({ counsellor, visitor }: Sides, label: string): Promise<void> {
  const mikko = await counsellor.newPage();
  const consoleSockets = watchSockets(mikko);
  await step('console sign-in', async () => {
    await mikko.goto(`${PUBLIC_URL}/console/login`);
    await mikko.getByLabel('Sähköposti').fill(COUNSELLOR);
    await mikko.getByLabel('Salasana', { exact: true }).fill(DEMO_PASSWORD);
    const posted = mikko.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/console/login',
    );
    await mikko.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
    const response = await posted;
    if (response.status() >= 400)
      throw new Error(
        `POST ${PUBLIC_URL}/console/login answered ${response.status()}: ${(await response.text()).slice(0, 200)}`,
      );
    await mikko.waitForURL(`${PUBLIC_URL}/console`);
  });

  await step('chat console connected', async () => {
    await mikko.goto(`${PUBLIC_URL}/console/chat`);
    await mikko.getByRole('heading', { level: 1, name: 'Chat' }).waitFor();
    await mikko.getByText('Yhteys: Yhteys kunnossa').waitFor();
    await waitForOpenWebSocket(consoleSockets, 'the chat console');
    await mikko.getByRole('radio', { name: 'Paikalla', exact: true }).check();
    await mikko.getByRole('button', { name: 'Tallenna tila' }).click();
    await mikko.getByRole('heading', { name: 'Oma tilasi: Paikalla' }).waitFor();
  });

  const firstName = `Proxy${label}${Date.now().toString(36)}`;
  const question = `Hei! Kysyn välityspalvelimen takaa (${label}).`;
  const visitorPage = await visitor.newPage();
  const widgetSockets = watchSockets(visitorPage);
  const visitorBox = visitorPage.getByLabel('Viesti', { exact: true });
  const visitorLog = visitorPage.getByRole('list', { name: 'Viestit' });
  await step('visitor starts a chat in the widget', async () => {
    await visitorPage.goto(`${PUBLIC_URL}/fi`);
    await visitorPage.getByRole('button', { name: 'Kysy ohjaajalta' }).click();
    await visitorPage.getByLabel('Aihe').selectOption({ label: 'Oppisopimus' });
    await visitorPage.getByLabel('Etunimi (vapaaehtoinen)').fill(firstName);
    await visitorPage.getByRole('button', { name: 'Aloita chat' }).click();
    await visitorPage.getByRole('dialog', { name: 'Kysy ohjaajalta' }).getByText('Odotat vuoroa.').waitFor();
    await waitForOpenWebSocket(widgetSockets, 'the widget');
    await visitorBox.fill(question);
    await visitorBox.press('Enter');
  });

  const pane = mikko
    .getByRole('region', { name: new RegExp(`^${firstName}`) })
    .filter({ has: mikko.getByRole('textbox') });
  const paneLog = pane.getByRole('list', { name: `Viestit: ${firstName}` });
  await step('counsellor accepts the chat from the other node', async () => {
    const item = mikko
      .getByRole('region', { name: /^Jono/ })
      .getByRole('listitem')
      .filter({ hasText: firstName });
    await item.getByRole('button', { name: 'Ota vastaan' }).click();
    await paneLog.getByText(question).waitFor();
  });

  await step('the answer reaches the visitor', async () => {
    const answer = `Hei ${firstName}! Vastaus tulee toiselta palvelimelta.`;
    await pane.getByLabel('Viesti asiakkaalle').fill(answer);
    await pane.getByLabel('Viesti asiakkaalle').press('Enter');
    await visitorLog.getByText(answer).waitFor();
  });

  await step('the visitor’s reply reaches the counsellor live', async () => {
    const reply = `Kiitos, ${label} toimii.`;
    await visitorBox.fill(reply);
    await visitorBox.press('Enter');
    await paneLog.getByText(reply).waitFor();
  });
}

interface Variant {
  name: string;
  label: string;
  block: string;
}

/** The per-address keys of the sign-in throttle. */
async function throttledAddresses(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ key: string }>(
      "select key from login_throttle where key like 'ip:%' order by key",
    );
    return rows.map((row) => row.key);
  } finally {
    await client.end();
  }
}

interface Run {
  databaseUrl: string;
  dir: string;
  nodes: NodeProcess[];
  browser: Browser;
}

/** Starts the two nginx instances and forwarders of a variant, checks them, runs the journey. */
async function runVariant(run: Run, variant: Variant, index: number): Promise<void> {
  const dir = path.join(run.dir, `variant-${index + 1}`);
  const [node1, node2] = run.nodes as [NodeProcess, NodeProcess];
  // The counsellor's nginx proxies to node 1, the visitor's to node 2 (see the top of the file).
  const sides = [
    { who: 'console', node: node1, tlsPort: PORT + 2, httpPort: PORT + 3 },
    { who: 'visitor', node: node2, tlsPort: PORT + 4, httpPort: PORT + 5 },
  ].map((side) => ({
    ...side,
    nginx: new Nginx(
      `${variant.label}, ${side.who}`,
      path.join(dir, `nginx-${side.who}`),
      fillBlock(variant.block, [side.node.port], side.tlsPort, side.httpPort, run.dir),
      side.tlsPort,
    ),
  }));
  const forwarders: Awaited<ReturnType<typeof startForwarder>>[] = [];
  const contexts: BrowserContext[] = [];
  try {
    for (const side of sides) await side.nginx.start();
    const [consoleSide, visitorSide] = sides as [(typeof sides)[0], (typeof sides)[0]];

    await step('port 80 redirects to https', async () => {
      const answer = await requestPlainHttp(consoleSide.httpPort, HOST, '/console/login?from=http');
      const expected = `${PUBLIC_URL}/console/login?from=http`;
      if (answer.status !== 301 || answer.location !== expected)
        throw new Error(`expected 301 to ${expected}, got ${answer.status} to ${answer.location}`);
    });
    await step('the catalogue upload fits the body limit', async () => {
      const line = await announceUpload(consoleSide.tlsPort, HOST, '/console/programmes', UPLOAD_BYTES);
      if (!line.startsWith('HTTP/1.1 100 '))
        throw new Error(`a ${UPLOAD_BYTES}-byte upload was answered "${line}", not 100 Continue`);
    });

    await step('a request naming another host gets links to PUBLIC_URL only', async () => {
      // nginx's first server on the port answers any Host; the app must not build links from it.
      const other = 'other.example';
      const page = await getOverTls(consoleSide.tlsPort, other, '/fi');
      if (page.status !== 200) throw new Error(`/fi as ${other} answered ${page.status}`);
      if (page.body.includes(other)) throw new Error(`the page for Host ${other} links to it`);
      for (const lang of ['fi', 'sv', 'en'])
        if (!page.body.includes(`hreflang="${lang}" href="${PUBLIC_URL}/${lang}"`))
          throw new Error(`the ${lang} alternate is not ${PUBLIC_URL}/${lang}`);
    });

    await step('sign-in throttling counts the address nginx saw, not one the client claims', async () => {
      // TRUST_PROXY=true makes the app take the left-most X-Forwarded-For address as the
      // client's, so a proxy that appended to a client's header would let anyone choose theirs.
      const claimed = '203.0.113.7';
      const status = await postJsonOverTls(
        consoleSide.tlsPort,
        HOST,
        '/api/v1/auth/login',
        { email: `nobody-${variant.label}@example.test`, password: 'not-the-password' },
        { 'x-forwarded-for': claimed },
      );
      if (status !== 401) throw new Error(`a failed sign-in through nginx answered ${status}, not 401`);
      const keys = await throttledAddresses(run.databaseUrl);
      if (keys.includes(`ip:${claimed}`) || !keys.includes('ip:127.0.0.1'))
        throw new Error(`the failure was counted for [${keys.join(', ')}], not ip:127.0.0.1`);
    });

    for (const side of [consoleSide, visitorSide]) {
      const forwarder = await startForwarder(`${HOST}:443`, side.tlsPort);
      forwarders.push(forwarder);
      const context = await run.browser.newContext({
        ignoreHTTPSErrors: true,
        proxy: { server: `http://127.0.0.1:${forwarder.port}` },
        locale: 'fi-FI',
      });
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      contexts.push(context);
    }
    await journey({ counsellor: contexts[0]!, visitor: contexts[1]! }, variant.label);

    // nginx logs an upgraded request when its tunnel closes: close the browsers' sockets first.
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await step('each side’s WebSocket went to its own node', async () => {
      for (const side of sides) {
        const wanted = `127.0.0.1:${side.node.port}`;
        const deadline = Date.now() + 5_000;
        let seen = side.nginx.webSocketUpstreams();
        while (!seen.length && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          seen = side.nginx.webSocketUpstreams();
        }
        if (!seen.length || seen.some((upstream) => upstream !== wanted))
          throw new Error(`the ${side.who}'s WebSocket upgrades went to [${seen.join(', ')}], not ${wanted}`);
      }
    });
  } catch (error) {
    for (const [i, context] of contexts.entries())
      for (const [j, page] of context.pages().entries())
        await page
          .screenshot({ path: path.join(dir, `screen-${i ? 'visitor' : 'console'}-${j}.png`) })
          .catch(() => {});
    // Chromium's own background calls (e.g. autofill) are refused too; only ours matter here.
    const refused = forwarders.flatMap((f) => f.refused).filter((r) => r.includes(HOST));
    if (refused.length) console.error(`requests the forwarders refused: ${refused.join(', ')}`);
    console.error(`screenshots and nginx logs: ${dir}`);
    for (const side of sides) console.error(side.nginx.logTail());
    throw error;
  } finally {
    await Promise.all(contexts.map((context) => context.close().catch(() => {})));
    await Promise.all(forwarders.map((forwarder) => forwarder.close()));
    for (const side of sides) await side.nginx.stop();
  }
}

/**
 * The video meetings' lane: with the documented two-node block, a meeting socket
 * (`?lane=meeting`) reaches node 1 even from a client that ip_hash sends to node 2, and node 2
 * once node 1 is down (its backup), so that all members of a meeting meet on one node.
 */
async function meetingLane(run: Omit<Run, 'browser'>, block: string): Promise<void> {
  const [node1, node2] = run.nodes as [NodeProcess, NodeProcess];
  const nginx = new Nginx(
    'meeting lane',
    path.join(run.dir, 'nginx-meetings'),
    fillBlock(block, [node1.port, node2.port], PORT + 2, PORT + 3, run.dir),
    PORT + 2,
  );
  const address = (node: NodeProcess) => `127.0.0.1:${node.port}`;
  let probe = 0;
  /** Where one handshake from `from` went. */
  const handshake = async (from: string, lane: boolean) => {
    const marker = `probe=${++probe}`;
    const query = `${lane ? 'lane=meeting&' : ''}${marker}`;
    const { status } = await getOverTls(PORT + 2, HOST, `/socket.io/?EIO=4&transport=polling&${query}`, from);
    if (status !== 200) throw new Error(`a socket handshake from ${from} answered ${status}`);
    // nginx writes the line as it finishes the request, which may be just after the answer.
    const deadline = Date.now() + 2_000;
    let went = nginx.upstreamOf(`&${marker} `);
    while (!went && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      went = nginx.upstreamOf(`&${marker} `);
    }
    return went;
  };
  await nginx.start();
  try {
    await step('a meeting socket reaches the meeting node from any address', async () => {
      // Client addresses that nginx's ip_hash sends to node 2 (it hashes the first three octets).
      const others: string[] = [];
      for (let octet = 1; octet <= 40 && others.length < 3; octet++) {
        const from = `127.0.${octet}.1`;
        if ((await handshake(from, false)) === address(node2)) others.push(from);
      }
      if (!others.length) throw new Error('ip_hash sent no client address of 40 to node 2');
      for (const from of others) {
        const went = await handshake(from, true);
        if (went !== address(node1))
          throw new Error(
            `a meeting socket from ${from} went to ${went}, not the meeting node ${address(node1)}`,
          );
      }
    });
    await step('with the meeting node down, meeting sockets reach its backup', async () => {
      await node1.stop();
      for (const from of ['127.0.1.1', '127.0.2.1']) {
        const went = await handshake(from, true);
        if (went !== address(node2))
          throw new Error(`a meeting socket from ${from} went to ${went}, not the backup ${address(node2)}`);
      }
    });
  } catch (error) {
    console.error(nginx.logTail());
    throw error;
  } finally {
    await nginx.stop();
  }
}

async function main(): Promise<boolean> {
  const missing = prerequisites();
  if (!(await postgresAnswers(basePg)))
    missing.push(`PostgreSQL does not answer at ${basePg} (set PROXY_DATABASE_URL; CI starts it)`);
  if (missing.length) {
    for (const line of missing) console.error(`proxy test cannot run: ${line}`);
    return false;
  }

  const block = readDocumentedNginxBlock(DOCS);
  const withoutProto = withoutForwardedProto(block);
  const variants: Variant[] = [
    { name: 'the documented block', label: 'documented', block },
    {
      name: `the documented block minus its ${withoutProto.removed} X-Forwarded-Proto lines`,
      label: 'no-proto',
      block: withoutProto.text,
    },
  ];

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opintori-proxy-'));
  fs.chmodSync(dir, 0o755);
  makeCertificate(dir, HOST);
  // The block as documented, with both nodes in its upstream, must load as well.
  new Nginx(
    'two-node upstream',
    path.join(dir, 'nginx-check'),
    fillBlock(block, [PORT, PORT + 1], PORT + 2, PORT + 3, dir),
    PORT + 2,
  ).check();

  const databaseUrl = await freshPostgres(basePg, 'proxy_test');
  const nodes = [1, 2].map((n) => {
    const logFile = path.join(os.tmpdir(), `opintori-proxy-node-${n}.log`);
    fs.rmSync(logFile, { force: true });
    return new NodeProcess(
      `node ${n}`,
      PORT + n - 1,
      [serverMain],
      {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATABASE_URL: databaseUrl,
        DATA_DIR: path.join(dir, `data-${n}`),
        SEED_DEMO_DATA: 'true',
        PUBLIC_URL,
        TRUST_PROXY: 'true',
      },
      logFile,
    );
  });
  let browser: Browser | undefined;
  const failures: string[] = [];
  try {
    // Node 1 migrates and seeds the demo data; node 2 starts on the seeded database.
    await nodes[0]!.start();
    await nodes[1]!.start();
    // Set-up, not under test: chat open round the clock, whatever the time of the run.
    await openChatAllDay(nodes[0]!.url, await login(nodes[0]!.url, ADMIN, DEMO_PASSWORD));
    console.log(
      `two nodes ready on ${databaseUrl} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    for (const [index, variant] of variants.entries()) {
      const variantStarted = performance.now();
      try {
        await runVariant({ databaseUrl, dir, nodes, browser }, variant, index);
        console.log(`PASS ${variant.name} (${((performance.now() - variantStarted) / 1000).toFixed(1)} s)`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${variant.name}: ${message}`);
        console.error(`FAIL ${variant.name}: ${message}`);
      }
      for (const node of nodes) if (node.unexpectedExit) failures.push(node.unexpectedExit);
    }
    // Last: it stops node 1.
    try {
      await meetingLane({ databaseUrl, dir, nodes }, block);
      console.log('PASS the video meetings’ lane: one node for a meeting, its backup when it is down');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push(`the video meetings’ lane: ${message}`);
      console.error(`FAIL the video meetings’ lane: ${message}`);
    }
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  } finally {
    await browser?.close().catch(() => {});
    await Promise.all(nodes.map((node) => node.stop()));
  }

  // A passing run leaves nothing behind but the node logs; a failing one keeps its directory.
  if (!failures.length) fs.rmSync(dir, { recursive: true, force: true });
  if (failures.length) {
    for (const node of nodes) console.error(`--- ${node.logFile} (end)\n${tail(node.logFile!, 30)}`);
    console.error(`\nproxy test FAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  }
  console.log(
    `proxy test ${failures.length ? 'failed' : 'passed'} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return failures.length === 0;
}

const watchdog = setTimeout(() => {
  console.error(`proxy test: no result within ${WATCHDOG_MS / 1000} s; stopping`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error('proxy test FAILED:', error);
    process.exit(1);
  },
);
