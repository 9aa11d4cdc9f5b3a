import type {
  ApplicationMethod,
  LocalText,
  QualificationType,
  StudyForm,
  SupportKind,
  TeachingTime,
} from '../catalogue-vocabulary.js';
import { supportKinds, studyForms as knownStudyForms } from '../catalogue-vocabulary.js';
import { findMunicipality } from '../../../shared/municipalities.js';
import type { ApplicationPeriod } from '../programme.table.js';
import { MAX_JSON_DEPTH, jsonTextTooDeep } from '../../../shared/json-depth.js';
import {
  checkProgramme,
  ImportFileError,
  parseDate,
  parseTimestamp,
  RowError,
  safeUrl,
  type ImportWarning,
  type ParsedFile,
  type ProgrammeInput,
  type Rejection,
} from './programme-input.js';

/**
 * Reads koulutus objects in the shape of konfo-backend's external API
 * (`/external/koulutus/{oid}?toteutukset=true&hakukohteet=true&haut=true`). Every
 * implementation (toteutus) becomes one programme. See docs/catalogue-import.md.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asObj = (v: unknown): Obj => (isObj(v) ? v : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** `kunta_564#2` → `kunta_564`. */
export const withoutVersion = (uri: string) => uri.replace(/#\d+$/, '');

/** Codes given either as `…KoodiUrit: ["x#1"]`, `…KoodiUri: "x"` or enriched `[{ koodiUri, nimi }]`. */
export function codeUris(container: Obj, name: string): string[] {
  const raw = [
    ...asArray(container[`${name}KoodiUrit`]),
    ...asArray(container[`${name}KoodiUri`]),
    ...asArray(container[name]),
  ];
  const uris = raw
    .map((item) => (typeof item === 'string' ? item : isObj(item) ? str(item.koodiUri) : undefined))
    .filter((uri): uri is string => !!uri)
    .map(withoutVersion);
  return [...new Set(uris)];
}

const HTML_BLOCK = /<\/(p|li|h\d|div)>|<br\s*\/?>/gi;
/** Opintopolku descriptions are HTML: keep the text, paragraphs separated by blank lines. */
export function htmlToText(html: string): string {
  return html
    .replace(HTML_BLOCK, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n\s*/g, '\n\n')
    .trim();
}

function localText(value: unknown, transform: (s: string) => string = (s) => s): LocalText {
  const out: LocalText = {};
  const o = asObj(value);
  for (const lang of ['fi', 'sv', 'en'] as const) {
    const text = str(o[lang]);
    if (text) out[lang] = transform(text);
  }
  return out;
}

const firstParagraph = (text: LocalText): LocalText => {
  const out: LocalText = {};
  for (const [lang, value] of Object.entries(text) as [keyof LocalText, string][]) {
    out[lang] = value.split(/\n\n/)[0];
  }
  return out;
};

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

function qualificationType(koulutus: Obj, nameFi: string | undefined): QualificationType {
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

function fieldCode(koulutus: Obj): string | null {
  const metadata = asObj(koulutus.metadata);
  for (const uri of codeUris(metadata, 'koulutusala')) {
    const digits = /koulutusalataso\d_(\d{2,})$/.exec(uri)?.[1];
    if (digits) return digits.slice(0, 2);
  }
  return null;
}

function qualificationCode(koulutus: Obj): string | null {
  const uri = codeUris(koulutus, 'koulutukset')[0] ?? codeUris(koulutus, 'koulutus')[0];
  return uri ? (/^koulutus_(\d{6})$/.exec(uri)?.[1] ?? null) : null;
}

const languageByCode: Record<string, string[]> = {
  oppilaitoksenopetuskieli_1: ['fi'],
  oppilaitoksenopetuskieli_2: ['sv'],
  oppilaitoksenopetuskieli_3: ['fi', 'sv'],
  oppilaitoksenopetuskieli_4: ['en'],
  oppilaitoksenopetuskieli_5: ['se'],
};
const teachingTimeByCode: Record<string, TeachingTime> = {
  opetusaikakk_1: 'daytime',
  opetusaikakk_2: 'evening',
  opetusaikakk_3: 'weekend',
  opetusaikakk_4: 'self_paced',
};
const methodByHakutapa: Record<string, ApplicationMethod> = {
  hakutapa_01: 'joint',
  hakutapa_03: 'continuous',
};

function periods(value: unknown, method: ApplicationMethod, ref: string): ApplicationPeriod[] {
  return asArray(value).flatMap((item) => {
    const o = asObj(item);
    const start = str(o.alkaa);
    if (!start) return [];
    const end = str(o.paattyy);
    const period: ApplicationPeriod = {
      method,
      start: parseTimestamp(start, `application period start of ${ref}`),
      end: end ? parseTimestamp(end, `application period end of ${ref}`) : null,
    };
    if (period.end && period.end < period.start) {
      throw new RowError(`an application period of ${ref} ends before it starts`);
    }
    return [period];
  });
}

interface Context {
  warn: (message: string) => void;
}

function readToteutus(
  koulutus: Obj,
  toteutus: Obj,
  hakukohteet: Obj[],
  haut: Map<string, Obj>,
  ctx: Context,
) {
  const oid = str(toteutus.oid);
  if (!oid) throw new RowError('an implementation (toteutus) has no oid');
  const metadata = asObj(toteutus.metadata);
  const opetus = asObj(metadata.opetus);
  const opintori = asObj(metadata.opintori);

  const name = { ...localText(koulutus.nimi), ...localText(toteutus.nimi) };
  // The implementation's own text first, then what the koulutus says about the qualification.
  const own = localText(metadata.kuvaus, htmlToText);
  const general = localText(asObj(koulutus.metadata).kuvaus, htmlToText);
  const description: LocalText = {};
  for (const lang of ['fi', 'sv', 'en'] as const) {
    const text = [own[lang], general[lang]].filter(Boolean).join('\n\n');
    if (text) description[lang] = text;
  }
  const summary = { ...firstParagraph(description), ...localText(opintori.summary) };

  // Study forms
  const forms = new Set<StudyForm>();
  const methods = codeUris(opetus, 'opetustapa');
  const contact = methods.includes('opetuspaikkakk_1');
  const online = methods.includes('opetuspaikkakk_2');
  if (contact && online) forms.add('blended');
  else if (contact) forms.add('contact');
  else if (online) forms.add('online');
  for (const uri of methods) {
    if (uri !== 'opetuspaikkakk_1' && uri !== 'opetuspaikkakk_2')
      ctx.warn(`unknown teaching method ${uri} left out`);
  }
  for (const form of asArray(opintori.studyForms)) {
    if ((knownStudyForms as readonly unknown[]).includes(form)) forms.add(form as StudyForm);
    else ctx.warn(`unknown study form ${String(form).slice(0, 40)} left out`);
  }
  if (/oppisopimu/i.test(name.fi ?? '')) forms.add('apprenticeship');

  // Places
  const providerOids: string[] = [];
  const places = new Set<string>();
  for (const tarjoaja of asArray(toteutus.tarjoajat)) {
    if (typeof tarjoaja === 'string') {
      providerOids.push(tarjoaja);
      continue;
    }
    const t = asObj(tarjoaja);
    const tOid = str(t.oid);
    if (tOid) providerOids.push(tOid);
    for (const uri of codeUris(t, 'paikkakunta')) {
      const municipality = findMunicipality(uri);
      if (municipality) places.add(municipality.code);
      else ctx.warn(`unknown municipality ${uri} left out`);
    }
  }
  for (const fallback of [
    toteutus.organisaatioOid,
    koulutus.organisaatioOid,
    asObj(koulutus.organisaatio).oid,
  ]) {
    const value = str(fallback);
    if (value) providerOids.push(value);
  }

  // Languages
  const languages: string[] = [];
  for (const uri of codeUris(opetus, 'opetuskieli')) {
    const mapped = languageByCode[uri] ?? (/^kieli_([a-z]{2})$/.exec(uri)?.[1] ? [uri.slice(6)] : undefined);
    if (mapped) languages.push(...mapped);
    else ctx.warn(`unknown teaching language ${uri} left out`);
  }
  const teachingTimes = codeUris(opetus, 'opetusaika').flatMap((uri) => {
    const time = teachingTimeByCode[uri];
    if (!time) ctx.warn(`unknown teaching time ${uri} left out`);
    return time ? [time] : [];
  });

  // Start
  const alkamiskausi = asObj(opetus.koulutuksenAlkamiskausi);
  const startType = str(alkamiskausi.alkamiskausityyppi);
  let continuousStart = false;
  const startDates: string[] = [];
  if (startType === 'henkilokohtainen suunnitelma') continuousStart = true;
  else if (startType === 'tarkka alkamisajankohta') {
    const date = str(alkamiskausi.koulutuksenAlkamispaivamaara);
    if (date) startDates.push(parseDate(date.slice(0, 10), `start date of ${oid}`));
  } else if (startType === 'alkamiskausi ja -vuosi') {
    const season = codeUris(alkamiskausi, 'koulutuksenAlkamiskausi')[0];
    const year = Number(alkamiskausi.koulutuksenAlkamisvuosi);
    if (Number.isInteger(year) && year > 2000 && year < 2100) {
      if (season === 'kausi_s') startDates.push(`${year}-08-01`);
      else if (season === 'kausi_k') startDates.push(`${year}-01-01`);
    }
  }

  // Application: the implementation's hakukohteet, their own periods or their haku's.
  const appPeriods: ApplicationPeriod[] = [];
  const appMethods = new Set<ApplicationMethod>();
  let applicationUrl: LocalText = {};
  for (const hakukohde of hakukohteet) {
    const haku = haut.get(str(hakukohde.hakuOid) ?? '');
    const hakutapa = haku ? (codeUris(haku, 'hakutapa')[0] ?? '') : '';
    const method: ApplicationMethod = methodByHakutapa[hakutapa] ?? 'separate';
    appMethods.add(method);
    const own = asArray(hakukohde.hakuajat);
    const useHaku = hakukohde.kaytetaanHaunAikataulua === true || own.length === 0;
    appPeriods.push(...periods(useHaku ? haku?.hakuajat : own, method, oid));
    const link = localText(hakukohde.hakulomakeLinkki);
    applicationUrl =
      Object.keys(link).length > 0 ? link : { ...localText(haku?.hakulomakeLinkki), ...applicationUrl };
  }
  const applicationLinks: Obj = {};
  for (const [lang, value] of Object.entries(applicationUrl)) {
    const url = safeUrl(value);
    if (url) applicationLinks[lang] = url;
  }

  // Support
  const support = new Set<SupportKind>();
  if (metadata.ammatillinenPerustutkintoErityisopetuksena === true) support.add('special_support');
  for (const kind of asArray(opintori.support)) {
    if ((supportKinds as readonly unknown[]).includes(kind)) support.add(kind as SupportKind);
    else ctx.warn(`unknown support ${String(kind).slice(0, 40)} left out`);
  }

  const years = Number(opetus.suunniteltuKestoVuodet ?? 0) || 0;
  const months = Number(opetus.suunniteltuKestoKuukaudet ?? 0) || 0;
  const fee = Number(opetus.maksunMaara);
  const modified = str(toteutus.modified) ?? str(koulutus.modified);

  const input: ProgrammeInput = {
    ref: oid,
    externalId: oid,
    providerOids: [...new Set(providerOids)],
    name,
    summary,
    description,
    qualificationType: qualificationType(koulutus, str(asObj(koulutus.nimi).fi)),
    field: fieldCode(koulutus),
    qualificationCode: qualificationCode(koulutus),
    studyForms: [...forms],
    municipalities: [...places],
    onlineOnly: places.size === 0 && online && !contact,
    languages,
    teachingTimes,
    continuousStart,
    startDates,
    application: { methods: [...appMethods], periods: appPeriods },
    applicationUrl: applicationLinks as LocalText,
    durationMonths: years * 12 + months > 0 ? years * 12 + months : null,
    cost: {
      eur: opetus.onkoMaksullinen === true && Number.isFinite(fee) && fee > 0 ? fee : null,
      note: localText(opetus.maksullisuuskuvaus, htmlToText),
    },
    support: [...support],
    url: safeUrl(opintori.url) ?? `https://opintopolku.fi/konfo/fi/toteutus/${encodeURIComponent(oid)}`,
    sourceUpdatedAt: modified ? parseTimestamp(modified, `modified time of ${oid}`) : null,
  };
  return checkProgramme(input);
}

/** The koulutus objects of a parsed file: one object, an array, or `{ koulutukset: [...] }`. */
function koulutukset(document: unknown, fileName: string): Obj[] {
  // `{ koulutukset: [...] }` wraps a list, unless it is a koulutus itself (its `koulutukset` are codes).
  const wrapper =
    isObj(document) &&
    Array.isArray(document.koulutukset) &&
    !('oid' in document) &&
    !('toteutukset' in document);
  const list = Array.isArray(document)
    ? document
    : wrapper
      ? (document.koulutukset as unknown[])
      : [document];
  if (list.some((item) => !isObj(item))) {
    throw new ImportFileError(
      'import.shape',
      `${fileName}: expected a koulutus object, an array of them, or { "koulutukset": [...] }`,
    );
  }
  return list as Obj[];
}

export function parseOpintopolku(text: string, fileName: string): ParsedFile {
  if (jsonTextTooDeep(text)) {
    throw new ImportFileError(
      'import.too_deep',
      `${fileName}: nested deeper than ${MAX_JSON_DEPTH} levels; this is not an Opintopolku export`,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ImportFileError(
      'import.malformed_json',
      `${fileName}: not valid JSON (${(error as Error).message})`,
    );
  }
  const programmes: ProgrammeInput[] = [];
  const rejected: Rejection[] = [];
  const warnings: ImportWarning[] = [];
  for (const koulutus of koulutukset(document, fileName)) {
    const koulutusRef = str(koulutus.oid) ?? `${fileName} (koulutus without oid)`;
    const toteutukset = asArray(koulutus.toteutukset).filter(isObj);
    if (toteutukset.length === 0) {
      rejected.push({ ref: koulutusRef, reason: 'no implementation (toteutukset is empty or missing)' });
      continue;
    }
    const haut = new Map<string, Obj>();
    for (const haku of asArray(koulutus.haut).filter(isObj)) {
      const oid = str(haku.oid);
      if (oid) haut.set(oid, haku);
    }
    const hakukohteet = asArray(koulutus.hakukohteet).filter(isObj);
    for (const toteutus of toteutukset) {
      const ref = str(toteutus.oid) ?? `${koulutusRef} (implementation without oid)`;
      const ctx: Context = { warn: (message) => warnings.push({ ref, message }) };
      try {
        const own = hakukohteet.filter(
          (h) => str(h.toteutusOid) === ref || (toteutukset.length === 1 && !h.toteutusOid),
        );
        programmes.push(readToteutus(koulutus, toteutus, own, haut, ctx));
      } catch (error) {
        if (error instanceof RowError)
          rejected.push({ ref, externalId: str(toteutus.oid), reason: error.message });
        else throw error;
      }
    }
  }
  return { source: 'opintopolku', programmes, rejected, warnings };
}
