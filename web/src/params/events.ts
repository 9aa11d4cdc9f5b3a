import type { ParamMatcher } from '@sveltejs/kit';
import { eventsSegment } from '$server/features/events/event-urls';

const segments = new Set(Object.values(eventsSegment));

export const match: ParamMatcher = (param) => segments.has(param);
