import { compose, type MailLang, type ComposedMail } from '../../conversations/mail-layout.js';

/** The transcript of a chat, on the visitor's request. */
export function chatTranscript(
  lang: MailLang,
  input: { lines: { time: string; who: string; body: string }[] },
): ComposedMail {
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
