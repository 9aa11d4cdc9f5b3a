import type { ParamMatcher } from '@sveltejs/kit';
import { eventsSegment } from '$server/shared/urls/event-urls';

const segments = new Set(Object.values(eventsSegment));

export const match: ParamMatcher = (param) => segments.has(param);
