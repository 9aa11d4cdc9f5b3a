import type { ParamMatcher } from '@sveltejs/kit';
import { feedbackSegment } from '$server/shared/urls/feedback-urls';

const segments = new Set(Object.values(feedbackSegment));

export const match: ParamMatcher = (param) => segments.has(param);
