// The container files cannot be built here (no image registry): this keeps them to what the
// repository really has — the npm scripts they run, the files they copy, the build outputs the
// server reads, and the documented nginx block in front of the two nodes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from './config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const scriptsOf = (dir: string): Record<string, string> =>
  (JSON.parse(read(path.join(dir, 'package.json'))) as { scripts?: Record<string, string> }).scripts ?? {};

interface Stage {
  name: string;
  instructions: { keyword: string; args: string }[];
}

/** The Dockerfile's stages with their instructions (continuation lines joined, comments dropped). */
function dockerfileStages(text: string): Stage[] {
  const stages: Stage[] = [];
  const joined = text.replace(/\\\n/g, ' ');
  for (const line of joined.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const [, keyword = '', args = ''] = /^(\S+)\s+(.*)$/.exec(trimmed) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      stages.push({ name: /\bAS\s+(\S+)/i.exec(args)?.[1] ?? String(stages.length), instructions: [] });
    }
    stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args: args.trim() });
  }
  return stages;
}

const all = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

const stages = dockerfileStages(read('Dockerfile'));
const build = stages.find((stage) => stage.name === 'build')!;
const runtime = stages.at(-1)!;
const workspaces = (JSON.parse(read('package.json')) as { workspaces: string[] }).workspaces;

