import { beforeAll, describe, expect, it } from 'vitest';
import { expectError, invalidFields } from '../../test/http-helpers.js';
import { openAllDay, setAvailable, startChat } from '../../test/chat-helpers.js';
import { useTestApp, useOrganisation, useSignedIn } from '../../test/test-app.js';
import { helsinkiInstant } from '../../shared/helsinki-time.js';
import type { InboxListItem } from './inbox.types.js';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('unified inbox and call-backs', () => {
  const t = useTestApp({ MAIL_DOMAIN: 'opintori.test' });
  const provider = useOrganisation(t, { slug: 'rannikko', name_fi: 'Rannikon opisto (demo)' });
  const other = useOrganisation(t, { slug: 'joki', name_fi: 'Joen opisto (demo)' });
  const admin = useSignedIn(t, { role: 'admin' });
  const mikko = useSignedIn(t, () => ({ name: 'Mikko Haapala', organisation_id: provider.id }));
  const leila = useSignedIn(t, () => ({
    name: 'Leila Haddad',
    organisation_id: other.id,
    languages: ['fi', 'sv'],
  }));

  beforeAll(() => openAllDay(t.app, admin.cookie));

  const inject = (method: 'GET' | 'POST', url: string, cookie?: string, payload?: object) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
  const list = async (cookie: string, query = '') => {
    const response = await inject('GET', `/api/v1/inbox/conversations${query}`, cookie);
    expect(response.statusCode).toBe(200);
    return response.json<{ items: InboxListItem[]; total: number }>();
  };
  const message = (body: Record<string, unknown>) =>
    inject('POST', '/api/v1/contact/messages', undefined, {
      lang: 'fi',
      topic: 'financing',
      consent: true,
      ...body,
    });
  const callback = (body: Record<string, unknown>) =>
    inject('POST', '/api/v1/contact/callbacks', undefined, {
      lang: 'fi',
      topic: 'applying',
      consent: true,
      window: { date: inDays(3), from: '10:00', to: '12:00' },
      ...body,
    });

  it('validates call-back requests: phone numbers in every usual form, clear codes for the rest', async () => {
    for (const [phone, code] of [
      ['040 12a 4567', 'phone.invalid_characters'],
      ['040 12', 'phone.wrong_length'],
      ['12345678', 'phone.country_code_missing'],
      ['', 'phone.missing'],
    ] as const) {
      const body = expectError(await callback({ phone }), 400, 'request.invalid');
      expect(body.error.details?.fields).toEqual([{ field: 'phone', message: code }]);
    }
    const past = expectError(
      await callback({ phone: '0401234567', window: { date: inDays(-2), from: '10:00', to: '12:00' } }),
      400,
      'request.invalid',
    );
    expect(invalidFields(past)).toEqual(['window.date']);
    const reversed = expectError(
      await callback({ phone: '0401234567', window: { date: inDays(2), from: '12:00', to: '10:00' } }),
      400,
      'request.invalid',
    );
    expect(invalidFields(reversed)).toEqual(['window.to']);
    expectError(await callback({ phone: '0401234567', consent: false }), 400, 'request.invalid');

    const created = await callback({ phone: '+358 (40) 123-4567', name: 'Raimo', note: 'Iltapäivä sopii' });
    expect(created.statusCode).toBe(201);
    const row = await t.database.db
      .selectFrom('conversations as c')
      .innerJoin('clients as cl', 'cl.id', 'c.client_id')
      .select(['c.channel', 'c.status', 'c.due_at', 'cl.phone'])
      .where('c.id', '=', created.json().conversationId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'phone', status: 'queued', phone: '+358401234567' });
    expect(row.due_at!.toISOString()).toBe(helsinkiInstant(inDays(3), '10:00').toISOString());
  });

  it('finds the Helsinki instant right across the daylight-saving changes', () => {
    expect(helsinkiInstant('2026-03-28', '10:00').toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(helsinkiInstant('2026-03-29', '10:00').toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(helsinkiInstant('2026-10-24', '09:30').toISOString()).toBe('2026-10-24T06:30:00.000Z');
    expect(helsinkiInstant('2026-10-25', '09:30').toISOString()).toBe('2026-10-25T07:30:00.000Z');
  });

  it('queues call-backs by time window; a counsellor claims one, logs no answer with a retry, then reached', async () => {
    const later = (
      await callback({ phone: '0407654321', window: { date: inDays(5), from: '09:00', to: '10:00' } })
    ).json().conversationId;
    const sooner = (
      await callback({
        phone: '0501112222',
        provider: 'rannikko',
        window: { date: inDays(1), from: '14:00', to: '15:00' },
      })
    ).json().conversationId;
    const queue = await list(mikko.cookie, '?channel=phone&sort=due');
    const ids = queue.items.map((i) => i.id);
    expect(ids.indexOf(sooner)).toBeLessThan(ids.indexOf(later));
    expect(queue.items.find((i) => i.id === sooner)).toMatchObject({
      channel: 'phone',
      clientPhone: '+358501112222',
      callback: { window: { from: '14:00', to: '15:00' }, attempts: [] },
    });
    // Another provider's request is not Leila's to see.
    expect((await list(leila.cookie, '?channel=phone')).items.map((i) => i.id)).not.toContain(sooner);

    expectError(
      await inject('POST', `/api/v1/inbox/conversations/${sooner}/call-outcome`, mikko.cookie, {
        outcome: 'reached',
      }),
      403,
      'conversation.not_assigned',
    );
    expect(
      (await inject('POST', `/api/v1/inbox/conversations/${sooner}/claim`, mikko.cookie)).statusCode,
    ).toBe(200);
    expectError(
      await inject('POST', `/api/v1/inbox/conversations/${sooner}/claim`, leila.cookie),
      404,
      'conversation.not_found',
    );
    const noRetry = expectError(
      await inject('POST', `/api/v1/inbox/conversations/${sooner}/call-outcome`, mikko.cookie, {
        outcome: 'no_answer',
      }),
      400,
      'request.invalid',
    );
    expect(invalidFields(noRetry)).toEqual(['retryAt']);
    const retryAt = new Date(Date.now() + 2 * 3_600_000).toISOString();
    const tried = await inject('POST', `/api/v1/inbox/conversations/${sooner}/call-outcome`, mikko.cookie, {
      outcome: 'no_answer',
      retryAt,
      note: 'Vastaaja',
    });
    expect(tried.json()).toMatchObject({ status: 'waiting', dueAt: retryAt });
    const afterTry = (await list(mikko.cookie, '?channel=phone&assigned=me')).items.find(
      (i) => i.id === sooner,
    )!;
    expect(afterTry.dueAt).toBe(retryAt);
    expect(afterTry.callback!.attempts).toMatchObject([{ outcome: 'no_answer', retryAt, note: 'Vastaaja' }]);

    const reached = await inject('POST', `/api/v1/inbox/conversations/${sooner}/call-outcome`, mikko.cookie, {
      outcome: 'reached',
      note: 'Neuvottu jatkuvasta hausta',
    });
    expect(reached.json().status).toBe('closed');
    const detail = (await inject('GET', `/api/v1/inbox/conversations/${sooner}`, mikko.cookie)).json();
    expect(detail.conversation).toMatchObject({ status: 'closed', outcome: 'answered' });
    expect(detail.context.callback.attempts.map((a: { outcome: string }) => a.outcome)).toEqual([
      'no_answer',
      'reached',
    ]);
    expect(detail.messages.filter((m: { eventType: string }) => m.eventType === 'call_outcome')).toHaveLength(
      2,
    );
    expectError(
      await inject('POST', `/api/v1/inbox/conversations/${sooner}/call-outcome`, mikko.cookie, {
        outcome: 'done',
      }),
      409,
      'conversation.closed',
    );
  });

  it('lists every channel in one place with filters, indicators and search over what the counsellor may see', async () => {
    await setAvailable(t.app, leila.cookie);
    const chat = await startChat(t.app, { topic: 'financing', language: 'sv' });
    const shared = (
      await message({ email: 'aada@example.net', message: 'Miten opintotuki haetaan Kelasta?' })
    ).json().conversationId;
    const forProvider = (
      await message({
        email: 'eero@example.net',
        provider: 'rannikko',
        message: 'Onko hitsauksen koulutus maksuton?',
      })
    ).json().conversationId;

    const all = await list(admin.cookie, '?limit=100');
    const channels = new Set(all.items.map((i) => i.channel));
    expect([...channels].sort()).toEqual(expect.arrayContaining(['chat', 'email', 'phone']));
    const item = all.items.find((i) => i.id === shared)!;
    expect(item).toMatchObject({
      channel: 'email',
      status: 'queued',
      clientEmail: 'aada@example.net',
      preview: 'Miten opintotuki haetaan Kelasta?',
      firstResponseSeconds: null,
      origin: 'contact_form',
    });
    expect(Date.parse(item.waitingSince!)).toBeGreaterThan(Date.now() - 60_000);

    // Leila (another provider) sees the shared queue but not Rannikko's mail.
    const leilas = (await list(leila.cookie, '?limit=100')).items.map((i) => i.id);
    expect(leilas).toContain(shared);
    expect(leilas).not.toContain(forProvider);
    expect(leilas).toContain(chat.conversationId);

    // Filters.
    expect((await list(admin.cookie, '?channel=chat')).items.every((i) => i.channel === 'chat')).toBe(true);
    expect((await list(admin.cookie, '?language=sv')).items.map((i) => i.id)).toEqual([chat.conversationId]);
    expect(
      (await list(admin.cookie, `?provider=${provider.id}&channel=email`)).items.map((i) => i.id),
    ).toEqual([forProvider]);

    // Full text over message bodies, by word prefix; and by the client's address.
    expect((await list(admin.cookie, '?q=opintotu')).items.map((i) => i.id)).toEqual([shared]);
    expect((await list(admin.cookie, '?q=opintotukea')).items.map((i) => i.id)).toEqual([shared]);
    expect((await list(admin.cookie, '?q=040%20765%204321')).items.map((i) => i.channel)).toEqual(['phone']);
    expect((await list(admin.cookie, '?q=HITSAUKSEN%20koulutus')).items.map((i) => i.id)).toEqual([
      forProvider,
    ]);
    expect((await list(leila.cookie, '?q=hitsauksen')).items).toEqual([]);
    expect((await list(admin.cookie, '?q=eero%40example')).items.map((i) => i.id)).toEqual([forProvider]);
    expect((await list(admin.cookie, '?q=%25%25%25')).total).toBe(0);

    // Claimed and answered: assigned to me, first response measured, no longer waiting.
    await inject('POST', `/api/v1/inbox/conversations/${forProvider}/claim`, mikko.cookie);
    await inject('POST', `/api/v1/inbox/conversations/${forProvider}/messages`, mikko.cookie, {
      clientMsgId: 'answer-0001',
      body: 'Kyllä, jatkuvan haun koulutus on maksuton.',
    });
    const mine = await list(mikko.cookie, '?assigned=me&channel=email');
    expect(mine.items.map((i) => i.id)).toEqual([forProvider]);
    expect(mine.items[0]).toMatchObject({ status: 'waiting', waitingSince: null, assignedStaffId: mikko.id });
    expect(mine.items[0]!.firstResponseSeconds).toBeGreaterThanOrEqual(0);
    expect(
      (await list(admin.cookie, '?assigned=unassigned&channel=email')).items.map((i) => i.id),
    ).not.toContain(forProvider);

    // Nonsense filters fall back to the defaults rather than failing.
    expect((await list(admin.cookie, '?status=bogus&sort=sideways&limit=9999')).items.length).toBeGreaterThan(
      0,
    );
    expectError(await inject('GET', '/api/v1/inbox/conversations'), 401, 'auth.unauthenticated');
  });

  it('closes in bulk what the counsellor may close and reports the rest', async () => {
    const mine = (await message({ email: 'b1@example.net', provider: 'rannikko', message: 'Yksi' })).json()
      .conversationId;
    const sharedQueued = (await message({ email: 'b2@example.net', message: 'Kaksi' })).json().conversationId;
    const othersOwn = (await message({ email: 'b3@example.net', provider: 'joki', message: 'Kolme' })).json()
      .conversationId;
    await inject('POST', `/api/v1/inbox/conversations/${othersOwn}/claim`, leila.cookie);
    await inject('POST', `/api/v1/inbox/conversations/${mine}/claim`, mikko.cookie);

    expectError(
      await inject('POST', '/api/v1/inbox/bulk-close', mikko.cookie, { ids: [], outcome: 'answered' }),
      400,
      'request.invalid',
    );
    const result = await inject('POST', '/api/v1/inbox/bulk-close', mikko.cookie, {
      ids: [mine, sharedQueued, othersOwn, mine],
      outcome: 'no_answer_needed',
    });
    expect(result.statusCode).toBe(200);
    expect(result.json()).toEqual({
      closed: [mine, sharedQueued],
      refused: [{ id: othersOwn, code: 'conversation.not_found' }],
    });
    const again = await inject('POST', '/api/v1/inbox/bulk-close', mikko.cookie, {
      ids: [mine],
      outcome: 'answered',
    });
    expect(again.json().refused).toEqual([{ id: mine, code: 'conversation.closed' }]);
    const closed = await list(admin.cookie, '?status=closed&channel=email&limit=100');
    expect(closed.items.map((i) => i.id)).toEqual(expect.arrayContaining([mine, sharedQueued]));
    expect(closed.items.map((i) => i.id)).not.toContain(othersOwn);
  });
});
