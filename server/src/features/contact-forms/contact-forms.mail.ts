import {
  compose,
  greeting,
  weekdayDate,
  type MailLang,
  type ComposedMail,
} from '../../conversations/mail-layout.js';

/** The answer to a new message: it has arrived, what happens next. */
export function contactConfirmation(
  lang: MailLang,
  input: { firstName: string | null; message: string; subject: string | null },
): ComposedMail {
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
  return compose(lang, subject, [greeting(lang, input.firstName), ...body], input.message.slice(0, 2000));
}

/** The answer to a call-back request: the number and the time the client chose. */
export function callbackConfirmation(
  lang: MailLang,
  input: { firstName: string | null; phone: string; window: { date: string; from: string; to: string } },
): ComposedMail {
  const day = weekdayDate(input.window.date, lang);
  // Finnish and Finland-Swedish write times with a dot: klo 10.00–12.00.
  const time = (t: string) => (lang === 'en' ? t : t.replace(':', '.'));
  const from = time(input.window.from);
  const to = time(input.window.to);
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
  return compose(lang, subject, [greeting(lang, input.firstName), ...body]);
}

/** The answer to accessibility feedback: it has arrived and will be answered within 14 days. */
export function accessibilityConfirmation(
  lang: MailLang,
  input: { page: string; problem: string; dueAt: Date },
): ComposedMail {
  const by = weekdayDate(input.dueAt.toISOString().slice(0, 10), lang);
  const body = {
    fi: [
      'kiitos palautteestasi OpinTori-palvelun saavutettavuudesta. Se on tullut perille.',
      `Vastaamme sinulle tähän osoitteeseen 14 päivän kuluessa, viimeistään ${by}. Jos haluat lisätä jotain, vastaa tähän viestiin.`,
      `Palautteesi koskee: ${input.page}`,
    ],
    sv: [
      'tack för din respons om tillgängligheten i OpinTori. Den har kommit fram.',
      `Vi svarar dig på den här adressen inom 14 dagar, senast ${by}. Om du vill lägga till något kan du svara på det här meddelandet.`,
      `Din respons gäller: ${input.page}`,
    ],
    en: [
      'thank you for your feedback on the accessibility of OpinTori. It has arrived.',
      `We will reply to this address within 14 days, by ${by} at the latest. If you want to add something, reply to this message.`,
      `Your feedback is about: ${input.page}`,
    ],
  }[lang];
  const subject = {
    fi: 'Saavutettavuuspalautteesi on vastaanotettu – OpinTori',
    sv: 'Din respons om tillgängligheten har tagits emot – OpinTori',
    en: 'We have received your accessibility feedback – OpinTori',
  }[lang];
  return compose(lang, subject, [greeting(lang, null), ...body], input.problem.slice(0, 2000));
}
