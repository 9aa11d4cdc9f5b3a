import type { ParamMatcher } from '@sveltejs/kit';
import { searchSegment } from '$server/shared/urls/article-urls';

const segments = new Set(Object.values(searchSegment));

export const match: ParamMatcher = (param) => segments.has(param);
