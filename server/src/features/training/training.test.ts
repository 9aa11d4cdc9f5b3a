import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { answeredChat, inboxAction, openAllDay, setAvailable } from '../../test/chat-helpers.js';
import { countRows } from '../../test/factories.js';
import { expectError } from '../../test/http-helpers.js';
import { signedIn, useOrganisation, useTestApp, type SignedIn } from '../../test/test-app.js';
import { scenario } from '../../test/training-helpers.js';
import type { Session } from './training.schema.js';

describe('counsellor training', () => {
  const t = useTestApp();
  const provider = useOrganisation(t, { slug: 'rannikko' });
  const other = useOrganisation(t, { slug: 'sisamaa' });
  let admin: SignedIn;
  let trainer: SignedIn;
  let mikko: SignedIn;
  let anna: SignedIn;
  let orgAdmin: SignedIn;
  let otherAdmin: SignedIn;
  let scenarioId: string;

  beforeAll(async () => {
    admin = await signedIn(t, { role: 'admin' });
    trainer = await signedIn(t, {
      organisation_id: provider.id,
      grants: ['trainer'],
      name: 'Tiina Kouluttaja',
    });
    mikko = await signedIn(t, { organisation_id: provider.id, languages: ['fi'], name: 'Mikko Uusi' });
    anna = await signedIn(t, { organisation_id: provider.id, languages: ['fi'] });
    orgAdmin = await signedIn(t, { role: 'org_admin', organisation_id: provider.id });
    otherAdmin = await signedIn(t, { role: 'org_admin', organisation_id: other.id });
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, cookie?: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      ...(cookie ? { headers: { cookie } } : {}),
      ...(payload ? { payload } : {}),
    });
  const say = (id: string, cookie: string, body: string, clientMsgId = randomUUID()) =>
    call('POST', `/api/v1/training/sessions/${id}/messages`, cookie, { body, clientMsgId });
  const start = async (cookie: string, body: object = { scenarioId }) => {
    const response = await call('POST', '/api/v1/training/sessions', cookie, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Session>();
  };

  it('lets trainers write a scenario, and refuses a script with a step that can never be reached', async () => {
    expectError(
      await call('POST', '/api/v1/training/scenarios', mikko.cookie, scenario()),
      403,
      'auth.forbidden',
    );
    const unreachable = expectError(
      await call(
        'POST',
        '/api/v1/training/scenarios',
        trainer.cookie,
        scenario({
          steps: [
            ...scenario().steps,
            { id: 'ghost', after: 'bye', keywords: ['x'], message: 'never' },
            { id: 'silent', after: 'opening', keywords: [], message: 'never either' },
          ],
        }),
      ),
      400,
      'practice.script_invalid',
    );
    const problems = (unreachable.error.details as { problems: { step: string; code: string }[] }).problems;
    expect(problems).toEqual([
      expect.objectContaining({ step: 'ghost', code: 'script.after_ending' }),
      expect.objectContaining({ step: 'silent', code: 'script.no_trigger' }),
    ]);
    expectError(
      await call('POST', '/api/v1/training/scenarios', trainer.cookie, scenario({ fallback: '' })),
      400,
      'practice.script_invalid',
    );
    expect(await countRows(t.database.db, 'practice_scenarios')).toBe(0);

    const created = await call('POST', '/api/v1/training/scenarios', trainer.cookie, scenario());
    expect(created.statusCode, created.body).toBe(201);
    scenarioId = created.json().id;
    const changed = await call(
      'PUT',
      `/api/v1/training/scenarios/${scenarioId}`,
      trainer.cookie,
      scenario({ title: 'Alanvaihtaja ja oppisopimus' }),
    );
    expect(changed.json()).toMatchObject({ title: 'Alanvaihtaja ja oppisopimus', steps: expect.any(Array) });
    // A refused change keeps what was stored.
    expectError(
      await call(
        'PUT',
        `/api/v1/training/scenarios/${scenarioId}`,
        trainer.cookie,
        scenario({ fallback: ' ' }),
      ),
      400,
      'practice.script_invalid',
    );
    expect((await call('GET', `/api/v1/training/scenarios/${scenarioId}`, admin.cookie)).json().title).toBe(
      'Alanvaihtaja ja oppisopimus',
    );
    // Counsellors see the scenario to practise on, not its script.
    expectError(
      await call('GET', `/api/v1/training/scenarios/${scenarioId}`, mikko.cookie),
      403,
      'auth.forbidden',
    );
    const listed = await call('GET', '/api/v1/training/scenarios?lang=fi', mikko.cookie);
    expect(listed.json().items).toEqual([
      expect.objectContaining({ id: scenarioId, personaName: 'Demo-Pekka', doneByMe: 0 }),
    ]);
  });

  it('plays the script: the follow-up chosen by keyword and by turn count, the fallback otherwise', async () => {
    const session = await start(mikko.cookie);
    expect(session).toMatchObject({ role: 'counsellor', mode: 'scripted', status: 'active' });
    expect(session.messages).toEqual([
      expect.objectContaining({
        seq: 1,
        author: 'client',
        body: 'Hei, voiko lähihoitajaksi opiskella töiden ohessa?',
      }),
    ]);

    // Nothing matches: the fallback; the second reply reaches the turn count.
    const first = await say(session.id, mikko.cookie, 'Hei ja tervetuloa!');
    expect(
      first.json().items.map((m: { author: string; step: string | null }) => [m.author, m.step]),
    ).toEqual([
      ['counsellor', null],
      ['client', 'fallback'],
    ]);
    const second = await say(session.id, mikko.cookie, 'Kerrotko vähän lisää tilanteestasi?');
    expect(second.json().items[1]).toMatchObject({
      step: 'nudge',
      body: 'Mietin siis, voinko pitää palkkani.',
    });

    // A new practice: the keyword fires at once; a repeated message id is not stored twice.
    const again = await start(mikko.cookie);
    const id = randomUUID();
    const answer = await say(
      again.id,
      mikko.cookie,
      'Oppisopimuksella opiskelet työpaikallasi palkalla.',
      id,
    );
    expect(answer.json().items[1]).toMatchObject({ author: 'client', step: 'work' });
    const repeated = await say(
      again.id,
      mikko.cookie,
      'Oppisopimuksella opiskelet työpaikallasi palkalla.',
      id,
    );
    expect(repeated.json().items.map((m: { seq: number }) => m.seq)).toEqual([2, 3]);
    await say(again.id, mikko.cookie, 'Voit hakea jatkuvassa haussa milloin vain.');
    const bye = await say(again.id, mikko.cookie, 'Kiitos itsellesi ja onnea opintoihin!');
    expect(bye.json().items[1]).toMatchObject({ step: 'bye', body: 'Kiitos, hei hei!' });
    // After the goodbye the client says nothing more.
    const after = await say(again.id, mikko.cookie, 'Oletko vielä siellä?');
    expect(after.json().items).toHaveLength(1);

    // Suggestions for the client's line, for the counsellor only.
    const suggestions = await call('GET', `/api/v1/training/sessions/${again.id}/suggestions`, mikko.cookie);
    expect(suggestions.statusCode, suggestions.body).toBe(200);
    expect(suggestions.json().lang).toBe('fi');
    expectError(
      await call('GET', `/api/v1/training/sessions/${again.id}/suggestions`, trainer.cookie),
      403,
      'practice.not_own',
    );

    const finished = await call('POST', `/api/v1/training/sessions/${again.id}/finish`, mikko.cookie);
    expect(finished.json().status).toBe('finished');
    expectError(await say(again.id, mikko.cookie, 'Vielä yksi'), 409, 'practice.finished');
  });

  it('never meets the real inbox: a practice id there is a 404, and the queue, reports and funder figures do not change', async () => {
    await openAllDay(t.app, admin.cookie);
    await setAvailable(t.app, anna.cookie);
    // One real contact, so that the figures are not all zero.
    const real = await answeredChat(t.app, anna.cookie, ['Hei, miten voin auttaa?']);
    expect(
      (await inboxAction(t.app, anna.cookie, real, 'close', { topic: 'applying', outcome: 'answered' }))
        .statusCode,
    ).toBe(200);

    const day = (offset: number) =>
      new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(
        Date.now() + offset * 86_400_000,
      );
    const [from, to] = [day(-1), day(1)];
    const figures = async () =>
      Promise.all([
        call('GET', `/api/v1/reports?from=${from}&to=${to}`, admin.cookie).then((r) => r.json()),
        call('GET', `/api/v1/reports/funder?from=${from}&to=${to}`, admin.cookie).then((r) => r.json()),
        call('GET', '/api/v1/inbox/queue', anna.cookie).then((r) => r.json()),
        call('GET', '/api/v1/inbox/conversations', admin.cookie).then((r) => r.json()),
      ]);
    const before = await figures();
    expect(before[0].totals.contacts).toBe(1);
    expect(before[2].items ?? before[2]).toEqual([]);
    const contacts = await countRows(t.database.db, 'conversations');

    const session = await start(anna.cookie);
    await say(session.id, anna.cookie, 'Oppisopimus sopisi sinulle.');
    await call('POST', `/api/v1/training/sessions/${session.id}/finish`, anna.cookie);

    expect(await figures()).toEqual(before);
    expect(await countRows(t.database.db, 'conversations')).toBe(contacts);
    expectError(
      await call('GET', `/api/v1/inbox/conversations/${session.id}`, admin.cookie),
      404,
      'conversation.not_found',
    );
    expectError(await inboxAction(t.app, anna.cookie, session.id, 'accept'), 404, 'conversation.not_found');
  });

  it('is reviewed: the counsellor assesses themselves, the trainer per criterion and message; others get 403', async () => {
    const session = await start(mikko.cookie);
    await say(session.id, mikko.cookie, 'Hei! Oppisopimus voisi sopia.');
    const self = {
      scores: { welcome_tone: { score: 3, comment: 'Tervehdin.' }, accuracy: { score: 2, comment: '' } },
      summary: 'Opin paljon.',
    };
    expectError(
      await call('PUT', `/api/v1/training/sessions/${session.id}/self-review`, mikko.cookie, self),
      409,
      'practice.not_finished',
    );
    await call('POST', `/api/v1/training/sessions/${session.id}/finish`, mikko.cookie);
    expectError(
      await call('PUT', `/api/v1/training/sessions/${session.id}/self-review`, mikko.cookie, {
        scores: { referral: { score: 3, comment: '' } },
      }),
      400,
      'practice.unknown_criterion',
    );
    expectError(
      await call('PUT', `/api/v1/training/sessions/${session.id}/self-review`, mikko.cookie, {
        scores: { accuracy: { score: 5, comment: '' } },
      }),
      400,
      'request.invalid',
    );
    const saved = await call(
      'PUT',
      `/api/v1/training/sessions/${session.id}/self-review`,
      mikko.cookie,
      self,
    );
    expect(saved.statusCode, saved.body).toBe(200);
    expectError(
      await call('PUT', `/api/v1/training/sessions/${session.id}/self-review`, trainer.cookie, self),
      403,
      'practice.not_own',
    );

    // The trainer finds it waiting for a review.
    const waiting = (await call('GET', '/api/v1/training/sessions', trainer.cookie)).json();
    expect(waiting.awaitingReview.map((s: { id: string }) => s.id)).toContain(session.id);
    const comment = await call('POST', `/api/v1/training/sessions/${session.id}/comments`, trainer.cookie, {
      seq: 2,
      body: 'Hyvä avaus, mutta kysy ensin tilanteesta.',
    });
    expect(comment.statusCode, comment.body).toBe(201);
    expectError(
      await call('POST', `/api/v1/training/sessions/${session.id}/comments`, trainer.cookie, {
        seq: 99,
        body: 'x',
      }),
      404,
      'practice.message_not_found',
    );
    expectError(
      await call('POST', `/api/v1/training/sessions/${session.id}/comments`, anna.cookie, {
        seq: 2,
        body: 'x',
      }),
      403,
      'auth.forbidden',
    );
    const review = await call('PUT', `/api/v1/training/sessions/${session.id}/review`, trainer.cookie, {
      scores: {
        welcome_tone: { score: 4, comment: 'Lämmin.' },
        accuracy: { score: 2, comment: 'Tarkista palkka.' },
      },
      summary: 'Hyvä alku.',
    });
    expect(review.statusCode, review.body).toBe(200);

    const seen = (await call('GET', `/api/v1/training/sessions/${session.id}`, mikko.cookie)).json<Session>();
    expect(seen.reviews.map((r) => [r.kind, r.scores.welcome_tone?.score])).toEqual([
      ['self', 3],
      ['trainer', 4],
    ]);
    expect(seen.comments).toEqual([expect.objectContaining({ seq: 2, reviewerName: 'Tiina Kouluttaja' })]);

    // Who else may read it: the provider's admin and admins, not a colleague or another provider's admin.
    expect((await call('GET', `/api/v1/training/sessions/${session.id}`, orgAdmin.cookie)).statusCode).toBe(
      200,
    );
    expect((await call('GET', `/api/v1/training/sessions/${session.id}`, admin.cookie)).statusCode).toBe(200);
    expectError(
      await call('GET', `/api/v1/training/sessions/${session.id}`, anna.cookie),
      403,
      'auth.forbidden',
    );
    expectError(
      await call('GET', `/api/v1/training/sessions/${session.id}`, otherAdmin.cookie),
      403,
      'auth.forbidden',
    );
    expectError(
      await call('GET', `/api/v1/training/progress?staffId=${mikko.id}`, anna.cookie),
      403,
      'auth.forbidden',
    );
    expectError(
      await call('GET', `/api/v1/training/progress?staffId=${mikko.id}`, otherAdmin.cookie),
      403,
      'auth.forbidden',
    );
    expectError(
      await call('GET', `/api/v1/training/sessions/${randomUUID()}`, mikko.cookie),
      404,
      'practice.not_found',
    );
    expectError(await call('GET', `/api/v1/training/sessions/${session.id}`), 401, 'auth.unauthenticated');

    const progress = (
      await call('GET', `/api/v1/training/progress?staffId=${mikko.id}`, orgAdmin.cookie)
    ).json();
    expect(progress).toMatchObject({
      name: 'Mikko Uusi',
      reviewed: 1,
      averages: { welcome_tone: 4, accuracy: 2 },
    });
    const team = (await call('GET', '/api/v1/training/team', orgAdmin.cookie)).json();
    expect(team.items.find((i: { staffId: string }) => i.staffId === mikko.id)).toMatchObject({
      reviewed: 1,
    });
    expect(
      team.items.every((i: { organisationName: string }) => i.organisationName === provider.name_fi),
    ).toBe(true);
    expectError(await call('GET', '/api/v1/training/team', anna.cookie), 403, 'auth.forbidden');
  });

  it('lets a trainer play the client live, in turns with the counsellor', async () => {
    expectError(
      await call('POST', '/api/v1/training/sessions', mikko.cookie, {
        scenarioId,
        mode: 'live',
        counsellorId: anna.id,
      }),
      403,
      'auth.forbidden',
    );
    expectError(
      await call('POST', '/api/v1/training/sessions', trainer.cookie, { scenarioId, mode: 'live' }),
      400,
      'practice.counsellor_required',
    );
    const live = await start(trainer.cookie, { scenarioId, mode: 'live', counsellorId: anna.id });
    expect(live).toMatchObject({ role: 'client', messages: [], staffId: anna.id });
    await say(live.id, trainer.cookie, 'Hei, olen Pekka. Voinko opiskella töiden ohessa?');
    const reply = await say(live.id, anna.cookie, 'Hei Pekka! Oppisopimus voisi sopia.');
    // No script in live play: only the counsellor's line.
    expect(reply.json().items).toEqual([expect.objectContaining({ author: 'counsellor', seq: 2 })]);
    const followed = (
      await call('GET', `/api/v1/training/sessions/${live.id}/messages?after=1`, trainer.cookie)
    ).json();
    expect(followed.items.map((m: { author: string }) => m.author)).toEqual(['counsellor']);
    const listed = (await call('GET', '/api/v1/training/sessions', anna.cookie)).json();
    expect(listed.mine.map((s: { id: string }) => s.id)).toContain(live.id);
    expect(
      (await call('GET', '/api/v1/training/sessions', trainer.cookie))
        .json()
        .playing.map((s: { id: string }) => s.id),
    ).toContain(live.id);
  });
});
