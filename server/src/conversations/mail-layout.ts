import { escapeHtml } from '../shared/html.js';
import { legalUrl, type LegalPage } from '../shared/urls/legal-urls.js';

/**
 * The frame of every mail the service sends, in Finnish, Swedish and English, each as plain
 * text and as simple HTML: every value is escaped in the HTML; the text part is what most
 * clients show. The mails themselves are written by the features that send them (*.mail.ts)
 * with compose(); queueMail renders them, so no mail leaves without the frame and its links.
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

/** Links to choose from, one a line (the one-click ratings of a feedback request). */
export interface MailChoices {
  choices: { label: string; url: string }[];
}

/** A paragraph of plain text, a link card or a list of links. */
export type MailPart = string | MailLink | MailChoices;

/**
 * A mail as its feature writes it, before the frame is added: queueMail renders it with the
 * service's address (renderMail), so every mail that goes out ends with the same footer.
 */
export interface ComposedMail {
  lang: MailLang;
  subject: string;
  parts: MailPart[];
  quote?: string;
  footer: string;
}

/**
 * Paragraphs of plain text (blank-line separated; a paragraph may be a link card or a list of
 * links), an optional quote and a closing line: the mail, to be rendered when it is queued.
 */
export function compose(
  lang: MailLang,
  subject: string,
  paragraphs: MailPart[],
  quote?: string,
  /** Another closing line than the clients' one (mail to staff). */
  footerText: string = footer[lang],
): ComposedMail {
  return {
    lang,
    subject,
    parts: paragraphs.filter((p) => p !== ''),
    ...(quote ? { quote } : {}),
    footer: footerText,
  };
}

/** Where the privacy notice and the accessibility statement are, in the mail's language. */
const legalLinkLabels: Record<MailLang, Record<LegalPage, string>> = {
  fi: { privacy: 'Tietosuojaseloste', accessibility: 'Saavutettavuusseloste' },
  sv: { privacy: 'Dataskyddsbeskrivning', accessibility: 'Tillgänglighetsutlåtande' },
  en: { privacy: 'Privacy notice', accessibility: 'Accessibility statement' },
};

/** The statutory pages every mail links to, absolute on the service's address. */
export function legalLinks(lang: MailLang, publicUrl: string): { label: string; url: string }[] {
  return (['privacy', 'accessibility'] as const).map((page) => ({
    label: legalLinkLabels[lang][page],
    url: `${publicUrl}${legalUrl(page, lang)}`,
  }));
}

const isLink = (p: MailPart): p is MailLink => typeof p !== 'string' && 'title' in p;

const partText = (p: MailPart): string =>
  typeof p === 'string'
    ? p
    : isLink(p)
      ? [p.title, p.summary, p.url].filter(Boolean).join('\n')
      : p.choices.map((c) => `${c.label}: ${c.url}`).join('\n');

const linkTag = (url: string, label: string, style = '') =>
  `<a href="${escapeHtml(url)}"${style ? ` style="${style}"` : ''}>${escapeHtml(label)}</a>`;

/**
 * A paragraph's text as HTML: escaped, line breaks kept, and its web addresses (a join link, a
 * cancellation link) clickable; a full stop or bracket after an address stays outside it.
 */
function paragraphHtml(text: string): string {
  let html = '';
  let from = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"']+/g)) {
    const url = match[0].replace(/[.,;:!?)]+$/, '');
    html += escapeHtml(text.slice(from, match.index)) + linkTag(url, url, 'color:#0b4f71');
    from = match.index + url.length;
  }
  return (html + escapeHtml(text.slice(from))).replaceAll('\n', '<br>');
}

function partHtml(p: MailPart): string {
  if (typeof p === 'string') return `<p style="margin:0 0 1em">${paragraphHtml(p)}</p>`;
  if (isLink(p)) {
    return `<p style="margin:0 0 1em;padding:0.5em 1em;border-left:3px solid #2f6f9f">${linkTag(p.url, p.title)}<br>${escapeHtml(p.summary)}</p>`;
  }
  const items = p.choices
    .map(
      (c) => `<li style="margin:0 0 .5em">${linkTag(c.url, c.label, 'color:#0b4f71;font-weight:600')}</li>`,
    )
    .join('\n');
  return `<ul style="margin:0 0 1em;padding-left:1.2em">\n${items}\n</ul>`;
}

/** The mail's own words without the quote, the closing line or the links (a calendar file's description). */
export const bodyText = (mail: ComposedMail): string => mail.parts.map(partText).join('\n\n');

/**
 * The mail as sent: the text part and simple HTML (every value escaped), each ending with the
 * closing line and the links to the privacy notice and the accessibility statement.
 */
export function renderMail(mail: ComposedMail, publicUrl: string): RenderedMail {
  const { lang, subject, parts, quote } = mail;
  const legal = legalLinks(lang, publicUrl);
  const quoted = quote
    ? [
        quote
          .split('\n')
          .map((line) => `> ${line}`)
          .join('\n'),
      ]
    : [];
  const legalText = legal.map((l) => `${l.label}: ${l.url}`).join('\n');
  const text = [...parts.map(partText), ...quoted, '--', mail.footer, legalText].join('\n\n');
  const htmlQuote = quote
    ? `<blockquote style="margin:0 0 1em;padding-left:1em;border-left:3px solid #9aa5b1;color:#3e4c59">${escapeHtml(quote).replaceAll('\n', '<br>')}</blockquote>`
    : '';
  const small = 'font-size:14px;color:#3e4c59';
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:16px;line-height:1.5;color:#1f2933;max-width:40em">
${parts.map(partHtml).join('\n')}
${htmlQuote}
<hr style="border:0;border-top:1px solid #cbd2d9">
<p style="${small}">${escapeHtml(mail.footer)}</p>
<p style="${small}">${legal.map((l) => linkTag(l.url, l.label, 'color:#0b4f71')).join(' · ')}</p>
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
