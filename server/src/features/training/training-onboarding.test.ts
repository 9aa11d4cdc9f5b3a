import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { purgeExpired, readRetentionDays } from '../../conversations/retention.js';
import { countRows } from '../../test/factories.js';
import { expectError } from '../../test/http-helpers.js';
import { signedIn, useOrganisation, useTestApp, type SignedIn } from '../../test/test-app.js';
import { scenario } from '../../test/training-helpers.js';
import { seedArticles } from '../articles/article-seed.js';
import { nextClientLine } from './practice-script.js';
import { loadScenarioFiles, seedPracticeScenarios } from './scenario-seed.js';
import type { Session } from './training.schema.js';

const contentDir = loadConfig({}).CONTENT_DIR;

describe('practice hand-overs, a counsellor’s onboarding and the practice retention', () => {
  const t = useTestApp();
  const provider = useOrganisation(t, { slug: 'rannikko' });
  let trainer: SignedIn;
  let scenarioId: string;

  beforeAll(async () => {
    trainer = await signedIn(t, { organisation_id: provider.id, grants: ['trainer'] });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/training/scenarios',
      headers: { cookie: trainer.cookie },
      payload: scenario(),
    });
    expect(created.statusCode, created.body).toBe(201);
    scenarioId = created.json().id;
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, cookie?: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      ...(cookie ? { headers: { cookie } } : {}),
      ...(payload ? { payload } : {}),
    });
  const start = async (cookie: string) => {
    const response = await call('POST', '/api/v1/training/sessions', cookie, { scenarioId });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Session>();
  };

  it('hands the client over with the transfer dialog, which ends the practice', async () => {
    const counsellor = await signedIn(t, { organisation_id: provider.id, languages: ['fi'] });
    const session = await start(counsellor.cookie);
    const url = `/api/v1/training/sessions/${session.id}/transfer`;
    expectError(await call('POST', url, counsellor.cookie, { note: 'x' }), 400, 'request.invalid');
    expectError(
      await call('POST', url, counsellor.cookie, { staffId: counsellor.id, note: '' }),
      400,
      'practice.transfer_target',
    );
    expectError(
      await call('POST', url, trainer.cookie, { organisationId: provider.id }),
      403,
      'practice.not_own',
    );
    const handed = await call('POST', url, counsellor.cookie, {
      organisationId: provider.id,
      note: 'Asiakas kysyy oppisopimuksesta.',
    });
    expect(handed.statusCode, handed.body).toBe(200);
    const after = handed.json<Session>();
    expect(after.status).toBe('finished');
    expect(after.messages.at(-1)).toMatchObject({
      author: 'counsellor',
      body: 'Asiakas kysyy oppisopimuksesta.',
      transfer: { kind: 'organisation', id: provider.id, label: provider.name_fi },
    });
    expectError(
      await call('POST', url, counsellor.cookie, { organisationId: provider.id }),
      409,
      'practice.finished',
    );
  });

  it('shows the onboarding checklist until done, the handbook counted as read article by article', async () => {
    await seedArticles(t.database.db, contentDir);
    const rookie = await signedIn(t, { organisation_id: provider.id, languages: ['fi'] });
    const check = async () => (await call('GET', '/api/v1/training/onboarding', rookie.cookie)).json();
    const first = await check();
    expect(first.done).toBe(false);
    expect(first.items).toEqual([
      { key: 'profile', done: true, count: null, of: null },
      { key: 'availability', done: false, count: null, of: null },
      { key: 'practice', done: false, count: 0, of: 3 },
      { key: 'handbook', done: false, count: 0, of: expect.any(Number) },
    ]);
    const handbook = (await call('GET', '/api/v1/handbook?lang=fi', rookie.cookie)).json().items as {
      slug: string;
    }[];
    expect(first.items[3].of).toBe(handbook.length);
    for (const article of handbook) await call('GET', `/api/v1/handbook/fi/${article.slug}`, rookie.cookie);
    await call('GET', `/api/v1/handbook/fi/${handbook[0]!.slug}`, rookie.cookie);
    await t.database.db
      .insertInto('availability_rules')
      .values({ staff_id: rookie.id, channel: 'video', weekday: 1, start_minute: 540, end_minute: 600 })
      .execute();
    for (let i = 0; i < 3; i += 1) {
      const session = await start(rookie.cookie);
      await call('POST', `/api/v1/training/sessions/${session.id}/finish`, rookie.cookie);
      await call('PUT', `/api/v1/training/sessions/${session.id}/review`, trainer.cookie, {
        scores: { closing: { score: 3, comment: '' } },
        summary: '',
      });
    }
    const done = await check();
    expect(done.items.map((i: { done: boolean }) => i.done)).toEqual([true, true, true, true]);
    expect(done.done).toBe(true);
  });

  it('keeps practice 90 days by default, then removes it with its reviews', async () => {
    const days = await readRetentionDays(t.database.db);
    expect(days.practice).toBe(90);
    const sessions = await countRows(t.database.db, 'practice_sessions');
    const reviews = await countRows(t.database.db, 'practice_reviews');
    expect(sessions).toBeGreaterThan(0);
    expect(reviews).toBeGreaterThan(0);
    expect((await purgeExpired(t.database.db, days, new Date(Date.now() + 89 * 86_400_000))).practice).toBe(
      0,
    );
    const purged = await purgeExpired(t.database.db, days, new Date(Date.now() + 91 * 86_400_000));
    expect(purged.practice).toBe(sessions);
    expect(await countRows(t.database.db, 'practice_reviews')).toBe(0);
    expect(await countRows(t.database.db, 'practice_messages')).toBe(0);
    expect(await countRows(t.database.db, 'practice_scenarios')).toBeGreaterThan(0);
  });
});

describe('the demo scenarios', () => {
  const t = useTestApp();

  it('load from content/practice: at least 12 in Finnish and 4 in Swedish or English, each playable', async () => {
    const files = await loadScenarioFiles(contentDir);
    expect(files.filter((f) => f.input.language === 'fi').length).toBeGreaterThanOrEqual(12);
    expect(files.filter((f) => f.input.language !== 'fi').length).toBeGreaterThanOrEqual(4);
    expect(files.every((f) => f.input.persona.name.startsWith('Demo'))).toBe(true);
    expect(await seedPracticeScenarios(t.database.db, contentDir)).toEqual({ seeded: files.length });
    // Each reaches the client's goodbye when the counsellor says one keyword of each step on the way.
    for (const { file, input } of files) {
      const ending = input.steps.find((step) => step.ends);
      expect(ending, file).toBeDefined();
      const path = [ending!];
      while (path[0]!.after !== 'opening')
        path.unshift(input.steps.find((step) => step.id === path[0]!.after)!);
      let position = { step: 'opening', turnsSinceStep: 0 };
      for (const step of path) {
        let reply = nextClientLine(input, position, step.keywords[0] ?? '');
        for (let turn = 1; reply.step === 'fallback' && turn < (step.afterTurns ?? 1); turn += 1) {
          reply = nextClientLine(input, reply.position, '');
        }
        expect(reply.step, `${file}: ${step.id}`).toBe(step.id);
        position = reply.position;
      }
    }
    // Again: nothing new.
    expect(await seedPracticeScenarios(t.database.db, contentDir)).toEqual({ seeded: 0 });
  });
});
