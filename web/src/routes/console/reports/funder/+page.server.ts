import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api/client';
import { presets, reportParams, today } from '$lib/reports/period';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, url }) => {
  const params = reportParams(url, ['period', 'provider']);
  const result = await createApi(fetch).funderReport(params);
  if (!result.ok && result.status !== 400 && result.status !== 403) {
    error(result.status, { message: result.error.message, code: result.error.code });
  }
  return {
    params: Object.fromEntries(params),
    query: params.toString(),
    presets: presets(today()),
    report: result.ok ? result.data : null,
    errorCode: result.ok ? null : result.error.code,
  };
};
