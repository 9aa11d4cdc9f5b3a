/**
 * The mails the service sends, in Finnish, Swedish and English, each as plain text and as
 * simple HTML. Every value is escaped in the HTML; the text part is what most clients show.
 */
export type MailLang = 'fi' | 'sv' | 'en';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string) =>
  value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

const footer: Record<MailLang, string> = {
  fi: 'OpinTori – koulutusneuvonta aikuisille. Voit vastata tähän viestiin; vastauksesi tulee samaan keskusteluun. Älä lähetä sähköpostilla henkilötunnusta tai terveystietoja.',
  sv: 'OpinTori – utbildningsrådgivning för vuxna. Du kan svara på det här meddelandet; ditt svar kommer till samma ärende. Skicka inte personbeteckning eller hälsouppgifter per e-post.',
  en: 'OpinTori – education guidance for adults. You can reply to this message; your reply joins the same conversation. Please do not send your personal identity code or health information by email.',
};

/** Paragraphs of plain text (blank-line separated) → the text part and the HTML part. */
function compose(lang: MailLang, subject: string, paragraphs: string[], quote?: string): RenderedMail {
  const parts = paragraphs.filter((p) => p !== '');
  const quoted = quote ? quote.split('\n').map((line) => `> ${line}`) : [];
  const text = [...parts, ...(quoted.length ? [quoted.join('\n')] : []), '--', footer[lang]].join('\n\n');
  const htmlParagraphs = parts
    .map((p) => `<p style="margin:0 0 1em">${escapeHtml(p).replaceAll('\n', '<br>')}</p>`)
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
<p style="font-size:14px;color:#3e4c59">${escapeHtml(footer[lang])}</p>
</body></html>`;
  return { subject, text, html };
}

const weekdayDate = (date: string, lang: MailLang) =>
  new Intl.DateTimeFormat(lang === 'fi' ? 'fi-FI' : lang === 'sv' ? 'sv-FI' : 'en-GB', {
    timeZone: 'Europe/Helsinki',
    weekday: 'long',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }).format(new Date(`${date}T12:00:00Z`));

/** The answer to a new message: it has arrived, what happens next. */
export function contactConfirmation(
  lang: MailLang,
  input: { firstName: string | null; message: string; subject: string | null },
): RenderedMail {
  const greeting = {
    fi: input.firstName ? `Hei ${input.firstName},` : 'Hei,',
    sv: input.firstName ? `Hej ${input.firstName},` : 'Hej,',
    en: input.firstName ? `Hello ${input.firstName},` : 'Hello,',
  }[lang];
  const body = {
    fi: [
      'kiitos viestistäsi OpinTori-neuvontaan. Se on tullut perille, ja ohjaaja vastaa siihen sähköpostilla, yleensä kahden arkipäivän kuluessa.',
      'Jos haluat lisätä jotain, vastaa tähän viestiin. Kiireellisissä asioissa voit myös avata chatin palvelun sivuilla sen aukioloaikana.',
      'Viestisi:',
    ],
    sv: [
      'tack för ditt meddelande till OpinTori. Det har kommit fram, och en vägledare svarar per e-post, oftast inom två vardagar.',
      'Om du vill lägga till något kan du svara på det här meddelandet. I brådskande ärenden kan du också öppna chatten på tjänstens sidor när den är öppen.',
      'Ditt meddelande:',
    ],
    en: [
      'thank you for writing to OpinTori. Your message has arrived, and a counsellor will answer by email, usually within two working days.',
      'If you want to add something, reply to this message. For urgent matters you can also open the chat on the service pages while it is open.',
      'Your message:',
    ],
  }[lang];
  const subject = {
    fi: 'Viestisi on vastaanotettu – OpinTori',
    sv: 'Ditt meddelande har tagits emot – OpinTori',
    en: 'We have received your message – OpinTori',
  }[lang];
  return compose(lang, subject, [greeting, ...body], input.message.slice(0, 2000));
}

/** The answer to a call-back request: the number and the time the client chose. */
export function callbackConfirmation(
  lang: MailLang,
  input: { firstName: string | null; phone: string; window: { date: string; from: string; to: string } },
): RenderedMail {
  const day = weekdayDate(input.window.date, lang);
  // Finnish and Finland-Swedish write times with a dot: klo 10.00–12.00.
  const time = (t: string) => (lang === 'en' ? t : t.replace(':', '.'));
  const from = time(input.window.from);
  const to = time(input.window.to);
  const greeting = {
    fi: input.firstName ? `Hei ${input.firstName},` : 'Hei,',
    sv: input.firstName ? `Hej ${input.firstName},` : 'Hej,',
    en: input.firstName ? `Hello ${input.firstName},` : 'Hello,',
  }[lang];
  const body = {
    fi: [
      `kiitos soittopyynnöstäsi. Ohjaaja soittaa sinulle numeroon ${input.phone} ${day} klo ${from}–${to}.`,
      'Jos emme tavoita sinua, yritämme uudelleen. Soitto tulee ohjaajan numerosta, joka voi näkyä salaisena.',
      'Jos haluat muuttaa aikaa tai perua pyynnön, vastaa tähän viestiin.',
    ],
    sv: [
      `tack för din begäran. En vägledare ringer dig på numret ${input.phone} ${day} kl. ${from}–${to}.`,
      'Om vi inte når dig försöker vi igen. Samtalet kommer från vägledarens nummer, som kan visas som dolt.',
      'Om du vill ändra tiden eller ta tillbaka begäran, svara på det här meddelandet.',
    ],
    en: [
      `thank you for asking us to call. A counsellor will call you on ${input.phone} on ${day} between ${input.window.from} and ${input.window.to} (Finnish time).`,
      'If we do not reach you, we will try again. The call comes from the counsellor’s number, which may show as hidden.',
      'To change the time or cancel the request, reply to this message.',
    ],
  }[lang];
  const subject = {
    fi: 'Soittopyyntösi on vastaanotettu – OpinTori',
    sv: 'Din begäran om samtal har tagits emot – OpinTori',
    en: 'Your call-back request has been received – OpinTori',
  }[lang];
  return compose(lang, subject, [greeting, ...body]);
}

/** A counsellor's answer in an email conversation. */
export function staffReply(
  lang: MailLang,
  input: { subject: string | null; body: string; counsellor: string; provider: string | null },
): RenderedMail {
  const signature = {
    fi: `Ystävällisin terveisin\n${input.counsellor}\n${input.provider ? `${input.provider}, ` : ''}OpinTori-neuvonta`,
    sv: `Med vänliga hälsningar\n${input.counsellor}\n${input.provider ? `${input.provider}, ` : ''}OpinTori`,
    en: `Kind regards\n${input.counsellor}\n${input.provider ? `${input.provider}, ` : ''}OpinTori guidance`,
  }[lang];
  const base = (input.subject ?? '').replace(/^(\s*(re|sv|vs|aw)\s*:\s*)+/i, '').trim();
  const fallback = { fi: 'Vastaus viestiisi', sv: 'Svar på ditt meddelande', en: 'Reply to your message' }[
    lang
  ];
  const subject = base ? `Re: ${base}`.slice(0, 300) : fallback;
  return compose(lang, subject, [input.body, signature]);
}

/** The transcript of a chat, on the visitor's request. */
export function chatTranscript(
  lang: MailLang,
  input: { lines: { time: string; who: string; body: string }[] },
): RenderedMail {
  const subject = {
    fi: 'OpinTori-chatin keskustelu',
    sv: 'Ditt samtal i OpinToris chatt',
    en: 'Your OpinTori chat',
  }[lang];
  const intro = {
    fi: 'Tässä on OpinTori-chatissa käymäsi keskustelu.',
    sv: 'Här är samtalet du förde i OpinToris chatt.',
    en: 'Here is the conversation you had in the OpinTori chat.',
  }[lang];
  return compose(lang, subject, [intro, ...input.lines.map((l) => `[${l.time}] ${l.who}: ${l.body}`)]);
}

export const transcriptNames: Record<MailLang, { you: string; counsellor: string }> = {
  fi: { you: 'Sinä', counsellor: 'Ohjaaja' },
  sv: { you: 'Du', counsellor: 'Vägledare' },
  en: { you: 'You', counsellor: 'Counsellor' },
};
