/**
 * Whom the service reaches and where: contacts by home municipality (for the map and its
 * table), by Statistics Finland's urban–rural class, and the rural share per month. Counts of
 * 1–4 show as "< 5", as in the funder report, so that a client in a small municipality cannot
 * be singled out.
 */
import { regionClassOf } from '../../conversations/about-you.js';
import { municipalityByCode, type UrbanRuralClass } from '../../shared/municipalities.js';
import { suppress } from './report-suppression.js';
import type { MunicipalityMonthRow } from './report-geography.repository.js';

export type RegionClass = UrbanRuralClass | 'unknown';
export const regionClasses: readonly RegionClass[] = ['urban', 'semi_urban', 'rural', 'unknown'];

export interface MunicipalityCount {
  code: string;
  name: string;
  nameSv: string;
  regionClass: RegionClass;
  /** In the providers' own region (drawn on the map); others are listed in the table only. */
  inRegion: boolean;
  lat: number;
  lon: number;
  /** "< 5" for 1–4. */
  count: string;
}

export interface Geography {
  byRegionClass: { key: RegionClass; count: string }[];
  byMunicipality: MunicipalityCount[];
  /** Per month: contacts whose municipality is known, from rural municipalities, and the share (null under 5 known). */
  ruralShare: { month: string; known: string; rural: string; share: number | null }[];
}

/** The geography of a report's contacts, from the rows of selectMunicipalityMonths. */
export function geographyOf(rows: MunicipalityMonthRow[]): Geography {
  const byClass = new Map<RegionClass, number>(regionClasses.map((c) => [c, 0]));
  const byCode = new Map<string, number>();
  const months = new Map<string, { known: number; rural: number }>();
  for (const row of rows) {
    const regionClass = regionClassOf(row.municipality);
    byClass.set(regionClass, byClass.get(regionClass)! + row.n);
    const month = months.get(row.month) ?? { known: 0, rural: 0 };
    if (regionClass !== 'unknown') {
      byCode.set(row.municipality!, (byCode.get(row.municipality!) ?? 0) + row.n);
      month.known += row.n;
      if (regionClass === 'rural') month.rural += row.n;
    }
    months.set(row.month, month);
  }
  const byMunicipality = [...byCode]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, n]) => {
      const m = municipalityByCode(code)!;
      return {
        code,
        name: m.fi,
        nameSv: m.sv,
        regionClass: m.urbanRural,
        inRegion: m.region !== 'other',
        lat: m.lat,
        lon: m.lon,
        count: suppress(n),
      };
    });
  return {
    byRegionClass: regionClasses.map((key) => ({ key, count: suppress(byClass.get(key)!) })),
    byMunicipality,
    ruralShare: [...months]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([month, { known, rural }]) => ({
        month,
        known: suppress(known),
        rural: suppress(rural),
        share: known >= 5 ? Math.round((rural / known) * 1000) / 1000 : null,
      })),
  };
}
