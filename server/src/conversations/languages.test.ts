import { describe, expect, it } from 'vitest';
import { hoursEveryDay } from '../test/booking-helpers.js';
import { openAllDay, setAvailable, startChat } from '../test/chat-helpers.js';
import { expectError } from '../test/http-helpers.js';
import { useOrganisation, useSignedIn, useStaff, useTestApp } from '../test/test-app.js';
import { ownLanguageName, uiLanguageOf } from './languages.js';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('language names and the language of texts', () => {
  it('names each language in itself, and writes to others in English', () => {
    expect(['ar', 'uk', 'ru', 'so', 'fi', 'sv'].map(ownLanguageName)).toEqual([
      'العربية',
      'українська',
      'русский',
      'Soomaali',
      'suomi',
      'svenska',
    ]);
    expect(uiLanguageOf('sv')).toBe('sv');
    expect(uiLanguageOf('ar')).toBe('en');
    expect(uiLanguageOf(null)).toBe('en');
  });
});

/** Guidance in the client's own language: what counsellors list decides what clients may choose. */
describe('languages of guidance', () => {
  const t = useTestApp({ MAIL_DOMAIN: 'opintori.test' });
  const provider = useOrganisation(t, { slug: 'jokivarsi', name_fi: 'Jokivarren opisto (demo)' });
  const admin = useSignedIn(t, { role: 'admin' });
  // Aino is the least busy, but only Leila speaks Arabic.
  const aino = useSignedIn(t, () => ({
    name: 'Aino (demo)',
    organisation_id: provider.id,
    languages: ['fi'],
  }));
  const leila = useSignedIn(t, () => ({
    name: 'Leila (demo)',
    organisation_id: provider.id,
    languages: ['fi', 'ar'],
  }));
  // Olena speaks Ukrainian and Russian but is not on duty; a deactivated counsellor's Somali is not offered.
  useStaff(t, () => ({ organisation_id: provider.id, languages: ['uk', 'ru'] }));
  useStaff(t, () => ({ organisation_id: provider.id, languages: ['so'], is_active: false }));

  const status = async () => (await t.app.inject({ url: '/api/v1/chat/status' })).json();

  it('offers the languages active counsellors list, in their own names, saying who is on duty', async () => {
    await openAllDay(t.app, admin.cookie);
    const auto = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/chat/settings',
      headers: { cookie: admin.cookie },
      payload: { assignment: 'auto', maxWaitSeconds: 120 },
    });
    expect(auto.statusCode, auto.body).toBe(200);
    await setAvailable(t.app, aino.cookie, 3);
    await setAvailable(t.app, leila.cookie, 3);
    const { languages } = await status();
    expect(
      languages.map(({ code, name, onDuty }: Record<string, unknown>) => ({ code, name, onDuty })),
    ).toEqual([
      { code: 'fi', name: 'suomi', onDuty: true },
      { code: 'ar', name: 'العربية', onDuty: true },
      { code: 'ru', name: 'русский', onDuty: false },
      { code: 'uk', name: 'українська', onDuty: false },
    ]);
    // A chat in Finnish is shared by both; one in Arabic waits for Leila alone.
    const wait = (code: string) =>
      languages.find((l: { code: string }) => l.code === code).estimatedWaitSeconds as number | null;
    expect(wait('ar')).toBeGreaterThanOrEqual(wait('fi')!);
    expect(wait('ru')).toBeNull();
    const listed = (await t.app.inject({ url: '/api/v1/languages' })).json();
    expect(listed.items.map((l: { code: string }) => l.code)).toEqual(['fi', 'ar', 'ru', 'uk']);
  });

  it('routes an Arabic chat to the counsellor who speaks Arabic, and refuses a language nobody speaks', async () => {
    const arabic = await startChat(t.app, { language: 'ar', topic: 'immigrants' });
    const row = await t.database.db
      .selectFrom('conversations')
      .select(['assigned_staff_id', 'language'])
      .where('id', '=', arabic.conversationId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ assigned_staff_id: leila.id, language: 'ar' });

    const before = await t.database.db
      .selectFrom('conversations')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const refused = expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/chat/conversations',
        payload: { topic: 'applying', language: 'so' },
      }),
      400,
      'language.not_offered',
    );
    expect(refused.error.details).toEqual({ field: 'language', allowed: ['fi', 'ar', 'ru', 'uk'] });
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/chat/conversations',
        payload: { topic: 'applying', language: 'Arabic' },
      }),
      400,
      'request.invalid',
    );
    const after = await t.database.db
      .selectFrom('conversations')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('a message and a call-back ask for an answer in Arabic; the confirmation stays in the form’s language', async () => {
    const message = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contact/messages',
      payload: {
        lang: 'fi',
        language: 'ar',
        email: 'demo.arabia@example.invalid',
        topic: 'immigrants',
        consent: true,
        message: 'مرحبا، أريد أن أدرس في فنلندا',
      },
    });
    expect(message.statusCode, message.body).toBe(201);
    const stored = await t.database.db
      .selectFrom('conversations as c')
      .innerJoin('clients as cl', 'cl.id', 'c.client_id')
      .select(['c.language', 'cl.preferred_language'])
      .where('c.id', '=', message.json().conversationId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ language: 'ar', preferred_language: 'fi' });
    const mail = await t.database.db
      .selectFrom('outgoing_mail')
      .select('subject')
      .where('conversation_id', '=', message.json().conversationId)
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Viestisi on vastaanotettu – OpinTori');

    // The widget's "leave a message" too: answered in Arabic, confirmed in the widget's language.
    const left = await t.app.inject({
      method: 'POST',
      url: '/api/v1/chat/offline',
      payload: {
        kind: 'message',
        topic: 'immigrants',
        language: 'ar',
        lang: 'sv',
        email: 'demo.widget@example.invalid',
        message: 'مرحبا',
        consent: true,
      },
    });
    expect(left.statusCode, left.body).toBe(201);
    const offline = await t.database.db
      .selectFrom('conversations as c')
      .innerJoin('outgoing_mail as m', 'm.conversation_id', 'c.id')
      .select(['c.language', 'm.subject'])
      .where('c.id', '=', left.json().conversationId)
      .executeTakeFirstOrThrow();
    expect(offline.language).toBe('ar');
    expect(offline.subject).not.toBe(mail.subject);

    const refused = expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/contact/callbacks',
        payload: {
          lang: 'fi',
          language: 'de',
          phone: '040 123 4567',
          consent: true,
          window: { date: inDays(2), from: '10:00', to: '12:00' },
        },
      }),
      400,
      'language.not_offered',
    );
    expect(refused.error.details?.allowed).toEqual(['fi', 'ar', 'ru', 'uk']);
  });

  it('books a time with an Arabic-speaking counsellor only, mailing in the page’s language', async () => {
    for (const who of [aino, leila]) {
      const hours = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/availability/me',
        headers: { cookie: who.cookie },
        payload: hoursEveryDay(
          ['video'],
          { start: '08:00', end: '20:00' },
          { slotMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 0, horizonDays: 14 },
        ),
      });
      expect(hours.statusCode, hours.body).toBe(200);
    }
    const slots = (
      await t.app.inject({ url: '/api/v1/booking/slots?channel=video&language=ar&days=14' })
    ).json().slots as { start: string }[];
    expect(slots.length).toBeGreaterThan(0);
    const booked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/booking/appointments',
      payload: {
        channel: 'video',
        start: slots[0]!.start,
        language: 'ar',
        lang: 'sv',
        topic: 'immigrants',
        name: 'Demo Asiakas',
        email: 'demo.bokning@example.invalid',
        consent: true,
      },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const row = await t.database.db
      .selectFrom('appointments as a')
      .innerJoin('conversations as c', 'c.id', 'a.conversation_id')
      .select(['a.staff_id', 'c.language'])
      .where('a.id', '=', booked.json().appointmentId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ staff_id: leila.id, language: 'ar' });
    const subjects = await t.database.db
      .selectFrom('outgoing_mail')
      .select('subject')
      .where('conversation_id', '=', booked.json().conversationId)
      .execute();
    expect(subjects.map((s) => s.subject).join(' ')).toMatch(/bokning|Bokad|tid/i);
    expectError(
      await t.app.inject({ url: '/api/v1/booking/slots?channel=video&language=de&days=14' }),
      400,
      'language.not_offered',
    );
  });
});
