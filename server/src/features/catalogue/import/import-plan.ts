/** The import's first half: reading the files and matching each programme to its provider, before anything is written. */
import { AppError } from '../../../errors.js';
import { parseCsv } from './csv.js';
import { decodeText } from './decode.js';
import type { ProgrammeWrite } from './import.repository.js';
import { parseOpintopolku } from './opintopolku.js';
import {
  contentHash,
  ImportFileError,
  type ImportWarning,
  type ParsedFile,
  type Rejection,
} from './programme-input.js';

export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

export interface FileSummary {
  name: string;
  format: 'opintopolku' | 'csv';
  encoding: string;
  programmes: number;
}

/** A programme read, matched to its provider and hashed: ready to compare and write. */
export interface Planned extends ProgrammeWrite {
  providerSlug: string;
}

/** The providers an import can write to, as it matches them. */
export interface ImportProvider {
  id: string;
  slug: string;
  opintopolku_oid: string | null;
}

/** Opintopolku JSON or CSV: by the file name, else by the first character. */
function parseFile(file: ImportFile): { parsed: ParsedFile; encoding: string } {
  const { text, encoding } = decodeText(file.bytes, file.name);
  const lower = file.name.toLowerCase();
  const looksJson = /^\s*[[{]/.test(text.slice(0, 200));
  if (lower.endsWith('.json') || (!lower.endsWith('.csv') && looksJson)) {
    return { parsed: parseOpintopolku(text, file.name), encoding };
  }
  return { parsed: parseCsv(text, file.name), encoding };
}

const fileError = (error: ImportFileError, status = 400) => new AppError(error.code, status, error.message);

/** Reads every file; a file that cannot be read at all is a coded 400 and stops the import. */
export function readFiles(files: ImportFile[]): {
  parsed: ParsedFile[];
  summaries: FileSummary[];
  rejected: Rejection[];
  warnings: ImportWarning[];
} {
  const parsed: ParsedFile[] = [];
  const summaries: FileSummary[] = [];
  const rejected: Rejection[] = [];
  const warnings: ImportWarning[] = [];
  for (const file of files) {
    try {
      const { parsed: result, encoding } = parseFile(file);
      parsed.push(result);
      summaries.push({
        name: file.name,
        format: result.source,
        encoding,
        programmes: result.programmes.length,
      });
      rejected.push(...result.rejected);
      warnings.push(...result.warnings);
    } catch (error) {
      if (error instanceof ImportFileError) throw fileError(error);
      throw error;
    }
  }
  return { parsed, summaries, rejected, warnings };
}

/**
 * Matches every programme read to its provider: the one forced (`--provider`), else the one its
 * row names by slug, else the one of its organisation OIDs. Programmes without one are rejected.
 */
export function planProgrammes(
  parsed: ParsedFile[],
  providers: ImportProvider[],
  forced: ImportProvider | undefined,
): { planned: Planned[]; rejected: Rejection[] } {
  const bySlug = new Map(providers.map((o) => [o.slug, o]));
  const byOid = new Map(providers.filter((o) => o.opintopolku_oid).map((o) => [o.opintopolku_oid!, o]));
  const planned: Planned[] = [];
  const rejected: Rejection[] = [];
  for (const file of parsed) {
    for (const input of file.programmes) {
      const organisation =
        forced ??
        (input.providerSlug
          ? bySlug.get(input.providerSlug)
          : input.providerOids.map((oid) => byOid.get(oid)).find(Boolean));
      if (!organisation) {
        rejected.push({
          ref: input.ref,
          externalId: input.externalId,
          reason: input.providerSlug
            ? `no provider has the slug "${input.providerSlug}"`
            : 'no provider matches its organisation OIDs; give --provider',
        });
        continue;
      }
      planned.push({
        input,
        source: file.source,
        organisationId: organisation.id,
        providerSlug: organisation.slug,
        hash: contentHash(input),
      });
    }
  }
  return { planned, rejected };
}

/** A programme's key within the catalogue: its provider and its id there. */
export const programmeKey = (organisationId: string, externalId: string) =>
  `${organisationId}\u0000${externalId}`;

/** The planned programmes by key; the same id twice for one provider is a coded 400. */
export function keyPlanned(planned: Planned[]): Map<string, Planned> {
  const seen = new Map<string, Planned>();
  const duplicates: string[] = [];
  for (const p of planned) {
    const key = programmeKey(p.organisationId, p.input.externalId);
    if (seen.has(key))
      duplicates.push(`${p.input.externalId} (${seen.get(key)!.input.ref} and ${p.input.ref})`);
    seen.set(key, p);
  }
  if (duplicates.length > 0) {
    throw new AppError(
      'import.duplicate_id',
      400,
      `The same id appears twice: ${duplicates.slice(0, 5).join('; ')}`,
      {
        duplicates: duplicates.slice(0, 50),
      },
    );
  }
  return seen;
}
