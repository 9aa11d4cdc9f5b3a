export type WidgetLang = 'fi' | 'sv' | 'en';

export const messages: Record<WidgetLang, { open: string; label: string }> = {
  fi: { open: 'Kysy ohjaajalta', label: 'OpinTori – koulutusneuvonta aikuisille' },
  sv: { open: 'Fråga en vägledare', label: 'OpinTori – utbildningsrådgivning för vuxna' },
  en: { open: 'Ask a counsellor', label: 'OpinTori – education guidance for adults' },
};

/** The page's language, from <html lang>, reduced to one the widget speaks (Finnish otherwise). */
export function pageLang(doc: Document): WidgetLang {
  const base = (doc.documentElement.lang || 'fi').toLowerCase().split('-')[0];
  return base === 'sv' || base === 'en' ? base : 'fi';
}
