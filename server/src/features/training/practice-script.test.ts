import { describe, expect, it } from 'vitest';
import { nextClientLine, validateScript, type ScriptStep } from './practice-script.js';

const step = (
  id: string,
  after: string,
  keywords: string[],
  extra: Partial<ScriptStep> = {},
): ScriptStep => ({
  id,
  after,
  keywords,
  message: `line ${id}`,
  ...extra,
});

const script = {
  steps: [
    step('financing', 'opening', ['opintotu', 'kela']),
    step('apprenticeship', 'opening', ['oppisopim']),
    step('nudge', 'opening', [], { afterTurns: 2 }),
    step('bye', 'financing', ['kiitos', 'hyvää'], { ends: true }),
  ],
  fallback: 'Anteeksi, en ymmärtänyt.',
};

describe('a practice script', () => {
  it('answers by keyword, in the script’s order, whatever the case and spacing', () => {
    const start = { step: 'opening', turnsSinceStep: 0 };
    expect(nextClientLine(script, start, 'Voit hakea Kelan OPINTOTUKEA')).toMatchObject({
      step: 'financing',
      message: 'line financing',
      position: { step: 'financing', turnsSinceStep: 0 },
    });
    // Both keywords: the first step in the script wins.
    expect(nextClientLine(script, start, 'Oppisopimus tai opintotuki')).toMatchObject({ step: 'financing' });
    expect(nextClientLine(script, start, 'Oppisopimuksella')).toMatchObject({ step: 'apprenticeship' });
  });

  it('falls back, then moves on by turn count', () => {
    const first = nextClientLine(script, { step: 'opening', turnsSinceStep: 0 }, 'Hei!');
    expect(first).toMatchObject({
      step: 'fallback',
      message: script.fallback,
      position: { step: 'opening', turnsSinceStep: 1 },
    });
    const second = nextClientLine(script, first.position, 'Kerro lisää');
    expect(second).toMatchObject({ step: 'nudge', position: { step: 'nudge', turnsSinceStep: 0 } });
  });

  it('says when the client leaves', () => {
    expect(
      nextClientLine(script, { step: 'financing', turnsSinceStep: 0 }, 'Kiitos ja hyvää päivää'),
    ).toMatchObject({
      step: 'bye',
      ends: true,
    });
  });

  it('is accepted when every step can be reached and there is a fallback', () => {
    expect(validateScript(script.steps, script.fallback)).toEqual([]);
  });

  it('refuses steps that can never be reached, naming each', () => {
    const problems = validateScript(
      [
        step('a', 'opening', ['hei']),
        step('no-trigger', 'opening', []),
        step('orphan', 'missing', ['x']),
        step('end', 'a', ['kiitos'], { ends: true }),
        step('after-end', 'end', ['x']),
        step('soon', 'a', [], { afterTurns: 2 }),
        step('later', 'a', [], { afterTurns: 3 }),
        step('loop1', 'loop2', ['x']),
        step('loop2', 'loop1', ['y']),
        step('a', 'opening', ['dup']),
      ],
      '   ',
    );
    const byStep = Object.fromEntries(problems.map((p) => [p.step ?? '-', p.code]));
    expect(byStep).toEqual({
      '-': 'script.no_fallback',
      a: 'script.duplicate_step',
      'no-trigger': 'script.no_trigger',
      orphan: 'script.unknown_after',
      'after-end': 'script.after_ending',
      later: 'script.shadowed',
      loop1: 'script.unreachable',
      loop2: 'script.unreachable',
    });
    expect(problems.find((p) => p.step === 'later')?.message).toContain('"soon"');
  });

  it('refuses the reserved names', () => {
    expect(validateScript([step('opening', 'opening', ['x'])], 'f')).toEqual([
      expect.objectContaining({ code: 'script.reserved_id', step: 'opening' }),
    ]);
  });
});
