import type { ParamMatcher } from '@sveltejs/kit';
import { shortlistSegment } from '$server/shared/urls/catalogue-urls';

const segments = new Set(Object.values(shortlistSegment));

export const match: ParamMatcher = (param) => segments.has(param);
