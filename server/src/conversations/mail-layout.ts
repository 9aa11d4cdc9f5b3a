import { escapeHtml } from '../shared/html.js';

/**
 * The frame of every mail the service sends, in Finnish, Swedish and English, each as plain
 * text and as simple HTML: every value is escaped in the HTML; the text part is what most
 * clients show. The mails themselves are written by the features that send them (*.mail.ts).
 */
export type MailLang = 'fi' | 'sv' | 'en';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const footer: Record<MailLang, string> = {
  fi: 'OpinTori – koulutusneuvonta aikuisille. Voit vastata tähän viestiin; vastauksesi tulee samaan keskusteluun. Älä lähetä sähköpostilla henkilötunnusta tai terveystietoja.',
  sv: 'OpinTori – utbildningsrådgivning för vuxna. Du kan svara på det här meddelandet; ditt svar kommer till samma ärende. Skicka inte personbeteckning eller hälsouppgifter per e-post.',
  en: 'OpinTori – education guidance for adults. You can reply to this message; your reply joins the same conversation. Please do not send your personal identity code or health information by email.',
};

/** "Hei Aino," — or "Hei," without a name. */
export function greeting(lang: MailLang, firstName: string | null): string {
  const hello = { fi: 'Hei', sv: 'Hej', en: 'Hello' }[lang];
  return firstName ? `${hello} ${firstName},` : `${hello},`;
}

/** A guide or programme a counsellor sent as a card: a link with its title and one line. */
export interface MailLink {
  title: string;
  summary: string;
  /** Absolute. */
  url: string;
}

const isLink = (p: string | MailLink): p is MailLink => typeof p !== 'string';

/**
 * Paragraphs of plain text (blank-line separated; a paragraph may be a link card), an optional
 * quote and the footer → the text part and the HTML part.
 */
export function compose(
  lang: MailLang,
  subject: string,
  paragraphs: (string | MailLink)[],
  quote?: string,
  /** Another closing line than the clients' one (mail to staff). */
  footerText: string = footer[lang],
): RenderedMail {
  const parts = paragraphs.filter((p) => p !== '');
  const quoted = quote ? quote.split('\n').map((line) => `> ${line}`) : [];
  const texts = parts.map((p) => (isLink(p) ? [p.title, p.summary, p.url].filter(Boolean).join('\n') : p));
  const text = [...texts, ...(quoted.length ? [quoted.join('\n')] : []), '--', footerText].join('\n\n');
  const htmlParagraphs = parts
    .map((p) =>
      isLink(p)
        ? `<p style="margin:0 0 1em;padding:0.5em 1em;border-left:3px solid #2f6f9f"><a href="${escapeHtml(p.url)}">${escapeHtml(p.title)}</a><br>${escapeHtml(p.summary)}</p>`
        : `<p style="margin:0 0 1em">${escapeHtml(p).replaceAll('\n', '<br>')}</p>`,
    )
    .join('\n');
  const htmlQuote = quote
    ? `<blockquote style="margin:0 0 1em;padding-left:1em;border-left:3px solid #9aa5b1;color:#3e4c59">${escapeHtml(quote).replaceAll('\n', '<br>')}</blockquote>`
    : '';
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:16px;line-height:1.5;color:#1f2933;max-width:40em">
${htmlParagraphs}
${htmlQuote}
<hr style="border:0;border-top:1px solid #cbd2d9">
<p style="font-size:14px;color:#3e4c59">${escapeHtml(footerText)}</p>
</body></html>`;
  return { subject, text, html };
}

/** A calendar day as a mail names it: "maanantai 1.12.2026". */
export const weekdayDate = (date: string, lang: MailLang) =>
  new Intl.DateTimeFormat(lang === 'fi' ? 'fi-FI' : lang === 'sv' ? 'sv-FI' : 'en-GB', {
    timeZone: 'Europe/Helsinki',
    weekday: 'long',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }).format(new Date(`${date}T12:00:00Z`));
