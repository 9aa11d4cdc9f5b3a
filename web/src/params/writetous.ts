import type { ParamMatcher } from '@sveltejs/kit';
import { writeToUsSegment } from '$server/features/conversations/contact-form-urls';

const segments = new Set(Object.values(writeToUsSegment));

export const match: ParamMatcher = (param) => segments.has(param);
