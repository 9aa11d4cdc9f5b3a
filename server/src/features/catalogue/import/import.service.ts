import type { Db } from '../../../db/database-types.js';
import { AppError } from '../../../errors.js';
import { recordAudit } from '../../../access/audit.js';
import { authorize } from '../../../access/policy.js';
import type { RequestContext } from '../../../access/request-context.js';
import { localText } from '../catalogue-vocabulary.js';
import {
  analyzeProgrammes,
  bumpCatalogueRevision,
  deactivateProgrammes,
  insertCatalogueImport,
  insertProgrammes,
  selectImportProviders,
  selectProgrammesOf,
  updateProgramme,
} from './import.repository.js';
import {
  keyPlanned,
  planProgrammes,
  programmeKey,
  readFiles,
  type FileSummary,
  type ImportFile,
  type Planned,
} from './import-plan.js';
import type { ImportWarning, Rejection } from './programme-input.js';

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
  files: FileSummary[];
  added: ReportItem[];
  updated: ReportItem[];
  unchanged: number;
  deactivated: ReportItem[];
  rejected: Rejection[];
  warnings: ImportWarning[];
}

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

  const read = readFiles(files);
  const report: ImportReport = {
    dryRun: options.dryRun,
    files: read.summaries,
    added: [],
    updated: [],
    unchanged: 0,
    deactivated: [],
    rejected: read.rejected,
    warnings: read.warnings,
  };
  const parsed = read.parsed;

  // Providers
  const organisations = await selectImportProviders(db);
  const forced = options.providerSlug
    ? organisations.find((o) => o.slug === options.providerSlug)
    : undefined;
  if (options.providerSlug && !forced) {
    throw new AppError('import.unknown_provider', 400, `No provider has the slug "${options.providerSlug}"`);
  }

  const { planned, rejected } = planProgrammes(parsed, organisations, forced);
  report.rejected.push(...rejected);

  // Every provider written to must be the actor's to import into: otherwise nothing is.
  const targetIds = [...new Set([...planned.map((p) => p.organisationId), ...(forced ? [forced.id] : [])])];
  if (ctx.actor.type !== 'system') {
    for (const organisationId of targetIds) authorize(ctx.actor, 'catalogue.import', { organisationId });
  }

  const seen = keyPlanned(planned);
  const rejectedIds = new Set(report.rejected.map((r) => r.externalId).filter(Boolean));
  const sources = new Set(parsed.map((p) => p.source));

  const apply = async (trx: Db) => {
    const existing = targetIds.length === 0 ? [] : await selectProgrammesOf(trx, targetIds);
    const existingByKey = new Map(existing.map((e) => [programmeKey(e.organisation_id, e.external_id), e]));
    const slugById = new Map(organisations.map((o) => [o.id, o.slug]));
    const now = new Date();
    const inserts: Planned[] = [];

    for (const p of planned) {
      const current = existingByKey.get(programmeKey(p.organisationId, p.input.externalId));
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
        if (!options.dryRun) await updateProgramme(trx, current.id, p, now);
      } else report.unchanged += 1;
    }
    if (!options.dryRun) await insertProgrammes(trx, inserts);

    const vanished = existing.filter(
      (e) =>
        e.is_active &&
        sources.has(e.source) &&
        !seen.has(programmeKey(e.organisation_id, e.external_id)) &&
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
      await deactivateProgrammes(
        trx,
        vanished.map((e) => e.id),
        now,
      );
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
    await insertCatalogueImport(trx, {
      organisationId: targetIds.length === 1 ? targetIds[0]! : null,
      staffId,
      source: [...sources].join(','),
      fileName: files
        .map((f) => f.name)
        .join(', ')
        .slice(0, 500),
      dryRun: options.dryRun,
      report: { ...summary, rejectedRows: report.rejected.slice(0, 200) },
    });
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
      await bumpCatalogueRevision(trx);
    });
    await analyzeProgrammes(db);
  }
  return report;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
