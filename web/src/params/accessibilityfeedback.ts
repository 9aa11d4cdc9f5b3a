import type { ParamMatcher } from '@sveltejs/kit';
import { accessibilityFeedbackSegment } from '$server/shared/urls/legal-urls';

const segments = new Set(Object.values(accessibilityFeedbackSegment));

export const match: ParamMatcher = (param) => segments.has(param);
