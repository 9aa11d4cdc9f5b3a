import { municipalities } from '$server/shared/municipalities';
import type { Lang } from '$lib/i18n/i18n';

/** Northern Ostrobothnia first, then the larger towns elsewhere, by name in the UI language. */
export function municipalityOptions(lang: Lang): { value: string; label: string }[] {
  const name = (m: (typeof municipalities)[number]) => (lang === 'sv' ? m.sv : m.fi);
  const sorted = (region: string) =>
    municipalities
      .filter((m) => m.region === region)
      .map((m) => ({ value: m.code, label: name(m) }))
      .sort((a, b) => a.label.localeCompare(b.label, lang));
  return [...sorted('pohjois-pohjanmaa'), ...sorted('other')];
}
