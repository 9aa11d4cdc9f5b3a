import type { ParamMatcher } from '@sveltejs/kit';
import { joinSegment } from '$server/shared/urls/event-urls';

const segments = new Set(Object.values(joinSegment));

export const match: ParamMatcher = (param) => segments.has(param);
