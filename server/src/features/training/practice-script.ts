/*
 * A practice scenario's script: the simulated client's replies to a counsellor.
 *
 * The client opens with the scenario's opening message. Each step names the step after which it
 * may come (`after`, 'opening' for the first ones). After every counsellor reply, among the steps
 * that follow the step that fired last, the first (in the script's order) with a keyword
 * contained in the reply fires; otherwise the first whose `afterTurns` the replies since that
 * step have reached; otherwise the client says the fallback line. A step that `ends` is the
 * client's goodbye: nothing follows it.
 */

export interface ScriptStep {
  id: string;
  after: string;
  /** Lower-case stems; any of them found in the counsellor's reply fires the step. */
  keywords: string[];
  /** Fires anyway after this many counsellor replies since `after` fired. */
  afterTurns?: number | null;
  message: string;
  ends?: boolean;
}

export const OPENING = 'opening';
export const FALLBACK = 'fallback';

export type ScriptProblemCode =
  | 'script.duplicate_step'
  | 'script.reserved_id'
  | 'script.unknown_after'
  | 'script.no_trigger'
  | 'script.after_ending'
  | 'script.unreachable'
  | 'script.shadowed'
  | 'script.no_fallback';

export interface ScriptProblem {
  code: ScriptProblemCode;
  /** The step the problem is about (absent for the fallback). */
  step?: string;
  message: string;
}

/**
 * What is wrong with a script, each problem naming its step; an empty list when it can be played.
 * A step that can never fire is refused: one with no keyword and no turn count, one after an
 * unknown step or after the client's goodbye, one on a cycle never reached from the opening, and
 * one with only a turn count that a sibling with only a turn count, no later, always beats.
 */
export function validateScript(steps: readonly ScriptStep[], fallback: string): ScriptProblem[] {
  const problems: ScriptProblem[] = [];
  if (!fallback.trim()) {
    problems.push({ code: 'script.no_fallback', message: 'The script needs a fallback line' });
  }
  const byId = new Map<string, ScriptStep>();
  for (const step of steps) {
    if (step.id === OPENING || step.id === FALLBACK) {
      problems.push({ code: 'script.reserved_id', step: step.id, message: `"${step.id}" is reserved` });
    } else if (byId.has(step.id)) {
      problems.push({
        code: 'script.duplicate_step',
        step: step.id,
        message: `Two steps are called "${step.id}"`,
      });
    } else {
      byId.set(step.id, step);
    }
  }
  const flagged = new Set<string>();
  const flag = (problem: ScriptProblem) => {
    if (problem.step && flagged.has(problem.step)) return;
    if (problem.step) flagged.add(problem.step);
    problems.push(problem);
  };

  for (const step of byId.values()) {
    const keywords = step.keywords.filter((k) => k.trim());
    if (keywords.length === 0 && !step.afterTurns) {
      flag({
        code: 'script.no_trigger',
        step: step.id,
        message: `Step "${step.id}" has neither keywords nor a turn count, so it can never be reached`,
      });
    } else if (step.after !== OPENING && !byId.has(step.after)) {
      flag({
        code: 'script.unknown_after',
        step: step.id,
        message: `Step "${step.id}" comes after "${step.after}", which is not a step, so it can never be reached`,
      });
    } else if (step.after !== OPENING && byId.get(step.after)!.ends) {
      flag({
        code: 'script.after_ending',
        step: step.id,
        message: `Step "${step.id}" comes after "${step.after}", where the client leaves, so it can never be reached`,
      });
    }
  }

  // Siblings with only a turn count: the one with the fewest turns always fires first.
  const turnOnly = [...byId.values()].filter((s) => s.keywords.every((k) => !k.trim()) && s.afterTurns);
  for (const step of turnOnly) {
    const earlier = turnOnly.find(
      (other) =>
        other !== step &&
        other.after === step.after &&
        (other.afterTurns! < step.afterTurns! ||
          (other.afterTurns === step.afterTurns && steps.indexOf(other) < steps.indexOf(step))),
    );
    if (earlier) {
      flag({
        code: 'script.shadowed',
        step: step.id,
        message: `Step "${step.id}" can never be reached: "${earlier.id}" after the same step fires first on turn count`,
      });
    }
  }

  // Reachable from the opening through steps that can fire.
  const reachable = new Set<string>([OPENING]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const step of byId.values()) {
      if (reachable.has(step.id) || flagged.has(step.id)) continue;
      const parent = step.after === OPENING ? null : byId.get(step.after);
      if (reachable.has(step.after) && !(parent?.ends ?? false)) {
        reachable.add(step.id);
        grew = true;
      }
    }
  }
  for (const step of byId.values()) {
    if (!reachable.has(step.id)) {
      flag({
        code: 'script.unreachable',
        step: step.id,
        message: `Step "${step.id}" can never be reached from the opening message`,
      });
    }
  }
  return problems;
}

export interface ScriptPosition {
  step: string;
  turnsSinceStep: number;
}

export interface ScriptReply {
  /** The step that fired, or 'fallback'. */
  step: string;
  message: string;
  ends: boolean;
  /** Where the script stands after this reply. */
  position: ScriptPosition;
}

/** Lower case and single spaces, so that a keyword such as "jatkuva haku" finds its words. */
const normalise = (text: string) => text.toLocaleLowerCase('fi').replace(/\s+/g, ' ');

/** The client's reply to the counsellor's `reply`, given where the script stands. */
export function nextClientLine(
  script: { steps: readonly ScriptStep[]; fallback: string },
  position: ScriptPosition,
  reply: string,
): ScriptReply {
  const text = normalise(reply);
  const turns = position.turnsSinceStep + 1;
  const candidates = script.steps.filter((step) => step.after === position.step);
  const chosen =
    candidates.find((step) => step.keywords.some((k) => k.trim() && text.includes(normalise(k.trim())))) ??
    candidates.find((step) => !!step.afterTurns && turns >= step.afterTurns);
  if (chosen) {
    return {
      step: chosen.id,
      message: chosen.message,
      ends: chosen.ends ?? false,
      position: { step: chosen.id, turnsSinceStep: 0 },
    };
  }
  return {
    step: FALLBACK,
    message: script.fallback,
    ends: false,
    position: { step: position.step, turnsSinceStep: turns },
  };
}
