import type { ParamMatcher } from '@sveltejs/kit';
import { contactSegment } from '$server/shared/urls/catalogue-urls';

const segments = new Set(Object.values(contactSegment));

export const match: ParamMatcher = (param) => segments.has(param);
