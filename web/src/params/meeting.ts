import type { ParamMatcher } from '@sveltejs/kit';
import { meetingSegment } from '$server/shared/urls/meeting-urls';

const segments = new Set(Object.values(meetingSegment));

export const match: ParamMatcher = (param) => segments.has(param);
