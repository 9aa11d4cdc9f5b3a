import { error } from '@sveltejs/kit';
import { legalSegment, legalUrl, type LegalPage } from '$server/shared/urls/legal-urls';
import { createLegalApi } from '$lib/api/legal';
import { langs, type Lang } from '$lib/i18n/i18n';
import { retentionRows, type RetentionRow } from '$lib/legal/retention';

/** The longest the privacy notice waits for the retention periods before it goes without them. */
const RETENTION_WAIT_MS = 3000;

/**
 * A statutory page as last published in the console's editor: 404 when the address is another
 * language's segment or the page is not published, 503 when the API cannot answer.
 */
export async function loadLegalPage(
  fetch: typeof globalThis.fetch,
  page: LegalPage,
  lang: Lang,
  segment: string,
) {
  if (segment !== legalSegment[page][lang]) error(404, { message: 'Not found' });
  const result = await createLegalApi(fetch).legalPage(page, lang);
  if (!result.ok) {
    if (result.status === 404) error(404, { message: 'Not found' });
    error(503, { message: result.error.message });
  }
  return {
    legalPage: result.data,
    alternates: langs.map((l) => ({ hreflang: l, href: legalUrl(page, l) })),
  };
}

/**
 * The retention periods for the privacy notice's table, read on every request; null when the
 * service has no such answer (404), fails or is slow: the page then says the service sets them,
 * and is never an error page because of it.
 */
export async function loadRetention(fetch: typeof globalThis.fetch): Promise<RetentionRow[] | null> {
  const answer = createLegalApi(fetch)
    .publicRetention()
    .then((result) => (result.ok ? retentionRows(result.data) : null))
    // An answer that is not JSON after all: the page goes without the table.
    .catch(() => null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), RETENTION_WAIT_MS);
  });
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}
