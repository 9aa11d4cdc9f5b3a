/** How to apply to an implementation: its hakukohteet, their periods or their haku's, methods and links. */
import type { ApplicationMethod, LocalText } from '../catalogue-vocabulary.js';
import type { ApplicationPeriod } from '../programme.table.js';
import { asArray, asObj, codeUris, readLocalText, str, type Obj } from './opintopolku-json.js';
import { parseTimestamp, RowError, safeUrl } from './programme-input.js';

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

/** The implementation's hakukohteet, their own periods or their haku's. */
export function readApplication(hakukohteet: Obj[], haut: Map<string, Obj>, oid: string) {
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
    const link = readLocalText(hakukohde.hakulomakeLinkki);
    applicationUrl =
      Object.keys(link).length > 0 ? link : { ...readLocalText(haku?.hakulomakeLinkki), ...applicationUrl };
  }
  const applicationLinks: Obj = {};
  for (const [lang, value] of Object.entries(applicationUrl)) {
    const url = safeUrl(value);
    if (url) applicationLinks[lang] = url;
  }
  return {
    application: { methods: [...appMethods], periods: appPeriods },
    applicationUrl: applicationLinks as LocalText,
  };
}
