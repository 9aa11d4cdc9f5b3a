import type { ParamMatcher } from '@sveltejs/kit';
import { manageSegment } from '$server/shared/urls/booking-urls';

const segments = new Set(Object.values(manageSegment));

export const match: ParamMatcher = (param) => segments.has(param);
