import type { ParamMatcher } from '@sveltejs/kit';
import { guideSegment } from '$server/features/articles/article-urls';

const segments = new Set(Object.values(guideSegment));

export const match: ParamMatcher = (param) => segments.has(param);
