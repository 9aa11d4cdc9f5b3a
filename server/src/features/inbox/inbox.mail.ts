import { compose, type MailLang, type MailLink, type ComposedMail } from '../../conversations/mail-layout.js';

/** A counsellor's answer in an email conversation. */
export function staffReply(
  lang: MailLang,
  input: {
    subject: string | null;
    body: string;
    counsellor: string;
    provider: string | null;
    links?: MailLink[];
  },
): ComposedMail {
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
  return compose(lang, subject, [input.body, ...(input.links ?? []), signature]);
}
