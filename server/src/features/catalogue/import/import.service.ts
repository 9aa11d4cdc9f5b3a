import { sql } from 'kysely';
import type { Db } from '../../../db/database-types.js';
import { AppError } from '../../../errors.js';
import { recordAudit } from '../../../access/audit.js';
import { authorize } from '../../../access/policy.js';
import type { RequestContext } from '../../../access/request-context.js';
import { localText } from '../catalogue-vocabulary.js';
import { parseCsv } from './csv.js';
import { decodeText } from './decode.js';
import { parseOpintopolku } from './opintopolku.js';
import {
  contentHash,
  ImportFileError,
  type ImportWarning,
  type ParsedFile,
  type ProgrammeInput,
  type Rejection,
} from './programme-input.js';

export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

export interface ImportOptions {
  providerSlug?: string;
  dryRun: boolean;
  maxBytes: number;
}

export interface ReportItem {
  externalId: string;
  name: string;
  provider: string;
}

export interface ImportReport {
  dryRun: boolean;
  files: { name: string; format: 'opintopolku' | 'csv'; encoding: string; programmes: number }[];
  added: ReportItem[];
  updated: ReportItem[];
  unchanged: number;
  deactivated: ReportItem[];
  rejected: Rejection[];
  warnings: ImportWarning[];
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

interface Planned {
  input: ProgrammeInput;
  source: 'opintopolku' | 'csv';
  organisationId: string;
  providerSlug: string;
  hash: string;
}

const fileError = (error: ImportFileError, status = 400) => new AppError(error.code, status, error.message);

/**
 * Imports programmes from Opintopolku JSON and CSV files. Reads and checks everything first,
 * then writes in one transaction: a file that cannot be read changes nothing. Rows that
 * cannot be used are reported and skipped. Programmes of the same provider and source that
 * are not in the input become inactive. See docs/catalogue-import.md.
 */
export async function importProgrammes(
  db: Db,
  ctx: RequestContext,
  files: ImportFile[],
  options: ImportOptions,
): Promise<ImportReport> {
  if (ctx.actor.type !== 'system') authorize(ctx.actor, 'console.use');
  if (files.length === 0) throw new AppError('import.empty', 400, 'No files to import');
  const total = files.reduce((sum, f) => sum + f.bytes.byteLength, 0);
  if (total > options.maxBytes) {
    throw new AppError(
      'import.too_large',
      413,
      `The input is ${formatBytes(total)}; the limit is ${formatBytes(options.maxBytes)}`,
      {
        limitBytes: options.maxBytes,
      },
    );
  }

  const report: ImportReport = {
    dryRun: options.dryRun,
    files: [],
    added: [],
    updated: [],
    unchanged: 0,
    deactivated: [],
    rejected: [],
    warnings: [],
  };
  const parsed: ParsedFile[] = [];
  for (const file of files) {
    try {
      const { parsed: result, encoding } = parseFile(file);
      parsed.push(result);
      report.files.push({
        name: file.name,
        format: result.source,
        encoding,
        programmes: result.programmes.length,
      });
      report.rejected.push(...result.rejected);
      report.warnings.push(...result.warnings);
    } catch (error) {
      if (error instanceof ImportFileError) throw fileError(error);
      throw error;
    }
  }

  // Providers
  const organisations = await db
    .selectFrom('organisations')
    .select(['id', 'slug', 'opintopolku_oid', 'is_active'])
    .execute();
  const bySlug = new Map(organisations.map((o) => [o.slug, o]));
  const byOid = new Map(organisations.filter((o) => o.opintopolku_oid).map((o) => [o.opintopolku_oid!, o]));
  const forced = options.providerSlug ? bySlug.get(options.providerSlug) : undefined;
  if (options.providerSlug && !forced) {
    throw new AppError('import.unknown_provider', 400, `No provider has the slug "${options.providerSlug}"`);
  }

  const planned: Planned[] = [];
  for (const file of parsed) {
    for (const input of file.programmes) {
      const organisation =
        forced ??
        (input.providerSlug
          ? bySlug.get(input.providerSlug)
          : input.providerOids.map((oid) => byOid.get(oid)).find(Boolean));
      if (!organisation) {
        report.rejected.push({
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

  // Every provider written to must be the actor's to import into: otherwise nothing is.
  const targetIds = [...new Set([...planned.map((p) => p.organisationId), ...(forced ? [forced.id] : [])])];
  if (ctx.actor.type !== 'system') {
    for (const organisationId of targetIds) authorize(ctx.actor, 'catalogue.import', { organisationId });
  }

  const seen = new Map<string, Planned>();
  const duplicates: string[] = [];
  for (const p of planned) {
    const key = `${p.organisationId}\u0000${p.input.externalId}`;
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

  const rejectedIds = new Set(report.rejected.map((r) => r.externalId).filter(Boolean));
  const sources = new Set(parsed.map((p) => p.source));

  const apply = async (trx: Db) => {
    const existing =
      targetIds.length === 0
        ? []
        : await trx
            .selectFrom('programmes')
            .select(['id', 'organisation_id', 'external_id', 'source', 'content_hash', 'is_active', 'name'])
            .where('organisation_id', 'in', targetIds)
            .execute();
    const existingByKey = new Map(existing.map((e) => [`${e.organisation_id}\u0000${e.external_id}`, e]));
    const slugById = new Map(organisations.map((o) => [o.id, o.slug]));
    const now = new Date();
    const inserts: Planned[] = [];

    for (const p of planned) {
      const key = `${p.organisationId}\u0000${p.input.externalId}`;
      const current = existingByKey.get(key);
      const item = {
        externalId: p.input.externalId,
        name: localText(p.input.name, 'fi'),
        provider: p.providerSlug,
      };
      if (!current) {
        report.added.push(item);
        inserts.push(p);
      } else if (current.content_hash !== p.hash || !current.is_active || current.source !== p.source) {
        report.updated.push(item);
        if (!options.dryRun) {
          await trx
            .updateTable('programmes')
            .set({ ...columns(p), is_active: true, deactivated_at: null, updated_at: now })
            .where('id', '=', current.id)
            .execute();
        }
      } else report.unchanged += 1;
    }
    if (!options.dryRun) {
      for (let i = 0; i < inserts.length; i += 500) {
        await trx
          .insertInto('programmes')
          .values(
            inserts.slice(i, i + 500).map((p) => ({
              ...columns(p),
              organisation_id: p.organisationId,
              external_id: p.input.externalId,
            })),
          )
          .execute();
      }
    }

    const vanished = existing.filter(
      (e) =>
        e.is_active &&
        sources.has(e.source) &&
        !seen.has(`${e.organisation_id}\u0000${e.external_id}`) &&
        !rejectedIds.has(e.external_id),
    );
    for (const e of vanished) {
      report.deactivated.push({
        externalId: e.external_id,
        name: localText(e.name, 'fi'),
        provider: slugById.get(e.organisation_id) ?? '',
      });
    }
    if (!options.dryRun && vanished.length > 0) {
      await trx
        .updateTable('programmes')
        .set({ is_active: false, deactivated_at: now, updated_at: now })
        .where(
          'id',
          'in',
          vanished.map((e) => e.id),
        )
        .execute();
    }
  };

  const summary = {
    dryRun: options.dryRun,
    added: report.added.length,
    updated: report.updated.length,
    unchanged: report.unchanged,
    deactivated: report.deactivated.length,
    rejected: report.rejected.length,
  };
  const staffId = ctx.actor.type === 'staff' ? ctx.actor.staffId : null;
  const record = async (trx: Db) => {
    await trx
      .insertInto('catalogue_imports')
      .values({
        organisation_id: targetIds.length === 1 ? targetIds[0]! : null,
        staff_id: staffId,
        source: [...sources].join(','),
        file_name: files
          .map((f) => f.name)
          .join(', ')
          .slice(0, 500),
        dry_run: options.dryRun,
        report: JSON.stringify({ ...summary, rejectedRows: report.rejected.slice(0, 200) }),
      })
      .execute();
    for (const organisationId of targetIds) {
      await recordAudit(trx, ctx, {
        action: 'catalogue.import',
        targetType: 'organisation',
        targetId: organisationId,
        organisationId,
        details: summary,
      });
    }
  };

  if (options.dryRun) {
    await apply(db);
    await record(db);
  } else {
    await db.transaction().execute(async (trx) => {
      await apply(trx);
      await record(trx);
      await sql`update catalogue_state set revision = revision + 1 where id = 1`.execute(trx);
    });
    await sql`analyze programmes`.execute(db);
  }
  return report;
}

function columns(p: Planned) {
  const i = p.input;
  return {
    source: p.source,
    name: JSON.stringify(i.name),
    summary: JSON.stringify(i.summary),
    description: JSON.stringify(i.description),
    qualification_type: i.qualificationType,
    field: i.field,
    qualification_code: i.qualificationCode,
    study_forms: i.studyForms,
    municipalities: i.municipalities,
    online_only: i.onlineOnly,
    languages: i.languages,
    teaching_times: i.teachingTimes,
    continuous_start: i.continuousStart,
    start_dates: i.startDates,
    application: JSON.stringify(i.application),
    application_url: JSON.stringify(i.applicationUrl),
    duration_months: i.durationMonths,
    cost: JSON.stringify(i.cost),
    support: i.support,
    url: i.url,
    source_updated_at: i.sourceUpdatedAt ? new Date(i.sourceUpdatedAt) : null,
    content_hash: p.hash,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
