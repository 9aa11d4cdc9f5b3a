import { describe, expect, it } from 'vitest';
import { expectError, invalidFields } from '../../test/http-helpers.js';
import { createAppOn, useSignedIn, useTestApp } from '../../test/test-app.js';
import type { InboxListItem } from '../inbox/inbox.types.js';

const DAY_MS = 86_400_000;

describe('POST /api/v1/contact/accessibility-feedback', () => {
  const t = useTestApp({ PUBLIC_URL: 'https://opintori.example', MAIL_DOMAIN: 'opintori.test' });
  const counsellor = useSignedIn(t, { role: 'counsellor' });

  const send = (payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/contact/accessibility-feedback',
      payload: { lang: 'fi', ...payload },
    });
  const conversationRow = (id: string) =>
    t.database.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const mailsOf = (id: string) =>
    t.database.db.selectFrom('outgoing_mail').selectAll().where('conversation_id', '=', id).execute();

  it('opens an inbox conversation about accessibility, due in 14 days, and confirms to the address given', async () => {
    const before = Date.now();
    const created = await send({
      page: 'Koulutusluettelon hakusivu',
      problem: 'Suodattimien valintaruuduilla ei ole nimeä ruudunlukijalle.',
      email: 'palaute@example.fi',
      consent: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().conversationId as string;

    const row = await conversationRow(id);
    expect(row).toMatchObject({
      channel: 'email',
      status: 'queued',
      topic: 'accessibility',
      language: 'fi',
      subject: 'Koulutusluettelon hakusivu',
      organisation_id: null,
    });
    expect(row.details).toMatchObject({
      origin: 'accessibility_form',
      accessibility: { page: 'Koulutusluettelon hakusivu' },
    });
    const due = row.due_at!.getTime();
    expect(due).toBeGreaterThanOrEqual(before + 14 * DAY_MS - 1000);
    expect(due).toBeLessThanOrEqual(Date.now() + 14 * DAY_MS + 1000);

    // In the shared inbox with its topic and due date, and the page in the conversation's context.
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/inbox/conversations?topic=accessibility',
      headers: { cookie: counsellor.cookie },
    });
    expect(list.statusCode).toBe(200);
    const item = (list.json().items as InboxListItem[]).find((i) => i.id === id);
    expect(item).toMatchObject({
      topic: 'accessibility',
      origin: 'accessibility_form',
      clientEmail: 'palaute@example.fi',
      dueAt: row.due_at!.toISOString(),
    });
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/v1/inbox/conversations/${id}`,
      headers: { cookie: counsellor.cookie },
    });
    expect(detail.json().context).toMatchObject({
      accessibility: { page: 'Koulutusluettelon hakusivu' },
      dueAt: row.due_at!.toISOString(),
    });
    expect(detail.json().messages[0]).toMatchObject({
      author: 'client',
      body: 'Suodattimien valintaruuduilla ei ole nimeä ruudunlukijalle.',
    });

    const [mail, ...others] = await mailsOf(id);
    expect(others).toEqual([]);
    expect(mail).toMatchObject({
      kind: 'accessibility_confirmation',
      to_address: 'palaute@example.fi',
      subject: 'Saavutettavuuspalautteesi on vastaanotettu – OpinTori',
      auto_submitted: 'auto-replied',
    });
    expect(mail!.text_body).toContain('14 päivän kuluessa');
    expect(mail!.text_body).toContain('> Suodattimien valintaruuduilla');
    expect(mail!.text_body).toContain('Tietosuojaseloste: https://opintori.example/fi/tietosuoja');
    expect(mail!.text_body).toContain('https://opintori.example/fi/saavutettavuus');
    expect(mail!.html_body).toContain('<a href="https://opintori.example/fi/tietosuoja"');
  });

  it('answers in the person’s language', async () => {
    const created = await send({
      lang: 'sv',
      page: 'Chattfönstret',
      problem: 'Fokus hoppar till början.',
      email: 'respons@example.fi',
      consent: true,
    });
    expect(created.statusCode).toBe(201);
    const [mail] = await mailsOf(created.json().conversationId);
    expect(mail!.subject).toBe('Din respons om tillgängligheten har tagits emot – OpinTori');
    expect(mail!.text_body).toContain('inom 14 dagar');
    expect(mail!.text_body).toContain('Dataskyddsbeskrivning: https://opintori.example/sv/dataskydd');
  });

  it('keeps nothing about a person who leaves no address, and sends nothing', async () => {
    const created = await send({ page: 'Etusivu', problem: 'Kontrasti on liian heikko.' });
    expect(created.statusCode).toBe(201);
    const row = await conversationRow(created.json().conversationId);
    expect(row.client_id).toBeNull();
    expect(row.topic).toBe('accessibility');
    expect(await mailsOf(row.id)).toEqual([]);
  });

  it('refuses bad input field by field with 400, never a server error', async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ page: '', problem: 'Ongelma.' }, ['page']],
      [{ page: '   ', problem: '' }, ['page', 'problem']],
      [{ page: 'Etusivu', problem: 'x'.repeat(4001) }, ['problem']],
      [{ page: 'x'.repeat(301), problem: 'Ongelma.' }, ['page']],
      [{ page: 'Etu\u0000sivu', problem: 'Ongelma.' }, ['page']],
      [{ page: 'Etusivu', problem: 'Ongelma.', email: 'ei-osoite' }, ['email', 'consent']],
      [{ page: 'Etusivu', problem: 'Ongelma.', email: 'a@example.fi' }, ['consent']],
      [{ page: 'Etusivu', problem: 'Ongelma.', email: 'a@example.fi', consent: 'yes' }, ['consent']],
      [{ page: 'Etusivu', problem: 'Ongelma.', lang: 'de' }, ['lang']],
      [{ page: ['Etusivu'], problem: { text: 'x' } }, ['page', 'problem']],
    ];
    for (const [payload, fields] of cases) {
      const body = expectError(await send(payload), 400, 'request.invalid');
      expect(invalidFields(body).sort(), JSON.stringify(payload)).toEqual(fields.sort());
    }
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contact/accessibility-feedback',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'page=Etusivu&problem=x',
    });
    expect(notJson.statusCode).toBeGreaterThanOrEqual(400);
    expect(notJson.statusCode).toBeLessThan(500);
  });

  it('is limited per address like the other public forms', async () => {
    const limited = await createAppOn(t.database, { CONTACT_LIMIT_PER_HOUR: '2' });
    try {
      const post = () =>
        limited.inject({
          method: 'POST',
          url: '/api/v1/contact/accessibility-feedback',
          payload: { page: 'Etusivu', problem: 'Ongelma.' },
          remoteAddress: '203.0.113.7',
        });
      expect((await post()).statusCode).toBe(201);
      expect((await post()).statusCode).toBe(201);
      expectError(await post(), 429, 'request.rate_limited');
    } finally {
      await limited.close();
    }
  });
});
