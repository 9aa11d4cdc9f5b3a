import type { ParamMatcher } from '@sveltejs/kit';
import { guideSegment } from '$server/shared/urls/article-urls';

const segments = new Set(Object.values(guideSegment));

export const match: ParamMatcher = (param) => segments.has(param);
