import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import type { RequestContext } from '../../access/request-context.js';
import { normaliseQuery } from '../../shared/search/query-normalisation.js';
import { expandTerms } from '../../shared/search/terms.js';
import { escapeHtml } from '../../shared/html.js';
import { isProgrammeId, localText, type CatalogueLang } from './catalogue-vocabulary.js';
import { catalogueIndex } from './catalogue-index.js';
import { programmeUrl } from '../../shared/urls/catalogue-urls.js';
import { searchProgrammeText } from './programme-search.repository.js';
import type { TextTerm } from '../../shared/search/text-query.repository.js';
import { presentProgrammeDetail } from './programme.presenter.js';
import { selectProgrammeDetails } from './programme.repository.js';
import type { ProgrammeDetail } from './programme.schema.js';

/** Query words with their synonyms and (Finnish) consonant-gradation variants, as the guide search reads them. */
export function textTerms(lang: CatalogueLang, q: string): TextTerm[] {
  return expandTerms(lang, normaliseQuery(q)).map(({ position, word }) => ({ position, word }));
}

/** Programmes by id in the order asked, inactive ones too when asked; unknown ids are left out. */
async function details(
  db: Db,
  ids: string[],
  lang: CatalogueLang,
  includeInactive: boolean,
): Promise<ProgrammeDetail[]> {
  if (ids.length === 0) return [];
  const rows = await selectProgrammeDetails(db, ids, includeInactive);
  const now = Date.now();
  const byId = new Map(rows.map((r) => [r.id, presentProgrammeDetail(r, lang, now)] as const));
  return ids.map((id) => byId.get(id)).filter((d): d is ProgrammeDetail => !!d);
}

export async function getProgramme(
  db: Db,
  _ctx: RequestContext,
  id: string,
  lang: CatalogueLang,
): Promise<ProgrammeDetail> {
  const [detail] = isProgrammeId(id) ? await details(db, [id], lang, true) : [];
  if (!detail) throw new AppError('program.not_found', 404, 'No such programme');
  return detail;
}

/** Several programmes at once (shortlist, comparison), in the order asked; unknown ids are left out. */
export async function getProgrammes(
  db: Db,
  _ctx: RequestContext,
  ids: string[],
  lang: CatalogueLang,
): Promise<ProgrammeDetail[]> {
  return details(db, ids.filter(isProgrammeId), lang, true);
}

/** Programmes for the site search (`/api/v1/search?types=program`), best matches first. */
export async function searchProgrammesForSite(db: Db, lang: string, q: string, limit: number) {
  const catalogueLang: CatalogueLang =
    lang === 'sv' || lang === 'en' ? lang : lang === 'fi' || lang === 'fi-selko' ? 'fi' : 'en';
  const words = normaliseQuery(q);
  const hits = await searchProgrammeText(db, catalogueLang, textTerms(catalogueLang, q));
  const index = await catalogueIndex(db);
  // Among equally ranked hits the name closest to the question comes first: the most of its
  // words, then the fewest others — so a programme's exact name finds that programme, not a
  // sibling named the same with a word more. In memory: the index holds every name already.
  const closeness = new Map(
    hits.map((hit) => {
      const item = index.byId.get(hit.id);
      const nameWords = item ? normaliseQuery(localText(item.name, catalogueLang)) : [];
      const shared = words.filter((w) => nameWords.some((n) => n.startsWith(w))).length;
      return [hit.id, { shared, extra: nameWords.length - shared }] as const;
    }),
  );
  const near = (id: string) => closeness.get(id) ?? { shared: 0, extra: 0 };
  return hits
    .sort(
      (a, b) =>
        b.rank - a.rank || near(b.id).shared - near(a.id).shared || near(a.id).extra - near(b.id).extra,
    )
    .slice(0, limit)
    .flatMap((hit) => {
      const item = index.byId.get(hit.id);
      if (!item) return [];
      return [
        {
          type: 'program' as const,
          id: item.id,
          title: localText(item.name, catalogueLang),
          url: programmeUrl(catalogueLang, item.id),
          snippet: escapeHtml(
            `${localText(item.providerName, catalogueLang)} – ${localText(item.summary, catalogueLang)}`.slice(
              0,
              300,
            ),
          ),
          score: Math.round(hit.rank * 10_000) / 10_000,
        },
      ];
    });
}
