import type { ParamMatcher } from '@sveltejs/kit';
import { writeToUsSegment } from '$server/shared/urls/contact-form-urls';

const segments = new Set(Object.values(writeToUsSegment));

export const match: ParamMatcher = (param) => segments.has(param);
