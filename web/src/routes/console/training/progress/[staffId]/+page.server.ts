import { error } from '@sveltejs/kit';
import { createTrainingApi } from '$lib/api/training';
import type { PageServerLoad } from './$types';

/** One counsellor's practice over time: their own page, or their trainer's or admin's. */
export const load: PageServerLoad = async ({ fetch, params }) => {
  const progress = await createTrainingApi(fetch).progress(params.staffId);
  if (!progress.ok)
    error(progress.status === 400 ? 404 : progress.status, {
      message: progress.error.message,
      code: progress.error.code,
    });
  return { progress: progress.data };
};
