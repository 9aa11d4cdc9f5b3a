import type { ParamMatcher } from '@sveltejs/kit';
import { bookingSegment } from '$server/shared/urls/booking-urls';

const segments = new Set(Object.values(bookingSegment));

export const match: ParamMatcher = (param) => segments.has(param);
