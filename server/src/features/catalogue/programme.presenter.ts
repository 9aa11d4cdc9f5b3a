/** Programmes as the catalogue API answers them: a list item, and the full programme page. */
import { municipalityName } from '../../shared/municipalities.js';
import { programmeUrl } from '../../shared/urls/catalogue-urls.js';
import {
  applicationState,
  toIndexedProgramme,
  type ApplicationState,
  type IndexedProgramme,
} from './catalogue-index.js';
import { localText, type CatalogueLang } from './catalogue-vocabulary.js';
import type { ProgrammeDetailRow } from './programme.repository.js';
import type { ProgrammeDetail, ProgrammeListItem } from './programme.schema.js';

export function presentListItem(
  item: IndexedProgramme,
  lang: CatalogueLang,
  state: ApplicationState,
): ProgrammeListItem {
  return {
    id: item.id,
    name: localText(item.name, lang),
    summary: localText(item.summary, lang),
    provider: { slug: item.providerSlug, name: localText(item.providerName, lang) },
    type: item.type,
    field: item.field,
    municipalities: item.municipalities.map((code) => ({ code, name: municipalityName(code, lang) })),
    onlineOnly: item.onlineOnly,
    languages: item.languages,
    studyForms: item.studyForms,
    support: item.support,
    start: { continuous: item.continuousStart, dates: item.startDates },
    application: {
      continuous: state.continuous,
      openNow: state.openNow,
      opensSoon: state.opensSoon,
      closesAt: state.closesAt === null ? null : new Date(state.closesAt).toISOString(),
      opensAt: state.opensAt === null ? null : new Date(state.opensAt).toISOString(),
      methods: item.application.methods,
      periods: item.application.periods,
    },
    durationMonths: item.durationMonths,
    costEur: item.costEur,
    url: programmeUrl(lang, item.id),
  };
}

/** One programme's page: the list item's facts, its texts, links and where it came from. */
export function presentProgrammeDetail(
  r: ProgrammeDetailRow,
  lang: CatalogueLang,
  now: number,
): ProgrammeDetail {
  const indexed = toIndexedProgramme({ ...r, start_dates: r.start_days });
  const item = presentListItem(indexed, lang, applicationState(indexed, now));
  return {
    ...item,
    provider: { ...item.provider, website: r.website },
    description: localText(r.description, lang),
    names: r.name,
    qualificationCode: r.qualification_code,
    teachingTimes: r.teaching_times,
    applicationUrl:
      r.application_url[lang] ?? r.application_url.fi ?? r.application_url.en ?? r.application_url.sv ?? null,
    infoUrl: r.url,
    costNote: localText(r.cost.note, lang),
    externalId: r.external_id,
    source: r.source,
    updatedAt: (r.source_updated_at ?? r.updated_at).toISOString(),
    active: r.is_active,
  };
}
