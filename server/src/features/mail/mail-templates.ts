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

export type MeetingChannel = 'phone' | 'video' | 'in_person';

const meetingWord: Record<MailLang, Record<MeetingChannel, string>> = {
  fi: { video: 'videotapaaminen', phone: 'puhelinaika', in_person: 'tapaaminen paikan päällä' },
  sv: { video: 'videomöte', phone: 'telefontid', in_person: 'möte på plats' },
  en: { video: 'video meeting', phone: 'phone appointment', in_person: 'face-to-face meeting' },
};

/** "torstaina 3.12.2026 klo 10.00–10.45" in the reader's language, Helsinki time. */
export function meetingTime(lang: MailLang, start: Date, end: Date): string {
  const locale = lang === 'fi' ? 'fi-FI' : lang === 'sv' ? 'sv-FI' : 'en-GB';
  const day = new Intl.DateTimeFormat(locale, {
    timeZone: 'Europe/Helsinki',
    weekday: 'long',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }).format(start);
  const time = (d: Date) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', hour: '2-digit', minute: '2-digit' })
      .format(d)
      .replace(':', lang === 'en' ? ':' : '.');
  const span = `${time(start)}–${time(end)}`;
  return lang === 'fi'
    ? `${day} klo ${span}`
    : lang === 'sv'
      ? `${day} kl. ${span}`
      : `${day}, ${span} (Finnish time)`;
}

export interface MeetingMailInput {
  channel: MeetingChannel;
  start: Date;
  end: Date;
  counsellor: string;
  location: string | null;
  /** Face-to-face: how to find the place, and a map search for its address. */
  directions?: string;
  mapUrl?: string | null;
  manageUrl: string;
  meetingUrl: string | null;
}

/** The directions and the map link under a face-to-face place, when there are any. */
const place = (input: MeetingMailInput, directionsLabel: string, mapLabel: string) =>
  (input.directions ? `\n${directionsLabel}: ${input.directions}` : '') +
  (input.mapUrl ? `\n${mapLabel}: ${input.mapUrl}` : '');

function meetingLines(lang: MailLang, input: MeetingMailInput): string[] {
  const how = {
    fi: {
      video: `Avaa tapaaminen selaimessa tästä linkistä vähän ennen alkua: ${input.meetingUrl ?? ''}\nEt tarvitse sovellusta; kamera ja mikrofoni riittävät, ja voit osallistua myös pelkällä äänellä.`,
      phone: 'Ohjaaja soittaa sinulle antamaasi numeroon. Soitto voi tulla salaisesta numerosta.',
      in_person: `Paikka: ${input.location ?? 'ilmoitetaan myöhemmin'}${place(input, 'Näin löydät perille', 'Kartta')}`,
    },
    sv: {
      video: `Öppna mötet i webbläsaren via den här länken strax innan det börjar: ${input.meetingUrl ?? ''}\nDu behöver ingen app; kamera och mikrofon räcker, och du kan också delta med bara ljud.`,
      phone: 'Vägledaren ringer dig på numret du gav. Samtalet kan komma från ett dolt nummer.',
      in_person: `Plats: ${input.location ?? 'meddelas senare'}${place(input, 'Så hittar du hit', 'Karta')}`,
    },
    en: {
      video: `Open the meeting in your browser with this link shortly before it starts: ${input.meetingUrl ?? ''}\nYou need no app; a camera and microphone are enough, and you can also join with sound only.`,
      phone: 'The counsellor will call the number you gave. The call may come from a hidden number.',
      in_person: `Place: ${input.location ?? 'to be confirmed'}${place(input, 'How to find us', 'Map')}`,
    },
  }[lang][input.channel];
  const manage = {
    fi: `Jos haluat perua tai vaihtaa aikaa: ${input.manageUrl}`,
    sv: `Om du vill avboka eller byta tid: ${input.manageUrl}`,
    en: `To cancel or change the time: ${input.manageUrl}`,
  }[lang];
  return [how, manage];
}

/** The booking confirmation; the calendar file goes with it. */
export function appointmentConfirmation(lang: MailLang, input: MeetingMailInput): RenderedMail {
  const what = meetingWord[lang][input.channel];
  const when = meetingTime(lang, input.start, input.end);
  const intro = {
    fi: `Hei,\n\nvarauksesi on vahvistettu: ${what} ${when}. Ohjaajasi on ${input.counsellor}.`,
    sv: `Hej,\n\ndin bokning är bekräftad: ${what} ${when}. Din vägledare är ${input.counsellor}.`,
    en: `Hello,\n\nyour booking is confirmed: ${what} on ${when}. Your counsellor is ${input.counsellor}.`,
  }[lang];
  const subject = {
    fi: `Varaus vahvistettu: ${what} ${when}`,
    sv: `Bokningen är bekräftad: ${what} ${when}`,
    en: `Booking confirmed: ${what} on ${when}`,
  }[lang];
  return compose(lang, subject, [intro, ...meetingLines(lang, input)]);
}

