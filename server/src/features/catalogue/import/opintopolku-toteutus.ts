/** One implementation (toteutus) as a programme: texts, study forms, places, languages, start, application, support, cost. */
import type { LocalText, StudyForm, SupportKind, TeachingTime } from '../catalogue-vocabulary.js';
import { supportKinds, studyForms as knownStudyForms } from '../catalogue-vocabulary.js';
import { findMunicipality } from '../../../shared/municipalities.js';
import { readApplication } from './opintopolku-application.js';
import {
  asArray,
  asObj,
  codeUris,
  firstParagraph,
  htmlToText,
  readLocalText,
  str,
  type Obj,
} from './opintopolku-json.js';
import { fieldCode, qualificationCode, qualificationType } from './opintopolku-koulutus.js';
import {
  checkProgramme,
  parseDate,
  parseTimestamp,
  RowError,
  safeUrl,
  type ProgrammeInput,
} from './programme-input.js';

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

/** Where a reader reports what it left out of a programme. */
export interface Context {
  warn: (message: string) => void;
}

/** One implementation (toteutus) of a koulutus as a programme; a RowError when it cannot be used. */
export function readToteutus(
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

  const name = { ...readLocalText(koulutus.nimi), ...readLocalText(toteutus.nimi) };
  // The implementation's own text first, then what the koulutus says about the qualification.
  const own = readLocalText(metadata.kuvaus, htmlToText);
  const general = readLocalText(asObj(koulutus.metadata).kuvaus, htmlToText);
  const description: LocalText = {};
  for (const lang of ['fi', 'sv', 'en'] as const) {
    const text = [own[lang], general[lang]].filter(Boolean).join('\n\n');
    if (text) description[lang] = text;
  }
  const summary = { ...firstParagraph(description), ...readLocalText(opintori.summary) };

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
  const { application, applicationUrl } = readApplication(hakukohteet, haut, oid);

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
    application,
    applicationUrl,
    durationMonths: years * 12 + months > 0 ? years * 12 + months : null,
    cost: {
      eur: opetus.onkoMaksullinen === true && Number.isFinite(fee) && fee > 0 ? fee : null,
      note: readLocalText(opetus.maksullisuuskuvaus, htmlToText),
    },
    support: [...support],
    url: safeUrl(opintori.url) ?? `https://opintopolku.fi/konfo/fi/toteutus/${encodeURIComponent(oid)}`,
    sourceUpdatedAt: modified ? parseTimestamp(modified, `modified time of ${oid}`) : null,
  };
  return checkProgramme(input);
}
