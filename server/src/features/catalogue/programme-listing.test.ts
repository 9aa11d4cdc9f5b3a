import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../db/seed/demo-seed.js';
import { systemActor } from '../../access/actor.js';
import { useTestApp } from '../../test/test-app.js';
import { seedProgrammes } from './catalogue-seed.js';
import { applicationState, catalogueIndex, statusMatches, type IndexedProgramme } from './catalogue-index.js';
import { applicationStatuses } from './catalogue-vocabulary.js';
import { dimensions, listProgrammes } from './programme-listing.service.js';
import { programmeListQuerySchema } from './programme.schema.js';

/**
 * The listing's one-pass columnar filter checked against a plain reading of the rules, on
 * the demo catalogue, for many filter combinations and moments in time.
 */
describe('catalogue listing over the demo catalogue', () => {
  const t = useTestApp();
  const ctx = { actor: systemActor };

  beforeAll(async () => {
    const contentDir = path.resolve(import.meta.dirname, '../../../../content');
    await seedDemoData(t.database.db, contentDir);
    const seeded = await seedProgrammes(t.database.db, contentDir);
    expect(seeded.seeded).toBeGreaterThanOrEqual(80);
    expect(seeded.reports.flatMap((r) => r.rejected)).toEqual([]);
  });

  const valuesOf = (item: IndexedProgramme, now: number): Record<string, string[]> => {
    const state = applicationState(item, now);
    return {
      field: [item.field ?? '99'],
      type: [item.type],
      municipality: item.anywhere ? [...item.municipalities, 'online'] : item.municipalities,
      studyForm: item.studyForms,
      language: item.languages,
      application: applicationStatuses.filter((s) => statusMatches(state, s)),
      support: item.support,
      provider: [item.providerSlug],
    };
  };

  it('gives the same totals, order and facet counts as the plain rules', async () => {
    const index = await catalogueIndex(t.database.db);
    const pick = <T>(values: readonly T[], seed: number, count: number) =>
      Array.from({ length: count }, (_, k) => values[(seed * 7 + k * 13) % values.length]!);
    const all = (d: string) => [...new Set(index.items.flatMap((item) => valuesOf(item, Date.now())[d]!))];
    const dims: readonly string[] = dimensions;
    const moments = ['2026-11-29T12:00:00Z', '2027-01-08T12:00:00Z', '2027-03-01T12:00:00Z'].map(Date.parse);

    for (let seed = 0; seed < 60; seed++) {
      const now = moments[seed % moments.length]!;
      const raw: Record<string, string[]> = {};
      for (const [k, d] of dims.entries()) {
        if ((seed >> k) % 3 === 0) raw[d] = pick(all(d), seed + k, 1 + (seed % 2));
      }
      const query = programmeListQuerySchema.parse({
        ...raw,
        pageSize: '50',
        sort: seed % 4 === 0 ? 'deadline' : undefined,
      });
      const result = await listProgrammes(t.database.db, ctx, query, now);

      const fails = (item: IndexedProgramme) => {
        const values = valuesOf(item, now);
        return dims.filter((d) => raw[d]?.length && !values[d]!.some((v) => raw[d]!.includes(v)));
      };
      const expected = index.items.filter((item) => fails(item).length === 0);
      expect(result.total, `seed ${seed}`).toBe(expected.length);
      if (seed % 4 !== 0) {
        const names = [...expected]
          .sort((a, b) => a.nameRank.fi - b.nameRank.fi)
          .slice(0, 50)
          .map((i) => i.id);
        expect(
          result.items.map((i) => i.id),
          `seed ${seed}`,
        ).toEqual(names);
      }
      for (const d of dims) {
        for (const facet of result.facets[d as keyof typeof result.facets]) {
          const count = index.items.filter((item) => {
            const failed = fails(item);
            return (
              (failed.length === 0 || (failed.length === 1 && failed[0] === d)) &&
              valuesOf(item, now)[d]!.includes(facet.value)
            );
          }).length;
          expect(facet.count, `seed ${seed} ${d}=${facet.value}`).toBe(count);
        }
      }
    }
  });

  it('sorts by closing date: open with a deadline first, then open-ended, then closed', async () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    const result = await listProgrammes(
      t.database.db,
      ctx,
      programmeListQuerySchema.parse({ sort: 'deadline', pageSize: '50' }),
      now,
    );
    const keys = result.items.map((i) =>
      i.application.openNow
        ? i.application.closesAt
          ? Date.parse(i.application.closesAt)
          : Infinity
        : Number.MAX_VALUE * 2,
    );
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(result.items[0]!.application.closesAt).not.toBeNull();
  });
});
