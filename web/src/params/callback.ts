import type { ParamMatcher } from '@sveltejs/kit';
import { callBackSegment } from '$server/shared/urls/contact-form-urls';

const segments = new Set(Object.values(callBackSegment));

export const match: ParamMatcher = (param) => segments.has(param);
