import { authorize, can } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { validateScript } from './practice-script.js';
import { scenarioColumns, selectScenario, selectScenarios, type ScenarioRow } from './training.repository.js';
import type { PracticeLanguage, Scenario, ScenarioInput, ScenarioSummary } from './training.schema.js';

/* Practice scenarios: listed for those who practise, written by trainers (docs/training.md). */

export function presentScenario(row: ScenarioRow): Scenario {
  return {
    id: row.id,
    key: row.key,
    language: row.language as PracticeLanguage,
    channel: row.channel,
    title: row.title,
    persona: row.persona,
    goals: row.goals,
    criteria: row.criteria,
    opening: row.opening,
    steps: row.steps.map((step) => ({ ...step, afterTurns: step.afterTurns ?? null })),
    fallback: row.fallback,
    isActive: row.is_active,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Scripts are refused with every problem, each naming its step. */
function checkScript(input: ScenarioInput): void {
  const problems = validateScript(input.steps, input.fallback);
  if (problems.length > 0) {
    throw new AppError('practice.script_invalid', 400, problems.map((p) => p.message).join('; '), {
      problems,
    });
  }
}

const scenarioValues = (input: ScenarioInput, staffId: string) => ({
  language: input.language,
  channel: input.channel,
  title: input.title,
  persona: JSON.stringify(input.persona),
  goals: JSON.stringify(input.goals),
  criteria: JSON.stringify([...new Set(input.criteria)]),
  opening: input.opening,
  steps: JSON.stringify(
    input.steps.map((step) => ({
      id: step.id,
      after: step.after,
      keywords: step.keywords.filter((k) => k),
      ...(step.afterTurns ? { afterTurns: step.afterTurns } : {}),
      message: step.message,
      ...(step.ends ? { ends: true } : {}),
    })),
  ),
  fallback: input.fallback,
  is_active: input.isActive,
  updated_by: staffId,
  updated_at: new Date(),
});

/* Scenarios ------------------------------------------------------------------------------- */

/** Scenarios to practise on (in use); trainers may ask for those taken out of use too. */
export async function listScenarios(
  db: Db,
  ctx: RequestContext,
  query: { lang?: PracticeLanguage; all?: boolean },
): Promise<{ items: ScenarioSummary[] }> {
  // Those who practise, and trainers of any role, who choose scenarios to play live.
  const actor = authorize(ctx.actor, 'console.use');
  if (!can(actor, 'training.practise')) authorize(actor, 'training.author');
  const all = !!query.all && can(actor, 'training.author');
  const rows = await selectScenarios(db, actor.staffId, { lang: query.lang, all });
  return {
    items: rows.map((row) => ({
      id: row.id,
      key: row.key,
      language: row.language as PracticeLanguage,
      channel: row.channel,
      title: row.title,
      personaName: row.persona.name,
      goals: row.goals,
      isActive: row.is_active,
      doneByMe: Number(row.done_by_me ?? 0),
    })),
  };
}

/** A whole scenario with its script: for trainers, who write them. */
export async function readScenario(db: Db, ctx: RequestContext, id: string): Promise<Scenario> {
  authorize(ctx.actor, 'training.author');
  const row = await selectScenario(db, id);
  if (!row) throw new AppError('practice.scenario_not_found', 404, 'No such scenario');
  return presentScenario(row);
}

export async function createScenario(db: Db, ctx: RequestContext, input: ScenarioInput): Promise<Scenario> {
  const actor = authorize(ctx.actor, 'training.author');
  checkScript(input);
  const row = await db
    .insertInto('practice_scenarios')
    .values({ ...scenarioValues(input, actor.staffId), created_by: actor.staffId })
    .returning(scenarioColumns.map((c) => c.replace('practice_scenarios.', '')) as never)
    .executeTakeFirstOrThrow();
  return presentScenario(row as unknown as ScenarioRow);
}

export async function updateScenario(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: ScenarioInput,
): Promise<Scenario> {
  const actor = authorize(ctx.actor, 'training.author');
  checkScript(input);
  const updated = await db
    .updateTable('practice_scenarios')
    .set(scenarioValues(input, actor.staffId))
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    throw new AppError('practice.scenario_not_found', 404, 'No such scenario');
  }
  return presentScenario((await selectScenario(db, id))!);
}