describe('Dockerfile', () => {
  it('builds on node:20-slim with exactly the steps CI runs: npm ci, then npm run build', () => {
    expect(stages.map((stage) => stage.name)).toEqual(['build', 'runtime']);
    for (const stage of stages) expect(all(stage, 'FROM')[0]).toMatch(/^node:20-slim\b/);
    expect(all(build, 'RUN')).toEqual(['npm ci', 'npm run build']);
    expect(scriptsOf('.').build).toBeDefined();
  });

  it('runs only npm commands and scripts that exist', () => {
    for (const stage of stages) {
      for (const command of all(stage, 'RUN').flatMap((run) => run.split('&&').map((part) => part.trim()))) {
        if (!command.startsWith('npm ')) continue;
        const script = /^npm run (\S+)/.exec(command)?.[1];
        if (script) expect(scriptsOf('.'), command).toHaveProperty([script]);
        for (const [, workspace] of command.matchAll(/--workspace[= ](\S+)/g)) {
          expect(workspaces, command).toContain(workspace);
        }
      }
    }
  });

  it('installs the production dependencies of the workspaces that run, and copies in every manifest npm ci reads', () => {
    const install = all(runtime, 'RUN').find((run) => run.startsWith('npm ci'))!;
    expect(install).toMatch(/^npm ci --omit=dev --workspace server --workspace web\b/);
    for (const stage of stages) {
      const copied = all(stage, 'COPY').map((args) => args.split(/\s+/)[0]);
      for (const workspace of workspaces) expect(copied).toContain(`${workspace}/package.json`);
      expect(copied).toContain('package.json');
    }
  });

  it('copies the build outputs and the content to where the server reads them, and starts the built server', () => {
    const fromBuild = all(runtime, 'COPY')
      .filter((args) => args.startsWith('--from=build '))
      .map((args) => args.split(/\s+/).slice(1));
    const inImage = fromBuild.map(([, to]) => to);
    for (const [from, to] of fromBuild) expect(from).toBe(`/app/${to}`);
    const sources = all(runtime, 'COPY')
      .filter((args) => !args.startsWith('--from='))
      .flatMap((args) => args.split(/\s+/).slice(0, -1));
    for (const source of sources) expect(fs.existsSync(path.join(root, source)), source).toBe(true);
    inImage.push(
      ...all(runtime, 'COPY')
        .filter((args) => !args.startsWith('--'))
        .map((a) => a.split(/\s+/).at(-1)!),
    );

    // The server's defaults for the page renderer, the widget and the content, relative to the repository.
    const defaults = loadConfig({});
    for (const dir of [defaults.WEB_BUILD_DIR, defaults.WIDGET_BUILD_DIR, defaults.CONTENT_DIR]) {
      expect(inImage).toContain(path.relative(root, dir));
    }
    // `npm run config:check` in the image runs the built entry point (bin/run-cli.mjs).
    expect(inImage).toEqual(expect.arrayContaining(['server/dist', 'server/bin']));
    expect(scriptsOf('server')['config:check']).toBe('node bin/run-cli.mjs config-check-cli');
    expect(fs.existsSync(path.join(root, 'server/src/config-check-cli.ts'))).toBe(true);

    // CMD: the compiled main.ts (tsconfig.build.json compiles src/ into dist/, tests aside).
    expect(all(runtime, 'CMD')).toEqual(['["node", "server/dist/main.js"]']);
    const tsconfig = JSON.parse(read('server/tsconfig.json')) as {
      compilerOptions: { outDir: string; rootDir: string };
    };
    expect(tsconfig.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: 'src' });
    expect(JSON.parse(read('server/tsconfig.build.json'))).toEqual({
      extends: './tsconfig.json',
      exclude: ['src/**/*.test.ts', 'src/test/**'],
    });
    expect(fs.existsSync(path.join(root, 'server/src/main.ts'))).toBe(true);
    expect(scriptsOf('server').build).toBe('tsc -p tsconfig.build.json');
  });

  it('runs as a user of its own, keeps the embedded database in a volume, and checks /readyz', () => {
    expect(all(runtime, 'USER')).toEqual(['node']);
    const env = all(runtime, 'ENV').join(' ');
    const dataDir = /\bDATA_DIR=(\S+)/.exec(env)?.[1];
    expect(dataDir).toBe('/data');
    expect(all(runtime, 'VOLUME')).toEqual([dataDir]);
    expect(all(runtime, 'RUN')).toContain(`mkdir -p ${dataDir} && chown node:node ${dataDir}`);
    const [healthcheck] = all(runtime, 'HEALTHCHECK');
    expect(healthcheck).toMatch(/CMD .*\/readyz/);
    expect(all(runtime, 'EXPOSE')).toEqual([
      `${/\bPORT=(\d+)/.exec(env)?.[1]} ${/\bSMTP_PORT=(\d+)/.exec(env)?.[1]}`,
    ]);
  });

  it('has a .dockerignore that leaves out what is installed or made, and nothing the image copies', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(
      expect.arrayContaining(['**/node_modules', '**/dist', '**/build', 'data', '.env', '.git']),
    );
    expect(ignored).not.toContain('content');
  });
});

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml'), { merge: true }) as {
    services: Record<
      string,
      { build?: string; image?: string; environment?: Record<string, string>; volumes?: string[] }
    >;
  };

  it('runs two app nodes on PostgreSQL behind a proxy', () => {
    const { services } = compose;
    const apps = Object.entries(services).filter(([, service]) => service.build === '.');
    expect(apps.map(([name]) => name)).toEqual(['app1', 'app2']);
    expect(services.postgres?.image).toMatch(/^postgres:\d+/);
    expect(services.proxy?.image).toMatch(/^nginx:/);
    for (const [, app] of apps) {
      const env = app.environment!;
      expect(new URL(env.DATABASE_URL!.replace(/\$\{[^}]+\}/g, 'x')).hostname).toBe('postgres');
      expect(env.TRUST_PROXY).toBe('true');
      expect(env.PUBLIC_URL).toMatch(/^\$\{PUBLIC_URL:\?/);
    }
  });

  it('gives the proxy the documented nginx block, only the upstream servers made the app services', () => {
    const volume = compose.services.proxy!.volumes!.find((v) => v.includes('/etc/nginx/conf.d/'))!;
    const conf = read(volume.split(':')[0]!.replace(/^\.\//, ''));
    const block = /<!-- proxy-test: nginx -->\s*```nginx\n([\s\S]*?)\n```/.exec(
      read('docs/operations.md'),
    )?.[1];
    expect(block).toBeDefined();
    const expected = block!
      .replaceAll('server 10.0.0.11:3000;', 'server app1:3000;')
      .replaceAll('server 10.0.0.12:3000', 'server app2:3000');
    expect(expected).not.toBe(block);
    const withoutHeader = conf.replace(/^(#[^\n]*\n)+\n/, '');
    expect(withoutHeader).toBe(`${expected}\n`);
    // The certificate paths of the block are where the proxy finds deploy/tls.
    expect(compose.services.proxy!.volumes).toContain('./deploy/tls:/etc/ssl/opintori:ro');
    expect(block).toContain('/etc/ssl/opintori/fullchain.pem');
  });
});
