import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * The layout of server/src as docs/architecture.md describes it, checked: what may import what,
 * where SQL may stand, and how long a file may grow. Imports of types only are left out (they
 * vanish at run time; db/database-types.ts gathers every feature's table types on purpose).
 */

const root = path.dirname(fileURLToPath(import.meta.url));

interface SourceFile {
  file: string; // relative to server/src
  text: string;
  imports: string[]; // relative to server/src, runtime imports of this app's modules
}

function sourceFiles(): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const text = fs.readFileSync(full, 'utf8');
        const imports = [...text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'(\.[^']+)'/gms)].map((m) =>
          path.relative(root, path.resolve(path.dirname(full), m[1]!)).replace(/\.js$/, '.ts'),
        );
        out.push({ file: path.relative(root, full), text, imports });
      }
    }
  };
  walk(root);
  return out;
}

/** The layer a file belongs to: a feature's name, or one of the shared layers. */
function layerOf(file: string): string {
  const [top, second] = file.split(path.sep);
  if (top === 'features') return `features/${second}`;
  if (file.endsWith('-cli.ts')) return 'edge'; // command-line entry points, like main.ts
  if (!second) return file === 'errors.ts' ? 'errors' : 'edge'; // app.ts, main.ts, config.ts
  if (top === 'db') return file.startsWith(`db${path.sep}seed`) ? 'edge' : 'db';
  return top!; // shared, access, conversations, http, realtime, jobs, test
}

const files = sourceFiles();
const edges = files.flatMap((f) => f.imports.map((to) => ({ from: f.file, to })));

describe('the layout of the server', () => {
  it('keeps the kernels below every feature: shared → access → the conversation core', () => {
    const allowed: Record<string, string[]> = {
      shared: ['shared', 'errors'],
      access: ['access', 'shared', 'db', 'errors'],
      conversations: ['conversations', 'access', 'shared', 'db', 'errors'],
      db: ['db', 'shared', 'errors'],
    };
    const wrong = edges.filter(({ from, to }) => {
      const rule = allowed[layerOf(from)];
      return rule !== undefined && !rule.includes(layerOf(to));
    });
    expect(wrong.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('has no two feature folders importing each other, and no loop among them', () => {
    const graph = new Map<string, Set<string>>();
    for (const { from, to } of edges) {
      const [a, b] = [layerOf(from), layerOf(to)];
      if (a === b || !a.startsWith('features/') || !b.startsWith('features/')) continue;
      if (!graph.has(a)) graph.set(a, new Set());
      graph.get(a)!.add(b);
    }
    const loops: string[] = [];
    const visit = (node: string, trail: string[]) => {
      for (const next of graph.get(node) ?? []) {
        if (trail.includes(next)) loops.push([...trail.slice(trail.indexOf(next)), next].join(' → '));
        else visit(next, [...trail, next]);
      }
    };
    for (const node of graph.keys()) visit(node, [node]);
    expect([...new Set(loops)]).toEqual([]);
  });

  it('keeps every server source file under 400 lines', () => {
    const long = files
      .map((f) => ({ file: f.file, lines: f.text.split('\n').length }))
      .filter((f) => f.lines > 400 && !f.file.startsWith(`db${path.sep}migrations`));
    expect(long).toEqual([]);
  });

  it('keeps SQL out of routes and the socket layer', () => {
    const query = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`/;
    const offenders = files
      .filter((f) => f.file.endsWith('.routes.ts') || f.file.startsWith(`realtime${path.sep}`))
      .filter((f) => query.test(f.text))
      .map((f) => f.file);
    expect(offenders).toEqual([]);
  });

  it('sends mail only through the outbox, which adds the frame and the privacy links to each', () => {
    const writers = files
      .filter((f) => !f.file.startsWith(`test${path.sep}`))
      .filter((f) => /insertInto\(\s*'outgoing_mail'/.test(f.text) || /\.sendMail\(/.test(f.text))
      .map((f) => f.file);
    expect(writers.sort()).toEqual(
      [path.join('conversations', 'mail-outbox.ts'), path.join('conversations', 'mail-sender.ts')].sort(),
    );
  });
});
