import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { appendMessage } from '../../conversations/message.repository.js';
import { buildOrganisation } from '../../test/factories.js';
import { expectError } from '../../test/http-helpers.js';
import { openAllDay, setAvailable, startChat } from '../../test/chat-helpers.js';
import { signedIn, useRannikkoTeam, useTestApp, type SignedIn } from '../../test/test-app.js';
import { seedArticles } from '../articles/article-seed.js';
import { helsinkiClock } from '../../shared/helsinki-time.js';
import { addDays } from './report-period.js';
import type { Report } from './report.service.js';

// Everything here goes through the service's own routes: the widget's outcomes, chats started on a
// guide's page, and cards counsellors send; the report for today must count exactly those.

describe('self-help in the report', () => {
  const t = useTestApp();
  const { provider, admin, mikko, anna } = useRannikkoTeam(t);
  const other = {} as SignedIn;
  const rannikkoAdmin = {} as SignedIn;
  // Today with a day either side, so a run across midnight still counts everything.
  const today = helsinkiClock(new Date()).day;
  const period = `from=${addDays(today, -1)}&to=${addDays(today, 1)}`;

  const post = (url: string, payload: object, cookie?: string) =>
    t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { host: 'localhost', ...(cookie ? { cookie } : {}) },
    });
  const report = async (who: SignedIn, query = period): Promise<Report> => {
    const response = await t.app.inject({ url: `/api/v1/reports?${query}`, headers: { cookie: who.cookie } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Report>();
  };
  /** A chat accepted by `who`, who then sends `cards` guides as cards. */
  const chatWithCards = async (who: SignedIn, cards: number, body: Record<string, unknown> = {}) => {
    const chat = await startChat(t.app, body, { host: 'localhost' });
    expect(
      (await post(`/api/v1/inbox/conversations/${chat.conversationId}/accept`, {}, who.cookie)).statusCode,
    ).toBe(200);
    await appendMessage(t.database.db, {
      conversationId: chat.conversationId,
      kind: 'message',
      authorType: 'client',
      body: 'Miten oppisopimus toimii?',
      clientMsgId: `client-${chat.conversationId}`,
    });
    for (let i = 0; i < cards; i++) {
      const sent = await post(
        `/api/v1/inbox/conversations/${chat.conversationId}/messages`,
        {
          clientMsgId: `card-${chat.conversationId}-${i}`,
          body: '',
          card: { type: 'article', id: 'oppisopimus' },
        },
        who.cookie,
      );
      expect(sent.statusCode, sent.body).toBe(200);
    }
    // A plain message is no card.
    const plain = await post(
      `/api/v1/inbox/conversations/${chat.conversationId}/messages`,
      { clientMsgId: `plain-${chat.conversationId}`, body: 'Hei!' },
      who.cookie,
    );
    expect(plain.statusCode, plain.body).toBe(200);
    return chat;
  };

  beforeAll(async () => {
    await seedArticles(t.database.db, loadConfig({}).CONTENT_DIR);
    const elsewhere = await buildOrganisation(t.database.db, {
      slug: 'muualla',
      name_fi: 'Muu opisto (demo)',
    });
    Object.assign(
      other,
      await signedIn(t, { organisation_id: elsewhere.id, name: 'Olli Muualta', languages: ['fi'] }),
    );
    Object.assign(rannikkoAdmin, await signedIn(t, { role: 'org_admin', organisation_id: provider.id }));
    await openAllDay(t.app, admin.cookie);
    for (const who of [mikko, anna, other]) await setAvailable(t.app, who.cookie, 10);

    const outcome = (outcome: 'answered' | 'chat', sourcePage: string) =>
      post('/api/v1/self-help', { q: 'oppisopimus', lang: 'fi', sourcePage, outcome });
    for (const [o, page] of [
      ['answered', 'http://localhost/fi/ohjeet/oppisopimus'],
      ['answered', 'http://localhost/fi/ohjeet/oppisopimus'],
      ['answered', 'http://localhost/fi/ohjeet/oppisopimus'],
      ['chat', 'http://localhost/fi/ohjeet/oppisopimus'],
      ['chat', 'http://localhost/fi'],
      ['answered', 'https://www.example.org/hakeminen'],
    ] as const) {
      expect((await outcome(o, page)).statusCode).toBe(204);
    }
    await chatWithCards(mikko, 2, { sourcePage: 'http://localhost/fi/ohjeet/oppisopimus' });
    await chatWithCards(anna, 1, { sourcePage: 'http://localhost/fi' });
    await chatWithCards(other, 1, { sourcePage: 'http://localhost/fi/ohjeet/oppisopimus' });
  });

  it('shows the share answered by self-help per entry point, service-wide', async () => {
    const { byEntry } = (await report(admin)).selfHelp;
    const entry = (name: string) => byEntry.find((e) => e.entry === name);
    expect(entry('guide')).toEqual({ entry: 'guide', answered: 3, chat: 1, share: 0.75 });
    expect(entry('front')).toEqual({ entry: 'front', answered: 0, chat: 1, share: 0 });
    expect(entry('external')).toEqual({ entry: 'external', answered: 1, chat: 0, share: 1 });
    expect(entry('catalogue')).toEqual({ entry: 'catalogue', answered: 0, chat: 0, share: null });
    expect(byEntry.at(-1)).toEqual({ entry: 'all', answered: 4, chat: 2, share: 0.667 });
    // A provider admin sees the same service-wide shares.
    expect((await report(rannikkoAdmin)).selfHelp.byEntry).toEqual(byEntry);
  });

  it('counts contacts started on a guide, within the reader’s provider', async () => {
    const all = (await report(admin)).selfHelp.chatsAfterGuide;
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ key: 'oppisopimus', count: 2 });
    expect(all[0]!.title).not.toBe('oppisopimus');
    const own = (await report(rannikkoAdmin)).selfHelp.chatsAfterGuide;
    expect(own).toEqual([{ ...all[0], count: 1 }]);
  });

  it('counts cards per provider and per counsellor, as far as the reader may see', async () => {
    const asAdmin = (await report(admin)).selfHelp;
    expect(asAdmin.cardsByProvider).toEqual([
      { key: provider.id, name: provider.name_fi, count: 3 },
      { key: other.staff.organisation_id, name: 'Muu opisto (demo)', count: 1 },
    ]);
    expect(asAdmin.cardsByStaff).toEqual([
      { key: mikko.id, name: mikko.staff.name, count: 2 },
      ...[
        { key: anna.id, name: anna.staff.name, count: 1 },
        { key: other.id, name: 'Olli Muualta', count: 1 },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    ]);
    const own = (await report(rannikkoAdmin)).selfHelp;
    expect(own.cardsByProvider).toEqual([{ key: provider.id, name: provider.name_fi, count: 3 }]);
    expect(own.cardsByStaff?.map((s) => s.key).sort()).toEqual([mikko.id, anna.id].sort());
    // A counsellor sees their provider's count, not their colleagues'.
    const counsellor = (await report(mikko)).selfHelp;
    expect(counsellor.cardsByStaff).toBeNull();
    expect(counsellor.cardsByProvider).toEqual(own.cardsByProvider);
    // Filtered to one counsellor.
    const oneCounsellor = await report(admin, `${period}&staff=${anna.id}`);
    expect(oneCounsellor.selfHelp.cardsByProvider).toEqual([
      { key: provider.id, name: provider.name_fi, count: 1 },
    ]);
  });

  it('downloads the figures as CSV; per-counsellor cards only for those who may see them', async () => {
    const csv = async (name: string, who: SignedIn) =>
      t.app.inject({ url: `/api/v1/reports/${name}.csv?${period}`, headers: { cookie: who.cookie } });
    const selfHelp = await csv('self-help', admin);
    expect(selfHelp.statusCode).toBe(200);
    expect(selfHelp.body).toContain('guide;3;1;0.750');
    expect((await csv('guide-chats', admin)).body).toMatch(/oppisopimus;[^;]+;2/);
    expect((await csv('cards-staff', rannikkoAdmin)).body).toContain(`${mikko.id};`);
    expectError(await csv('cards-staff', mikko), 403, 'report.forbidden');
  });

  it('counts nothing on days without self-help', async () => {
    const before = (await report(admin, 'from=2026-01-01&to=2026-01-31')).selfHelp;
    expect(before.byEntry.every((e) => e.answered === 0 && e.chat === 0 && e.share === null)).toBe(true);
    expect(before.chatsAfterGuide).toEqual([]);
    expect(before.cardsByProvider).toEqual([]);
    expect(before.cardsByStaff).toEqual([]);
  });
});
