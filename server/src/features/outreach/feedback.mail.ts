import { compose, greeting, type MailLang, type ComposedMail } from '../../conversations/mail-layout.js';

/** How the contact went, after it has been closed: five one-click links, 1 (poor) to 5 (very good). */
export function feedbackRequest(
  lang: MailLang,
  input: { firstName: string | null; links: string[]; validDays: number },
): ComposedMail {
  const subject = {
    fi: 'Miten onnistuimme? – OpinTori',
    sv: 'Hur lyckades vi? – OpinTori',
    en: 'How did we do? – OpinTori',
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
  const choices = input.links.map((url, i) => ({ label: labels[i] ?? String(i + 1), url }));
  return compose(lang, subject, [`${greeting(lang, input.firstName)}\n\n${intro}`, { choices }, note]);
}
