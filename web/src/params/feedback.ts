import type { ParamMatcher } from '@sveltejs/kit';
import { feedbackSegment } from '$server/features/outreach/feedback-urls';

const segments = new Set(Object.values(feedbackSegment));

export const match: ParamMatcher = (param) => segments.has(param);
