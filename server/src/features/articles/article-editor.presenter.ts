/** Articles as the editor sees them: a language version and a revision. */
import type { selectAllVersions, selectRevision } from './article-editor.repository.js';
import type { EditorVersion, RevisionView } from './article-editor.schema.js';

/** A date column (last reviewed) as YYYY-MM-DD, or null. */
export const isoDate = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

type VersionRow = Awaited<ReturnType<typeof selectAllVersions>>[number];

export function presentVersion(row: VersionRow, finnishUpdatedAt: Date | undefined): EditorVersion {
  return {
    lang: row.lang,
    slug: row.slug,
    title: row.title,
    status: row.status,
    revision: row.revision,
    contentUpdatedAt: row.content_updated_at.toISOString(),
    isOutdated:
      row.lang !== 'fi' && finnishUpdatedAt !== undefined && row.content_updated_at < finnishUpdatedAt,
    summary: row.summary,
    bodyMd: row.body_md,
    tags: row.tags,
    lastReviewed: isoDate(row.last_reviewed),
    updatedAt: row.updated_at.toISOString(),
  };
}

type RevisionRow = NonNullable<Awaited<ReturnType<typeof selectRevision>>>;

export function presentRevision(row: RevisionRow): RevisionView {
  return {
    revision: row.revision,
    title: row.title,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by_name,
    slug: row.slug,
    summary: row.summary,
    bodyMd: row.body_md,
    tags: row.tags,
    lastReviewed: isoDate(row.last_reviewed),
  };
}
