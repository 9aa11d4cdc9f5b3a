import { guideSegment, searchSegment } from '$server/shared/urls/article-urls';
import type { Lang } from '$lib/i18n/i18n';

export const guidePath = (lang: Lang) => `/${lang}/${guideSegment[lang]}`;
export const searchPath = (lang: Lang) => `/${lang}/${searchSegment[lang]}`;