/** A reminder a day or an hour before. */
export function appointmentReminder(
  lang: MailLang,
  input: MeetingMailInput & { hoursBefore: 24 | 1 },
): RenderedMail {
  const what = meetingWord[lang][input.channel];
  const when = meetingTime(lang, input.start, input.end);
  const soon = {
    fi: input.hoursBefore === 24 ? 'huomenna' : 'tunnin kuluttua',
    sv: input.hoursBefore === 24 ? 'i morgon' : 'om en timme',
    en: input.hoursBefore === 24 ? 'tomorrow' : 'in an hour',
  }[lang];
  const subject = {
    fi: `Muistutus: ${what} ${soon}`,
    sv: `Påminnelse: ${what} ${soon}`,
    en: `Reminder: your ${what} ${soon}`,
  }[lang];
  const intro = {
    fi: `Hei,\n\nmuistutamme tapaamisestasi: ${what} ${when}.`,
    sv: `Hej,\n\nvi påminner om ditt möte: ${what} ${when}.`,
    en: `Hello,\n\na reminder of your ${what} on ${when}.`,
  }[lang];
  return compose(lang, subject, [intro, ...meetingLines(lang, input)]);
}

/** To the counsellor who was booked (in Finnish, the console's first language). */
export function counsellorBookingNotice(input: {
  channel: MeetingChannel;
  start: Date;
  end: Date;
  client: string;
  topic: string;
  consoleUrl: string;
}): RenderedMail {
  const what = meetingWord.fi[input.channel];
  const when = meetingTime('fi', input.start, input.end);
  return compose('fi', `Uusi varaus: ${what} ${when}`, [
    `Sinulle on varattu ${what} ${when}.`,
    `Asiakas: ${input.client}\nAihe: ${input.topic}`,
    `Tiedot ja keskustelu konsolissa: ${input.consoleUrl}`,
  ]);
}

/** How the contact went, after it has been closed: five one-click links, 1 (poor) to 5 (very good). */
export function feedbackRequest(
  lang: MailLang,
  input: { firstName: string | null; links: string[]; validDays: number },
): RenderedMail {
  const subject = {
    fi: 'Miten onnistuimme? – OpinTori',
    sv: 'Hur lyckades vi? – OpinTori',
    en: 'How did we do? – OpinTori',
  }[lang];
  const greeting = {
    fi: input.firstName ? `Hei ${input.firstName},` : 'Hei,',
    sv: input.firstName ? `Hej ${input.firstName},` : 'Hej,',
    en: input.firstName ? `Hello ${input.firstName},` : 'Hello,',
  }[lang];
  const intro = {
    fi: 'kiitos, että otit yhteyttä OpinTori-neuvontaan. Kuinka hyödyllistä saamasi ohjaus oli? Yksi napsautus riittää – arvion jälkeen voit halutessasi kirjoittaa myös kommentin.',
    sv: 'tack för att du kontaktade OpinTori. Hur nyttig var vägledningen du fick? Ett klick räcker – efter betyget kan du också skriva en kommentar om du vill.',
    en: 'thank you for contacting OpinTori. How useful was the guidance you received? One click is enough – after rating you can add a comment if you like.',
  }[lang];
  const labels = {
    fi: ['1 – ei lainkaan hyödyllistä', '2', '3', '4', '5 – erittäin hyödyllistä'],
    sv: ['1 – inte alls nyttig', '2', '3', '4', '5 – mycket nyttig'],
    en: ['1 – not useful at all', '2', '3', '4', '5 – very useful'],
  }[lang];
  const note = {
    fi: `Linkit toimivat ${input.validDays} päivää. Palaute on vapaaehtoista, eikä sitä yhdistetä nimeesi raporteissa.`,
    sv: `Länkarna fungerar i ${input.validDays} dagar. Responsen är frivillig och kopplas inte till ditt namn i rapporterna.`,
    en: `The links work for ${input.validDays} days. Feedback is voluntary and is not tied to your name in the reports.`,
  }[lang];
  const lines = input.links.map((link, i) => `${labels[i]}: ${link}`).join('\n');
  const mail = compose(lang, subject, [`${greeting}\n\n${intro}`, lines, note]);
  const list = input.links
    .map(
      (link, i) =>
        `<li style="margin:0 0 .5em"><a href="${escapeHtml(link)}" style="color:#0b4f71;font-weight:600">${escapeHtml(labels[i] ?? String(i + 1))}</a></li>`,
    )
    .join('\n');
  const html = mail.html.replace(
    `<p style="margin:0 0 1em">${escapeHtml(lines).replaceAll('\n', '<br>')}</p>`,
    `<ul style="margin:0 0 1em;padding-left:1.2em">\n${list}\n</ul>`,
  );
  return { ...mail, html };
}
