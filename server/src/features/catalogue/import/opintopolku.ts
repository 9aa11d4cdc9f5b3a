import { MAX_JSON_DEPTH, jsonTextTooDeep } from '../../../shared/json-depth.js';
import { asArray, isObj, str, type Obj } from './opintopolku-json.js';
import { readToteutus, type Context } from './opintopolku-toteutus.js';
import {
  ImportFileError,
  RowError,
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
