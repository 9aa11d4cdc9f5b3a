/** What a koulutus (the qualification an implementation leads to) says: its type, field and code. */
import type { QualificationType } from '../catalogue-vocabulary.js';
import { asObj, codeUris, str, type Obj } from './opintopolku-json.js';
import { RowError } from './programme-input.js';

const typeByKoulutustyyppi: Record<string, QualificationType | 'amm'> = {
  amm: 'amm',
  'amm-tutkinnon-osa': 'qualification_part',
  'amm-osaamisala': 'qualification_part',
  tuva: 'tuva',
  telma: 'telma',
  'amm-muu': 'other',
  'vapaa-sivistystyo-muu': 'other',
  'vapaa-sivistystyo-opistovuosi': 'other',
  'aikuisten-perusopetus': 'other',
  muu: 'other',
};

export function qualificationType(koulutus: Obj, nameFi: string | undefined): QualificationType {
  const metadata = asObj(koulutus.metadata);
  const raw = str(koulutus.koulutustyyppi) ?? str(metadata.tyyppi) ?? str(metadata.koulutustyyppi);
  if (!raw) throw new RowError('the koulutus has no koulutustyyppi');
  const mapped = typeByKoulutustyyppi[raw];
  if (!mapped)
    throw new RowError(`koulutustyyppi "${raw.slice(0, 40)}" is not vocational or preparatory education`);
  if (mapped !== 'amm') return mapped;
  const name = (nameFi ?? '').toLowerCase();
  if (name.includes('erikoisammattitutkinto')) return 'specialist_vocational';
  if (name.includes('ammattitutkinto')) return 'further_vocational';
  return 'vocational_upper_secondary';
}

export function fieldCode(koulutus: Obj): string | null {
  const metadata = asObj(koulutus.metadata);
  for (const uri of codeUris(metadata, 'koulutusala')) {
    const digits = /koulutusalataso\d_(\d{2,})$/.exec(uri)?.[1];
    if (digits) return digits.slice(0, 2);
  }
  return null;
}

export function qualificationCode(koulutus: Obj): string | null {
  const uri = codeUris(koulutus, 'koulutukset')[0] ?? codeUris(koulutus, 'koulutus')[0];
  return uri ? (/^koulutus_(\d{6})$/.exec(uri)?.[1] ?? null) : null;
}
