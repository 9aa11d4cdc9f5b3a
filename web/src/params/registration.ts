import type { ParamMatcher } from '@sveltejs/kit';
import { registrationSegment } from '$server/shared/urls/event-urls';

const segments = new Set(Object.values(registrationSegment));

export const match: ParamMatcher = (param) => segments.has(param);
