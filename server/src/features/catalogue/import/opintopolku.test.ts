import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOpintopolku } from './opintopolku.js';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/catalogue');
const read = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

describe('Opintopolku import format', () => {
  it('reads an enriched koulutus with its implementation, hakukohde and haku', () => {
    const parsed = parseOpintopolku(read('koulutus-enriched.json'), 'koulutus-enriched.json');
    expect(parsed.rejected).toEqual([]);
    expect(parsed.programmes).toHaveLength(1);
    const p = parsed.programmes[0]!;
    expect(p.externalId).toBe('1.2.246.562.17.00000000000000800001');
    expect(p.name).toEqual({
      fi: 'Sosiaali- ja terveysalan perustutkinto, oppisopimus',
      sv: 'Grundexamen inom social- och hälsovårdsbranschen',
      en: 'Vocational Qualification in Social and Health Care, apprenticeship',
    });
    expect(p.qualificationType).toBe('vocational_upper_secondary');
    expect(p.qualificationCode).toBe('371101');
    expect(p.field).toBe('09');
    // The version suffix is ignored; the unknown municipality is left out with a warning.
    expect(p.municipalities).toEqual(['564', '678']);
    expect(p.studyForms.sort()).toEqual(['apprenticeship', 'blended', 'training_agreement']);
    expect(p.languages).toEqual(['fi']);
    expect(p.teachingTimes).toEqual(['daytime']);
    expect(p.continuousStart).toBe(true);
    expect(p.durationMonths).toBe(30);
    expect(p.support).toEqual(['workplace_learners']);
    // The implementation's description first, then the koulutus's; HTML becomes text.
    expect(p.description.fi).toBe(
      'Opiskelet työpaikalla oppisopimuksella.\n\nLähihoitajan työ on hoito- ja huolenpitotyötä.\n\nToinen kappale.',
    );
    expect(p.summary.fi).toBe('Opiskelet työpaikalla oppisopimuksella.');
    // The haku's schedule (kaytetaanHaunAikataulua) with no end: open-ended continuous application.
    // 08:00 Finnish summer time is 05:00 UTC.
    expect(p.application).toEqual({
      methods: ['continuous'],
      periods: [{ method: 'continuous', start: '2026-08-01T05:00:00.000Z', end: null }],
    });
    expect(p.applicationUrl).toEqual({ fi: 'https://testiopisto.example/haku/lahihoitaja' });
    expect(p.providerOids).toEqual(['1.2.246.562.10.00000000000000800000']);
    expect(parsed.warnings.map((w) => w.message)).toEqual(
      expect.arrayContaining([
        'unknown municipality kunta_999 left out',
        'unknown teaching method opetuspaikkakk_7 left out',
      ]),
    );
  });

  it('reads raw code arrays, metadata.koulutustyyppi, own application periods and rejects what it cannot use', () => {
    const parsed = parseOpintopolku(read('koulutukset-raw-codes.json'), 'raw.json');
    const byId = new Map(parsed.programmes.map((p) => [p.externalId, p]));
    const business = byId.get('1.2.246.562.17.00000000000000800002')!;
    expect(business.qualificationType).toBe('further_vocational');
    expect(business.field).toBe('04');
    expect(business.languages).toEqual(['fi', 'sv']);
    expect(business.studyForms).toEqual(['online']);
    expect(business.onlineOnly).toBe(true);
    expect(business.municipalities).toEqual([]);
    expect(business.teachingTimes).toEqual(['evening']);
    expect(business.cost.eur).toBe(450);
    expect(business.startDates).toEqual(['2027-01-12']);
    // Own periods (kaytetaanHaunAikataulua false); 08:00 Finnish winter time is 06:00 UTC.
    expect(business.application).toEqual({
      methods: ['separate'],
      periods: [{ method: 'separate', start: '2026-11-02T06:00:00.000Z', end: '2026-12-15T13:00:00.000Z' }],
    });
    expect(business.providerOids).toEqual(['1.2.246.562.10.00000000000000800000']);

    // A second implementation without its own name uses the koulutus name (Finnish only).
    expect(byId.get('1.2.246.562.17.00000000000000800003')!.name).toEqual({
      fi: 'Liiketoiminnan ammattitutkinto',
    });

    const leader = byId.get('1.2.246.562.17.00000000000000800005')!;
    expect(leader.qualificationType).toBe('specialist_vocational');
    expect(leader.municipalities).toEqual(['977']);
    expect(leader.languages).toEqual(['en']);
    expect(leader.startDates).toEqual(['2027-08-01']);
    expect(leader.application.methods).toEqual(['joint']);
    // The javascript: link is dropped, the https one kept.
    expect(leader.applicationUrl).toEqual({ fi: 'https://opintopolku.fi/hakemus/haku/demo' });

    expect(parsed.rejected).toEqual([
      {
        ref: '1.2.246.562.13.00000000000000800003',
        reason: 'no implementation (toteutukset is empty or missing)',
      },
      {
        ref: '1.2.246.562.17.00000000000000800004',
        externalId: '1.2.246.562.17.00000000000000800004',
        reason: 'koulutustyyppi "lk" is not vocational or preparatory education',
      },
    ]);
    expect(parsed.warnings.map((w) => w.message)).toContain('unknown teaching time opetusaikakk_9 left out');
  });

  it('refuses malformed JSON and the wrong shape as a whole', () => {
    expect(() => parseOpintopolku('{"oid": ', 'broken.json')).toThrow(/broken.json: not valid JSON/);
    expect(() => parseOpintopolku('[1, 2]', 'numbers.json')).toThrow(/expected a koulutus object/);
  });

  it('refuses a file nested deeper than the limit before parsing it, in linear time', () => {
    const deep = '{"toteutukset":'.repeat(300_000) + '1' + '}'.repeat(300_000);
    const started = performance.now();
    expect(() => parseOpintopolku(deep, 'deep.json')).toThrow(
      expect.objectContaining({
        code: 'import.too_deep',
        message: expect.stringMatching(/deep.json: nested deeper/),
      }),
    );
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('rejects an implementation whose application period is not a time', () => {
    const koulutus = JSON.parse(read('koulutus-enriched.json'));
    koulutus.haut[0].hakuajat = [{ alkaa: 'ensi maanantaina' }];
    const parsed = parseOpintopolku(JSON.stringify(koulutus), 'bad-date.json');
    expect(parsed.programmes).toEqual([]);
    expect(parsed.rejected[0]!.reason).toMatch(/"ensi maanantaina" is not a valid time/);
  });
});
