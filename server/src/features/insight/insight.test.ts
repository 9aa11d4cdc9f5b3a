import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { useSignedIn, useTestApp } from '../../test/test-app.js';
import { seedArticles } from '../articles/article-seed.js';
import type { ContentInsight } from './insight.service.js';

describe('content insight for the editors', () => {
  const t = useTestApp();
  beforeAll(async () => {
    await seedArticles(t.database.db, loadConfig({}).CONTENT_DIR);
  });
  const editor = useSignedIn(t, { role: 'editor', email: 'editor@example.test' });
  const counsellor = useSignedIn(t, { email: 'counsellor@example.test' });

  const siteSearch = async (q: string) => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/search',
      query: { q, lang: 'fi', types: 'article,program', log: 'site' },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { results: { type: string; id: string }[]; searchId?: string };
  };
  const insight = async (cookie: string, query: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: '/api/v1/insight', query, headers: { cookie } });

  it('logs the site’s searches scrubbed, records what was opened, and shows what found nothing', async () => {
    const found = await siteSearch('oppisopimus');
    expect(found.searchId).toBeTruthy();
    const nothing = await siteSearch('kvanttiyrttitarha');
    expect(nothing.results).toEqual([]);
    await siteSearch('kvanttiyrttitarha');
    await siteSearch('oppisopimus aino@example.com 040 123 4567');
    // An unlogged call (the API's other users) leaves no trace.
    const unlogged = await t.app.inject({ method: 'GET', url: '/api/v1/search', query: { q: 'vain api' } });
    expect(unlogged.json().searchId).toBeUndefined();

    const first = found.results[0]!;
    // The browser's ping on the result link.
    const click = await t.app.inject({
      method: 'POST',
      url: `/api/v1/search-log/${found.searchId}/click`,
      query: { r: `${first.type}:${first.id}` },
      headers: { 'content-type': 'text/ping' },
      payload: 'PING',
    });
    expect(click.statusCode, click.body).toBe(204);
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/search-log/${found.searchId}/click`,
      query: { r: 'javascript:alert(1)' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('request.invalid');

    const response = await insight(editor.cookie, { weeks: '2' });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as ContentInsight;
    expect(body.empty).toContainEqual({ query: 'kvanttiyrttitarha', lang: 'fi', count: 2 });
    expect(body.opened).toContainEqual(
      expect.objectContaining({ ref: `${first.type}:${first.id}`, count: 1 }),
    );
    // The clicked search is not among the unopened ones; the one with contact details is, scrubbed.
    expect(body.unopened.map((q) => q.query)).toContain('oppisopimus [email] [phone]');
    expect(body.unopened.find((q) => q.query === 'oppisopimus')).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain('aino');
    const week = body.weeks.find((w) => w.lang === 'fi')!;
    expect(week).toMatchObject({ searches: 4, empty: 2, unopened: 1 });
    expect(body.opened[0]?.title).not.toMatch(/^article:/);
  });

  it('names the guides readers found unhelpful, and those read most', async () => {
    for (let i = 0; i < 3; i += 1) {
      const read = await t.app.inject({ method: 'GET', url: '/api/v1/articles/fi/oppisopimus' });
      expect(read.statusCode).toBe(200);
    }
    for (const helpful of [false, false, true]) {
      const answer = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles/fi/oppisopimus/feedback',
        payload: { helpful },
      });
      expect(answer.statusCode, answer.body).toBe(204);
    }
    const body = (await insight(editor.cookie)).json() as ContentInsight;
    expect(body.helpfulness[0]).toMatchObject({ ref: 'article:oppisopimus', helpful: 1, notHelpful: 2 });
    expect(body.helpfulness[0]?.title).toMatch(/^Oppisopimus/);
    expect(body.mostRead[0]).toMatchObject({ ref: 'article:oppisopimus', count: 3 });
  });

  it('is for editors and admins only, and refuses a period longer than the log keeps', async () => {
    expect((await insight(counsellor.cookie)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/insight' })).statusCode).toBe(401);
    const tooLong = await insight(editor.cookie, { weeks: '52' });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.code).toBe('request.invalid');
  });
});
