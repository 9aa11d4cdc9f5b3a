import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useOrganisation, useSignedIn, useTestApp } from '../../test/test-app.js';

/** Where the clients live: the report's map and table, the classes, the rural share and the funder's rows. */
describe('reports by home municipality and region class', () => {
  const t = useTestApp();
  const provider = useOrganisation(t, { slug: 'kairanmaa', name_fi: 'Kairanmaan opisto (demo)' });
  const counsellor = useSignedIn(t, () => ({ organisation_id: provider.id }));
  const admin = useSignedIn(t, { role: 'admin' });
  const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date());

  const log = async (municipality: string | null, channel: 'in_person' | 'phone', times: number) => {
    for (let i = 0; i < times; i++) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/contact-log',
        headers: { cookie: counsellor.cookie },
        payload: { clientRef: randomUUID(), channel, topics: ['applying'], language: 'fi', municipality },
      });
      expect(response.statusCode, response.body).toBe(201);
    }
  };
  const get = async (path: string) => {
    const day = today();
    const response = await t.app.inject({
      url: `${path}?from=${day}&to=${day}&provider=${provider.id}`,
      headers: { cookie: admin.cookie },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response;
  };

  it('counts by municipality and class with 1–4 shown as "< 5", checked against counts by hand', async () => {
    // Oulu is urban, Kuusamo semi-urban, Vaala and Pudasjärvi rural (Statistics Finland's grouping).
    await log('564', 'in_person', 6);
    await log('785', 'in_person', 5);
    await log('785', 'phone', 1);
    await log('615', 'in_person', 2);
    await log('305', 'in_person', 1);
    await log(null, 'in_person', 3);

    const { geography, totals } = (await get('/api/v1/reports')).json();
    expect(totals.contacts).toBe(18);
    expect(geography.byRegionClass).toEqual([
      { key: 'urban', count: '6' },
      { key: 'semi_urban', count: '< 5' },
      { key: 'rural', count: '8' },
      { key: 'unknown', count: '< 5' },
    ]);
    expect(
      geography.byMunicipality.map((m: { code: string; count: string; regionClass: string }) => [
        m.code,
        m.regionClass,
        m.count,
      ]),
    ).toEqual([
      ['564', 'urban', '6'],
      ['785', 'rural', '6'],
      ['615', 'rural', '< 5'],
      ['305', 'semi_urban', '< 5'],
    ]);
    expect(geography.byMunicipality[0]).toMatchObject({ name: 'Oulu', nameSv: 'Uleåborg', inRegion: true });
    expect(geography.byMunicipality[0].lat).toBeCloseTo(65.01, 1);
    // 15 contacts with a known municipality, 8 of them rural.
    expect(geography.ruralShare).toEqual([
      { month: today().slice(0, 7), known: '15', rural: '8', share: 0.533 },
    ]);

    const funder = (await get('/api/v1/reports/funder')).json();
    const quarter = `${today().slice(0, 4)}-Q${Math.ceil(Number(today().slice(5, 7)) / 3)}`;
    expect(funder.regions).toEqual([
      { period: quarter, regionClass: 'urban', channel: 'in_person', count: '6' },
      { period: quarter, regionClass: 'semi_urban', channel: 'in_person', count: '< 5' },
      { period: quarter, regionClass: 'rural', channel: 'in_person', count: '7' },
      { period: quarter, regionClass: 'rural', channel: 'phone', count: '< 5' },
      { period: quarter, regionClass: 'unknown', channel: 'in_person', count: '< 5' },
    ]);

    const csv = (await get('/api/v1/reports/municipalities.csv')).body;
    expect(csv).toContain('municipality_code;municipality;region_class;contacts');
    expect(csv).toContain('615;Pudasjärvi;rural;< 5');
    const regions = (await get('/api/v1/reports/funder-regions.csv')).body;
    expect(regions).toContain(`${quarter};rural;in_person;7`);
  });

  it('a filtered report reads the same way (one channel)', async () => {
    const day = today();
    const response = await t.app.inject({
      url: `/api/v1/reports?from=${day}&to=${day}&provider=${provider.id}&channel=phone`,
      headers: { cookie: admin.cookie },
    });
    expect(response.json().geography.byMunicipality).toEqual([
      expect.objectContaining({ code: '785', count: '< 5' }),
    ]);
  });
});
