import type { ImportReport, ReportItem } from './import.service.js';

const listItems = (items: ReportItem[], max = 20) =>
  items
    .slice(0, max)
    .map((i) => `    ${i.externalId}  ${i.name}  (${i.provider})`)
    .concat(items.length > max ? [`    … and ${items.length - max} more`] : []);

/** The import report as the command line prints it. */
export function formatReport(report: ImportReport): string {
  const lines = [
    report.dryRun ? 'Dry run: nothing was written.' : 'Import finished.',
    ...report.files.map((f) => `  ${f.name}: ${f.format}, ${f.encoding}, ${f.programmes} programmes`),
    `Added: ${report.added.length}`,
    ...listItems(report.added),
    `Updated: ${report.updated.length}`,
    ...listItems(report.updated),
    `Unchanged: ${report.unchanged}`,
    `Deactivated: ${report.deactivated.length}`,
    ...listItems(report.deactivated),
    `Rejected: ${report.rejected.length}`,
    ...report.rejected.slice(0, 100).map((r) => `    ${r.ref}: ${r.reason}`),
    `Warnings: ${report.warnings.length}`,
    ...report.warnings.slice(0, 100).map((w) => `    ${w.ref}: ${w.message}`),
  ];
  return lines.join('\n');
}
