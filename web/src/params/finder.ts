import type { ParamMatcher } from '@sveltejs/kit';
import { finderSegment } from '$server/shared/urls/catalogue-urls';

const segments = new Set(Object.values(finderSegment));

export const match: ParamMatcher = (param) => segments.has(param);
