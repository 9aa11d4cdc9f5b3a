import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { fileResponse, ok } from '../../http/schemas.js';
import { recordAudit } from '../../access/audit.js';
import type { RequestContext } from '../../access/request-context.js';
import {
  funderGroupSessionTable,
  funderRegionTable,
  funderTable,
  reportTable,
  toCsv,
  type Table,
} from './report-csv.js';
import { funderQuerySchema, reportQuerySchema, type ReportQuery } from './report-range.js';
import { buildFunderReport, type FunderReport } from './funder-report.service.js';
import { buildReport } from './report.service.js';
import { funderReportSchema, reportSchema } from './report.schema.js';

const csvFile = z.object({ file: z.string().regex(/^[a-z-]{1,40}\.csv$/) });
const csvResponse = fileResponse('text/csv', 'A CSV file: semicolon-separated, UTF-8 with a byte order mark');

/** The funder report's tables, each a CSV of its own: its name, what it holds, how it is read from the report. */
const funderCsvTables: Record<string, readonly [summary: string, table: (report: FunderReport) => Table]> = {
  funder: ['The funder report as CSV', funderTable],
  'funder-regions': [
    'The funder report by urban–rural class of the home municipality, as CSV',
    funderRegionTable,
  ],
  'funder-group-sessions': [
    'Group sessions of the funder report per period and format, as CSV',
    funderGroupSessionTable,
  ],
};

function sendCsv(reply: FastifyReply, name: string, from: string, to: string, table: Table) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="opintori-${name}-${from}-${to}.csv"`)
    .header('cache-control', 'private, no-store')
    .send(toCsv(table));
}

/** Per-counsellor figures are about people: their reads are audited. */
async function auditStaffFigures(db: Db, ctx: RequestContext, query: ReportQuery, table: string) {
  await recordAudit(db, ctx, {
    action: 'report.read',
    targetType: 'report',
    targetId: table,
    details: { from: query.from, to: query.to, provider: query.provider ?? null, staff: query.staff ?? null },
  });
}

export const reportRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/v1/reports', {
    schema: {
      tags: ['reports'],
      summary: 'Every report figure for a period and filters (Helsinki days, both inclusive)',
      querystring: reportQuerySchema,
      response: ok(reportSchema),
    },
    handler: async (request) => {
      const report = await buildReport(db, request.context(), request.query);
      if (report.byStaff || request.query.staff) {
        await auditStaffFigures(db, request.context(), request.query, 'all');
      }
      return report;
    },
  });

  app.get('/api/v1/reports/funder', {
    schema: {
      tags: ['reports'],
      summary: 'Anonymous contact counts per period and client group; 1–4 shown as "< 5"',
      querystring: funderQuerySchema,
      response: ok(funderReportSchema),
    },
    handler: async (request) => buildFunderReport(db, request.context(), request.query),
  });

  for (const [name, [summary, tableOf]] of Object.entries(funderCsvTables)) {
    app.get(`/api/v1/reports/${name}.csv`, {
      schema: { tags: ['reports'], summary, querystring: funderQuerySchema, response: ok(csvResponse) },
      handler: async (request, reply) => {
        const report = await buildFunderReport(db, request.context(), request.query);
        return sendCsv(reply, name, request.query.from, request.query.to, tableOf(report));
      },
    });
  }

  app.get('/api/v1/reports/:file', {
    schema: {
      tags: ['reports'],
      summary: 'One report table as CSV (semicolon-separated, UTF-8 with BOM), e.g. channels.csv',
      params: csvFile,
      querystring: reportQuerySchema,
      response: ok(csvResponse),
    },
    handler: async (request, reply) => {
      const name = request.params.file.slice(0, -'.csv'.length);
      if (name.startsWith('funder')) throw new AppError('report.no_table', 404, 'No such report table');
      const report = await buildReport(db, request.context(), request.query);
      const table = reportTable(report, name);
      if (name === 'staff' || request.query.staff) {
        await auditStaffFigures(db, request.context(), request.query, name);
      }
      return sendCsv(reply, name, request.query.from, request.query.to, table);
    },
  });
};
