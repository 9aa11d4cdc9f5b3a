import type { ParamMatcher } from '@sveltejs/kit';
import { compareSegment } from '$server/shared/urls/catalogue-urls';

const segments = new Set(Object.values(compareSegment));

export const match: ParamMatcher = (param) => segments.has(param);
