import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectError, invalidFields } from '../../test/http-helpers.js';
import { useOrganisation, useSignedIn, useTestApp } from '../../test/test-app.js';
import type { ContactLogEntry } from './contact-log.service.js';

/** An incoming phone call logged through the quick contact log: a phone conversation everywhere. */
describe('an incoming call in the contact log', () => {
  const t = useTestApp();
  const provider = useOrganisation(t, { slug: 'rannikko', name_fi: 'Rannikon opisto (demo)' });
  const mikko = useSignedIn(t, () => ({ organisation_id: provider.id, languages: ['fi', 'ar'] }));
  const admin = useSignedIn(t, { role: 'admin' });

  const post = (payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/contact-log', headers: { cookie: mikko.cookie }, payload });
  const call = (extra: object = {}) => ({
    clientRef: randomUUID(),
    channel: 'phone',
    topics: ['financing'],
    language: 'ar',
    outcome: 'answered',
    ageBand: '35_44',
    situation: 'new_in_finland',
    ...extra,
  });
  const day = (offset: number) =>
    new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(
      Date.now() + offset * 86_400_000,
    );
  const channels = async () => {
    const report = await t.app.inject({
      url: `/api/v1/reports?from=${day(-1)}&to=${day(1)}`,
      headers: { cookie: admin.cookie },
    });
    return Object.fromEntries(
      (report.json().byChannel as { key: string; count: number }[]).map((c) => [c.key, c.count]),
    );
  };

  it('is stored and counted as a phone conversation, with its group, and listed as a call', async () => {
    const before = await channels();
    const logged = await post(call());
    expect(logged.statusCode, logged.body).toBe(201);
    const row = await t.database.db
      .selectFrom('conversations')
      .select(['channel', 'status', 'language', 'client_age_band', 'client_situation', 'event_id', 'topic'])
      .where('id', '=', logged.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      channel: 'phone',
      status: 'closed',
      language: 'ar',
      client_age_band: '35_44',
      client_situation: 'new_in_finland',
      event_id: null,
      topic: 'financing',
    });
    expect(await channels()).toEqual({ ...before, phone: (before.phone ?? 0) + 1 });
    const context = await t.app.inject({
      url: '/api/v1/contact-log/context',
      headers: { cookie: mikko.cookie },
    });
    const today = context.json().today.items as ContactLogEntry[];
    expect(today[0]).toMatchObject({ channel: 'phone', eventTitle: null, topics: ['financing'] });
  });

  it('asks for a call back as a waiting phone conversation, and is refused at an event', async () => {
    const followed = await post(call({ followUp: { consent: true, email: '', phone: '040 123 4567' } }));
    expect(followed.json()).toMatchObject({ status: 'waiting' });
    const row = await t.database.db
      .selectFrom('conversations')
      .select(['channel', 'status'])
      .where('id', '=', followed.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: 'phone', status: 'waiting' });

    const refused = expectError(await post(call({ eventId: randomUUID() })), 400, 'request.invalid');
    expect(invalidFields(refused)).toEqual(['eventId']);
    expectError(await post(call({ channel: 'video' })), 400, 'request.invalid');
  });
});
