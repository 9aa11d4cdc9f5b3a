import type { ParamMatcher } from '@sveltejs/kit';
import { catalogueSegment } from '$server/shared/urls/catalogue-urls';

const segments = new Set(Object.values(catalogueSegment));

export const match: ParamMatcher = (param) => segments.has(param);
