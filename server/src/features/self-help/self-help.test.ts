import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { openConversation } from '../../conversations/open-conversation.js';
import { seedDemoData } from '../../db/seed/demo-seed.js';
import { openAllDay, setAvailable, startChat } from '../../test/chat-helpers.js';
import { useRannikkoTeam, useTestApp } from '../../test/test-app.js';
import { seedProgrammes } from '../catalogue/catalogue-seed.js';
import { seedArticles } from '../articles/article-seed.js';
import { appendMessage } from '../../conversations/message.repository.js';
import { purgeSelfHelpData } from './self-help-retention.js';

interface Card {
  type: string;
  id: string;
  title: string;
  summary: string;
  url: string;
}

describe('self-help beside the conversation', () => {
  const t = useTestApp();
  const contentDir = loadConfig({}).CONTENT_DIR;
  let programmeId: string;
  // The demo providers first: the demo catalogue names them.
  beforeAll(async () => {
    await seedDemoData(t.database.db, contentDir);
    await seedArticles(t.database.db, contentDir);
    const seeded = await seedProgrammes(t.database.db, contentDir);
    expect(seeded.seeded).toBeGreaterThan(10);
    programmeId = (
      await t.database.db
        .selectFrom('programmes')
        .select('id')
        .where('is_active', '=', true)
        // By the catalogue's own id, so every run asks about the same programme (ids are random).
        .orderBy('external_id')
        .limit(1)
        .executeTakeFirstOrThrow()
    ).id;
  });
  const { admin, mikko } = useRannikkoTeam(t);
  beforeAll(async () => {
    await openAllDay(t.app, admin.cookie);
    await setAvailable(t.app, mikko.cookie, 10);
  });

  const suggestions = async (query: Record<string, string>) => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/suggestions', query });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { lang: string; fallback: boolean; results: Card[] };
  };
  const rows = (table: 'search_queries' | 'self_help_outcomes') =>
    t.database.db.selectFrom(table).selectAll().orderBy('created_at').execute();

  it('suggests guides first, in the visitor’s language, each with a one-line summary and a path', async () => {
    const fi = await suggestions({ q: 'Miten oppisopimus toimii, jos olen jo töissä?', lang: 'fi' });
    expect(fi).toMatchObject({ lang: 'fi', fallback: false });
    expect(fi.results.length).toBeGreaterThan(0);
    expect(fi.results.length).toBeLessThanOrEqual(3);
    expect(fi.results.map((r) => r.id)).toContain('oppisopimus');
    const guide = fi.results.find((r) => r.id === 'oppisopimus')!;
    expect(guide.url).toMatch(/^\/fi\/ohjeet\/[a-z0-9-]+$/);
    expect(guide.summary.length).toBeGreaterThan(10);
    expect(guide.summary.length).toBeLessThanOrEqual(200);
    const sv = await suggestions({ q: 'läroavtal', lang: 'sv' });
    expect(sv).toMatchObject({ lang: 'sv', fallback: false });
    expect(sv.results[0]?.url).toMatch(/^\/sv\//);
  });

  it('keeps a place for a matching programme, and falls back to Finnish with a note', async () => {
    // Every active programme is found by its exact name, also where a sibling has the same name
    // with a word more (“…, erityisopetus, Raahe”).
    const programmes = await t.database.db
      .selectFrom('programmes')
      .select('name')
      .where('is_active', '=', true)
      .execute();
    const missed: string[] = [];
    for (const programme of programmes) {
      const name = (programme.name as { fi: string }).fi;
      const found = await suggestions({ q: name, lang: 'fi', limit: '5' });
      // Several providers may teach a programme of the same name: any of them will do.
      if (!found.results.some((r) => r.type === 'program' && r.title === name)) missed.push(name);
    }
    expect(missed).toEqual([]);
    const arabic = await suggestions({ q: 'oppisopimus', lang: 'ar' });
    expect(arabic).toMatchObject({ lang: 'fi', fallback: true });
    expect(arabic.results.map((r) => r.id)).toContain('oppisopimus');
  });

  it('answers an empty or one-letter question with no suggestions rather than an error', async () => {
    for (const q of ['', 'a', '  ?  ', '&|!:*']) {
      expect((await suggestions({ q, lang: 'fi' })).results).toEqual([]);
    }
    const tooMany = await t.app.inject({
      method: 'GET',
      url: '/api/v1/suggestions',
      query: { q: 'x', limit: '9' },
    });
    expect(tooMany.statusCode).toBe(400);
  });

  it('logs an answered question without the person’s contact details and counts it by entry point', async () => {
    const before = (await rows('search_queries')).length;
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/self-help',
      payload: {
        q: 'Oppisopimus? minä olen aino.virtanen@example.com, p. 040 123 4567, hetu 131052-308T',
        lang: 'fi',
        sourcePage: 'http://localhost/fi/ohjeet/oppisopimus?x=1',
        shown: [{ type: 'article', id: 'oppisopimus' }],
        opened: [{ type: 'article', id: 'oppisopimus' }],
        outcome: 'answered',
      },
    });
    expect(response.statusCode, response.body).toBe(204);
    const logged = (await rows('search_queries')).slice(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      source: 'widget',
      lang: 'fi',
      results: 1,
      clicked: 'article:oppisopimus',
    });
    const text = logged[0]!.query;
    expect(text).toContain('oppisopimus');
    for (const secret of ['aino.virtanen', 'example.com', '040', '4567', '131052', '308t']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[email]');
    expect(text).toContain('[phone]');
    expect(text).toContain('[id]');
    const outcomes = await rows('self_help_outcomes');
    expect(outcomes.at(-1)).toMatchObject({
      outcome: 'answered',
      answered_by: 'article:oppisopimus',
      lang: 'fi',
    });
    // Nothing was queued.
    const queue = await t.app.inject({
      method: 'GET',
      url: '/api/v1/inbox/queue',
      headers: { cookie: mikko.cookie },
    });
    expect(queue.json().items).toEqual([]);
  });

  it('refuses a malformed outcome with a coded error and stores nothing', async () => {
    const before = [(await rows('search_queries')).length, (await rows('self_help_outcomes')).length];
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/self-help',
      payload: { q: 'x', lang: 'fi', outcome: 'maybe' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('request.invalid');
    expect([(await rows('search_queries')).length, (await rows('self_help_outcomes')).length]).toEqual(
      before,
    );
  });

  it('counts a chat started after suggestions once: as a chat, or as answered when the visitor leaves the queue with the answer', async () => {
    const selfHelp = { q: 'Miten oppisopimus toimii?', shown: [{ type: 'article', id: 'oppisopimus' }] };
    const waited = await startChat(
      t.app,
      { selfHelp, sourcePage: 'http://localhost/fi' },
      { host: 'localhost' },
    );
    const taken = await startChat(t.app, { selfHelp }, { host: 'localhost' });
    const plain = await startChat(t.app, {});
    const outcomeOf = (id: string) =>
      t.database.db.selectFrom('self_help_outcomes').selectAll().where('conversation_id', '=', id).execute();
    expect(await outcomeOf(waited.conversationId)).toMatchObject([{ outcome: 'chat', entry: 'front' }]);
    const before = (await rows('self_help_outcomes')).length;
    const close = (chat: { conversationId: string; secret: string }, payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/chat/conversations/${chat.conversationId}/close`,
        headers: { 'x-conversation-secret': chat.secret },
        payload,
      });
    // A made-up guide reference is refused and changes nothing.
    const bad = await close(waited, { answeredBy: { type: 'video', id: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('request.invalid');
    expect((await close(waited, { answeredBy: { type: 'article', id: 'oppisopimus' } })).statusCode).toBe(
      200,
    );
    // Closing again (a retry) counts nothing more.
    expect((await close(waited, { answeredBy: { type: 'article', id: 'oppisopimus' } })).statusCode).toBe(
      200,
    );
    const after = await rows('self_help_outcomes');
    expect(after).toHaveLength(before);
    expect(after.filter((o) => o.outcome === 'answered' && o.entry === 'front').at(-1)).toMatchObject({
      answered_by: 'article:oppisopimus',
      conversation_id: null,
    });
    // Taken by a counsellor first: it stays a chat.
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/conversations/${taken.conversationId}/accept`,
      headers: { cookie: mikko.cookie },
    });
    await close(taken, { answeredBy: { type: 'article', id: 'oppisopimus' } });
    expect(await outcomeOf(taken.conversationId)).toMatchObject([{ outcome: 'chat' }]);
    // Left the queue with an answer, though the chat began without suggestions: counted now.
    await close(plain, { answeredBy: { type: 'program', id: programmeId } });
    expect((await rows('self_help_outcomes')).at(-1)).toMatchObject({
      outcome: 'answered',
      answered_by: `program:${programmeId}`,
    });
    expect(await rows('self_help_outcomes')).toHaveLength(before + 1);
  });

  it('records where a chat was started: a guide page of the service, or a member’s site', async () => {
    const onGuide = await startChat(
      t.app,
      { sourcePage: 'http://localhost/fi/ohjeet/oppisopimus' },
      { host: 'localhost' },
    );
    const elsewhere = await startChat(
      t.app,
      { sourcePage: 'https://www.example.org/hakeminen' },
      { host: 'localhost' },
    );
    const entries = await t.database.db
      .selectFrom('conversations')
      .select(['id', 'entry_point', 'entry_guide_key'])
      .where('id', 'in', [onGuide.conversationId, elsewhere.conversationId])
      .execute();
    const byId = new Map(entries.map((e) => [e.id, e]));
    expect(byId.get(onGuide.conversationId)).toMatchObject({
      entry_point: 'guide',
      entry_guide_key: 'oppisopimus',
    });
    expect(byId.get(elsewhere.conversationId)).toMatchObject({
      entry_point: 'external',
      entry_guide_key: null,
    });
  });

  it('suggests guides, programmes and canned responses to the counsellor, and sends a guide as a card', async () => {
    const chat = await startChat(t.app, {});
    const post = (url: string, payload: object, headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url, payload, headers });
    expect(
      (await post(`/api/v1/inbox/conversations/${chat.conversationId}/accept`, {}, { cookie: mikko.cookie }))
        .statusCode,
    ).toBe(200);
    // The visitor's line (the widget sends it over its socket).
    await appendMessage(t.database.db, {
      conversationId: chat.conversationId,
      kind: 'message',
      authorType: 'client',
      body: 'Miten oppisopimus toimii, jos olen jo töissä?',
      clientMsgId: 'client-0001',
    });
    const suggested = await t.app.inject({
      method: 'GET',
      url: `/api/v1/inbox/conversations/${chat.conversationId}/suggestions`,
      headers: { cookie: mikko.cookie },
    });
    expect(suggested.statusCode, suggested.body).toBe(200);
    const body = suggested.json();
    expect(body.lang).toBe('fi');
    expect(body.basedOnSeq).toBeGreaterThan(0);
    expect(body.guides.map((g: Card) => g.id)).toContain('oppisopimus');

    const sent = await post(
      `/api/v1/inbox/conversations/${chat.conversationId}/messages`,
      { clientMsgId: 'staff-card-01', body: '', card: { type: 'article', id: 'oppisopimus' } },
      { cookie: mikko.cookie },
    );
    expect(sent.statusCode, sent.body).toBe(200);
    const visitor = await t.app.inject({
      method: 'GET',
      url: `/api/v1/chat/conversations/${chat.conversationId}`,
      headers: { 'x-conversation-secret': chat.secret },
    });
    const card = visitor.json().messages.find((m: { card?: Card }) => m.card)?.card;
    expect(card).toMatchObject({ type: 'article', url: expect.stringMatching(/^\/fi\/ohjeet\//) });
    expect(card.title.length).toBeGreaterThan(3);

    // Only this service's own published guides and active programmes.
    for (const bad of [
      { type: 'article', id: 'no-such-guide' },
      { type: 'program', id: '00000000-0000-4000-8000-000000000000' },
    ]) {
      const refused = await post(
        `/api/v1/inbox/conversations/${chat.conversationId}/messages`,
        { clientMsgId: `staff-bad-${bad.type}`, body: 'Katso tämä', card: bad },
        { cookie: mikko.cookie },
      );
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.code).toBe('card.unknown');
    }
    const otherSite = await post(
      `/api/v1/inbox/conversations/${chat.conversationId}/messages`,
      { clientMsgId: 'staff-bad-type', body: 'x', card: { type: 'url', id: 'https://evil.example' } },
      { cookie: mikko.cookie },
    );
    expect(otherSite.statusCode).toBe(400);
  });

  it('puts a card into an email reply as a link', async () => {
    const { conversation } = await openConversation(t.database.db, {
      channel: 'email',
      status: 'active',
      client: { email: 'aino@example.test', consent: true, language: 'fi' },
      organisationId: mikko.staff.organisation_id,
      assignedStaffId: mikko.staff.id,
      topic: 'applying',
      language: 'fi',
      subject: 'Oppisopimus',
      first: { kind: 'message', authorType: 'client', body: 'Miten oppisopimus toimii?' },
    });
    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/conversations/${conversation.id}/messages`,
      headers: { cookie: mikko.cookie },
      payload: {
        clientMsgId: 'staff-mail-card',
        body: 'Tässä ohje.',
        card: { type: 'program', id: programmeId },
      },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const mail = await t.database.db
      .selectFrom('outgoing_mail')
      .select(['text_body', 'html_body'])
      .where('conversation_id', '=', conversation.id)
      .executeTakeFirstOrThrow();
    expect(mail.text_body).toMatch(new RegExp(`https?://[^\\s]+/fi/koulutukset/${programmeId}`));
    expect(mail.html_body).toMatch(new RegExp(`<a href="https?://[^"]+/fi/koulutukset/${programmeId}">`));
    expect(mail.text_body.indexOf('Tässä ohje.')).toBeLessThan(mail.text_body.indexOf(programmeId));
  });

  it('forgets logged questions after 90 days and outcome counts after a year', async () => {
    await t.database.db
      .insertInto('search_queries')
      .values([
        {
          source: 'site',
          lang: 'fi',
          query: 'vanha haku',
          results: 0,
          created_at: new Date(Date.now() - 91 * 86_400_000),
        },
        {
          source: 'site',
          lang: 'fi',
          query: 'tuore haku',
          results: 0,
          created_at: new Date(Date.now() - 89 * 86_400_000),
        },
      ])
      .execute();
    await t.database.db
      .insertInto('self_help_outcomes')
      .values({
        lang: 'fi',
        entry: 'front',
        outcome: 'chat',
        created_at: new Date(Date.now() - 366 * 86_400_000),
      })
      .execute();
    expect(await purgeSelfHelpData(t.database.db)).toEqual({ searches: 1, outcomes: 1 });
    const left = (await rows('search_queries')).map((r) => r.query);
    expect(left).toContain('tuore haku');
    expect(left).not.toContain('vanha haku');
  });
});
