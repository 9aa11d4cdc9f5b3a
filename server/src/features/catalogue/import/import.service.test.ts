import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../access/actor.js';
import { buildOrganisation, buildStaff } from '../../../test/factories.js';
import { createAppOn, loginAs, useTestApp } from '../../../test/test-app.js';
import { readImportFiles } from './import-files.js';
import { importProgrammes } from './import.service.js';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/catalogue');
const file = (name: string) => ({ name, bytes: readFileSync(path.join(fixtures, name)) });
const PROVIDER_OID = '1.2.246.562.10.00000000000000800000';
const options = { dryRun: false, maxBytes: 10 * 1024 * 1024 };

describe('catalogue import', () => {
  const t = useTestApp();
  let providerId: string;
  const system = { actor: systemActor };

  beforeAll(async () => {
    providerId = (
      await buildOrganisation(t.database.db, { slug: 'testiopisto', opintopolku_oid: PROVIDER_OID } as never)
    ).id;
  });

  const programmes = () =>
    t.database.db
      .selectFrom('programmes')
      .select(['external_id', 'is_active', 'source', 'name', 'organisation_id'])
      .orderBy('external_id')
      .execute();
  const revision = async () =>
    (await t.database.db.selectFrom('catalogue_state').select('revision').executeTakeFirstOrThrow()).revision;

  it('imports Opintopolku files by the provider OID, then re-imports without changes', async () => {
    const before = await revision();
    const files = [file('koulutus-enriched.json'), file('koulutukset-raw-codes.json')];
    const first = await importProgrammes(t.database.db, system, files, options);
    expect(first.added.map((a) => a.externalId).sort()).toEqual([
      '1.2.246.562.17.00000000000000800001',
      '1.2.246.562.17.00000000000000800002',
      '1.2.246.562.17.00000000000000800003',
      '1.2.246.562.17.00000000000000800005',
    ]);
    expect(first.rejected).toHaveLength(2);
    expect(first.files.map((f) => f.format)).toEqual(['opintopolku', 'opintopolku']);
    expect((await programmes()).every((p) => p.is_active && p.organisation_id === providerId)).toBe(true);
    expect(Number(await revision())).toBe(Number(before) + 1);

    const again = await importProgrammes(t.database.db, system, files, options);
    expect(again).toMatchObject({ added: [], updated: [], deactivated: [], unchanged: 4 });
  });

  it('a dry run reports without writing', async () => {
    const before = await programmes();
    const report = await importProgrammes(t.database.db, system, [file('koulutus-enriched.json')], {
      ...options,
      dryRun: true,
    });
    expect(report.deactivated).toHaveLength(3);
    expect(await programmes()).toEqual(before);
  });

  it('marks vanished programmes inactive, and activates them again when they return', async () => {
    const report = await importProgrammes(t.database.db, system, [file('koulutus-enriched.json')], options);
    expect(report.deactivated.map((d) => d.externalId).sort()).toEqual([
      '1.2.246.562.17.00000000000000800002',
      '1.2.246.562.17.00000000000000800003',
      '1.2.246.562.17.00000000000000800005',
    ]);
    const rows = await programmes();
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.is_active).map((r) => r.external_id)).toEqual([
      '1.2.246.562.17.00000000000000800001',
    ]);

    const back = await importProgrammes(
      t.database.db,
      system,
      [file('koulutus-enriched.json'), file('koulutukset-raw-codes.json')],
      options,
    );
    expect(back.updated).toHaveLength(3);
    expect((await programmes()).every((r) => r.is_active)).toBe(true);
  });

  it('reads a Windows-1252 CSV with semicolons; bad rows are rejected, good ones imported, other sources untouched', async () => {
    const report = await importProgrammes(
      t.database.db,
      system,
      [file('spreadsheet-windows1252.csv')],
      options,
    );
    expect(report.files).toEqual([
      { name: 'spreadsheet-windows1252.csv', format: 'csv', encoding: 'windows-1252', programmes: 2 },
    ]);
    expect(report.added.map((a) => a.name)).toEqual([
      'Puhtaus- ja kiinteistöpalvelualan perustutkinto',
      'Ravintola- ja catering-alan perustutkinto; iltaopetus',
    ]);
    expect(report.rejected.map((r) => r.ref)).toEqual([
      'spreadsheet-windows1252.csv:4',
      'spreadsheet-windows1252.csv:5',
    ]);
    expect(report.rejected[0]!.reason).toMatch(/no name/);
    expect(report.rejected[1]!.reason).toMatch(/qualification_type "master_degree"/);
    expect(report.deactivated).toEqual([]);
    const csv = (await programmes()).filter((p) => p.source === 'csv');
    expect(csv.map((p) => p.external_id)).toEqual(['CSV-1', 'CSV-2']);
    expect((await programmes()).filter((p) => p.is_active)).toHaveLength(6);
  });

  it('changes nothing when one file of the input cannot be read', async () => {
    const before = await programmes();
    const beforeRevision = await revision();
    const broken = { name: 'broken.json', bytes: Buffer.from('{"oid": "1.2.3", "toteutukset": [') };
    await expect(
      importProgrammes(t.database.db, system, [file('koulutus-enriched.json'), broken], options),
    ).rejects.toMatchObject({
      code: 'import.malformed_json',
      status: 400,
    });
    const utf16 = { name: 'utf16.csv', bytes: Buffer.from('\ufeffexternal_id', 'utf16le') };
    await expect(importProgrammes(t.database.db, system, [utf16], options)).rejects.toMatchObject({
      code: 'import.encoding',
    });
    const noHeader = { name: 'x.csv', bytes: Buffer.from('id,nimi\n1,Jotain\n') };
    await expect(importProgrammes(t.database.db, system, [noHeader], options)).rejects.toMatchObject({
      code: 'import.csv_header',
    });
    const duplicate = {
      name: 'dup.csv',
      bytes: Buffer.from(
        'external_id,provider,name_fi,qualification_type\nA-1,testiopisto,Yksi,other\nA-1,testiopisto,Kaksi,other\n',
      ),
    };
    await expect(importProgrammes(t.database.db, system, [duplicate], options)).rejects.toMatchObject({
      code: 'import.duplicate_id',
    });
    const unterminated = {
      name: 'q.csv',
      bytes: Buffer.from('external_id,name_fi,qualification_type\nA,"kesken,other\n'),
    };
    await expect(importProgrammes(t.database.db, system, [unterminated], options)).rejects.toMatchObject({
      code: 'import.malformed_csv',
    });
    await expect(
      importProgrammes(t.database.db, system, [file('koulutus-enriched.json')], {
        ...options,
        maxBytes: 100,
      }),
    ).rejects.toMatchObject({
      code: 'import.too_large',
      status: 413,
    });
    expect(await programmes()).toEqual(before);
    expect(await revision()).toEqual(beforeRevision);
  });

  it('refuses a directory over the size limit before reading it, naming the limit', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'opintori-import-'));
    copyFileSync(path.join(fixtures, 'koulutus-enriched.json'), path.join(dir, 'a.json'));
    writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
    expect((await readImportFiles(dir, 1024 * 1024)).map((f) => f.name)).toEqual(['a.json']);
    await expect(readImportFiles(dir, 1024)).rejects.toMatchObject({
      code: 'import.too_large',
      message: expect.stringMatching(/limit is 1 KB/),
    });
  });

  describe('upload API', () => {
    const csvBody =
      'external_id,name_fi,qualification_type,municipalities\nUP-1,Ladattu koulutus,other,Oulu\n';

    it('lets the provider admin import into their own provider, and no one else', async () => {
      const own = await buildStaff(t.database.db, {
        role: 'org_admin',
        organisation_id: providerId,
        email: 'oma@example.test',
      });
      const other = await buildStaff(t.database.db, { role: 'org_admin', email: 'toinen@example.test' });
      const counsellor = await buildStaff(t.database.db, {
        role: 'counsellor',
        organisation_id: providerId,
        email: 'ohj@example.test',
      });
      const upload = (cookie: string | undefined, query: string, body = csvBody) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/programs/import?${query}`,
          headers: { 'content-type': 'text/csv', ...(cookie ? { cookie } : {}) },
          payload: body,
        });

      expect((await upload(undefined, 'provider=testiopisto')).statusCode).toBe(401);
      const otherCookie = await loginAs(t.app, other.email);
      const denied = await upload(otherCookie, 'provider=testiopisto');
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error.code).toBe('auth.forbidden');
      // Without --provider, the file's own provider OIDs decide: still someone else's.
      const byOid = await t.app.inject({
        method: 'POST',
        url: '/api/v1/programs/import?fileName=koulutus.json',
        headers: { 'content-type': 'application/json', cookie: otherCookie },
        payload: readFileSync(path.join(fixtures, 'koulutus-enriched.json')),
      });
      expect(byOid.statusCode).toBe(403);
      expect((await upload(await loginAs(t.app, counsellor.email), 'provider=testiopisto')).statusCode).toBe(
        403,
      );
      expect((await programmes()).some((p) => p.external_id === 'UP-1')).toBe(false);

      const ownCookie = await loginAs(t.app, own.email);
      const dry = await upload(ownCookie, 'provider=testiopisto&dryRun=true&fileName=oma.csv');
      expect(dry.statusCode).toBe(200);
      expect(dry.json()).toMatchObject({
        dryRun: true,
        added: [{ externalId: 'UP-1', provider: 'testiopisto' }],
      });
      expect((await programmes()).some((p) => p.external_id === 'UP-1')).toBe(false);
      const done = await upload(ownCookie, 'provider=testiopisto&fileName=oma.csv');
      expect(done.json()).toMatchObject({ dryRun: false, added: [{ externalId: 'UP-1' }] });
      // The CSV source of the provider now holds only UP-1: the earlier CSV rows are deactivated.
      expect(done.json().deactivated.map((d: { externalId: string }) => d.externalId)).toEqual([
        'CSV-1',
        'CSV-2',
      ]);

      const audit = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'outcome'])
        .where('action', 'in', ['catalogue.import', 'access.denied'])
        .execute();
      expect(audit.filter((a) => a.action === 'access.denied').length).toBeGreaterThanOrEqual(3);
      expect(audit.filter((a) => a.action === 'catalogue.import').length).toBeGreaterThanOrEqual(2);
    });

    it('refuses an upload over the limit with the limit named', async () => {
      const admin = await buildStaff(t.database.db, { role: 'admin', email: 'paa@example.test' });
      const small = await createAppOn(t.database, { CATALOGUE_UPLOAD_MAX_BYTES: '2048' });
      try {
        const response = await small.inject({
          method: 'POST',
          url: '/api/v1/programs/import?provider=testiopisto',
          headers: { 'content-type': 'text/csv', cookie: await loginAs(small, admin.email) },
          payload: csvBody + 'x'.repeat(4096),
        });
        expect(response.statusCode).toBe(413);
        expect(response.json().error).toMatchObject({
          code: 'request.too_large',
          details: { limitBytes: 2048 },
        });
        expect(response.json().error.message).toBe('The request body is larger than the limit of 2 KB');
      } finally {
        await small.close();
      }
    });
  });
});
