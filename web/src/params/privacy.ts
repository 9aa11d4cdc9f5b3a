import type { ParamMatcher } from '@sveltejs/kit';
import { legalSegment } from '$server/shared/urls/legal-urls';

const segments = new Set(Object.values(legalSegment.privacy));

export const match: ParamMatcher = (param) => segments.has(param);
