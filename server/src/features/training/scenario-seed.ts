import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/database-types.js';
import { validateScript } from './practice-script.js';
import { scenarioInputSchema, type ScenarioInput } from './training.schema.js';

export interface ScenarioFile {
  key: string;
  file: string;
  input: ScenarioInput;
}

const keyPattern = /^[a-z0-9][a-z0-9-]*$/;

/**
 * The practice scenarios of content/practice/<key>/<lang>.json (format in its README), each
 * checked as the console checks a trainer's: a file that would be refused there fails here,
 * with its name and the problem.
 */
export async function loadScenarioFiles(contentDir: string): Promise<ScenarioFile[]> {
  const root = path.join(contentDir, 'practice');
  const entries = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  const files: ScenarioFile[] = [];
  for (const dir of entries
    .filter((e) => e.isDirectory() && keyPattern.test(e.name))
    .sort((a, b) => a.name.localeCompare(b.name))) {
    for (const name of (await fs.readdir(path.join(root, dir.name)))
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      const file = path.join('practice', dir.name, name);
      const raw = JSON.parse(await fs.readFile(path.join(contentDir, file), 'utf8')) as Record<
        string,
        unknown
      >;
      const parsed = scenarioInputSchema.safeParse(raw);
      if (!parsed.success) {
        throw new Error(
          `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
        );
      }
      if (raw.key !== dir.name || `${parsed.data.language}.json` !== name) {
        throw new Error(`${file}: "key" must be the directory's name and the file named after "language"`);
      }
      const problems = validateScript(parsed.data.steps, parsed.data.fallback);
      if (problems.length > 0) throw new Error(`${file}: ${problems.map((p) => p.message).join('; ')}`);
      files.push({ key: `${dir.name}.${parsed.data.language}`, file, input: parsed.data });
    }
  }
  return files;
}

/**
 * Adds the scenarios of content/practice that the database does not have yet (by key), so that
 * a database set up before a scenario was written gets it too; one a trainer changed is left as is.
 */
export async function seedPracticeScenarios(db: Db, contentDir: string): Promise<{ seeded: number }> {
  const files = await loadScenarioFiles(contentDir);
  if (files.length === 0) return { seeded: 0 };
  const result = await db
    .insertInto('practice_scenarios')
    .values(
      files.map(({ key, input }) => ({
        key,
        language: input.language,
        channel: input.channel,
        title: input.title,
        persona: JSON.stringify(input.persona),
        goals: JSON.stringify(input.goals),
        criteria: JSON.stringify(input.criteria),
        opening: input.opening,
        steps: JSON.stringify(input.steps),
        fallback: input.fallback,
        is_active: input.isActive,
        created_by: null,
        updated_by: null,
      })),
    )
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return { seeded: Number(result.numInsertedOrUpdatedRows ?? 0) };
}
