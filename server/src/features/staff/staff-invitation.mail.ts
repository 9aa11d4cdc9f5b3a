import { compose, type MailLang, type ComposedMail } from '../../conversations/mail-layout.js';

/** The person's first language the console speaks; Finnish otherwise. */
export function invitationLang(languages: string[]): MailLang {
  return (
    (languages.find((code) => code === 'fi' || code === 'sv' || code === 'en') as MailLang | undefined) ??
    'fi'
  );
}

const locales: Record<MailLang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

const staffFooter: Record<MailLang, string> = {
  fi: 'OpinTori – koulutusneuvonnan henkilökunnan työtila. Tämä viesti on lähetetty automaattisesti; siihen ei voi vastata.',
  sv: 'OpinTori – arbetsyta för utbildningsrådgivningens personal. Meddelandet skickades automatiskt; det går inte att svara på det.',
  en: 'OpinTori – the workspace of the education guidance staff. This message was sent automatically; replies are not read.',
};

/** The mail with a person's link to set their password: as a new member of staff, or anew. */
export function invitationMail(
  lang: MailLang,
  input: { name: string; url: string; expiresAt: Date; kind: 'new' | 'reset' },
): ComposedMail {
  const until = new Intl.DateTimeFormat(locales[lang], {
    timeZone: 'Europe/Helsinki',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(input.expiresAt);
  const first = input.name.split(' ')[0] ?? input.name;
  const text = {
    fi: {
      subject: input.kind === 'new' ? 'Kutsu OpinTorin henkilökuntaan' : 'Aseta uusi salasana OpinToriin',
      hello: `Hei ${first},`,
      lead:
        input.kind === 'new'
          ? 'sinulle on luotu tunnus OpinTorin työtilaan, jossa ohjaajat vastaavat aikuisten koulutuskysymyksiin chatissa, sähköpostilla, puhelimessa ja videolla. Aseta itsellesi salasana alla olevasta linkistä.'
          : 'ylläpitäjä lähetti sinulle linkin uuden salasanan asettamiseen OpinToriin. Nykyinen salasanasi toimii, kunnes asetat uuden.',
      link: `Linkki toimii kerran ja ${until} asti:`,
      ignore:
        'Jos et odottanut tätä viestiä, voit jättää sen huomiotta. Kukaan muu ei näe salasanaasi, eikä OpinTori koskaan kysy sitä sähköpostilla.',
    },
    sv: {
      subject:
        input.kind === 'new' ? 'Inbjudan till OpinToris personal' : 'Ange ett nytt lösenord i OpinTori',
      hello: `Hej ${first},`,
      lead:
        input.kind === 'new'
          ? 'ett konto har skapats åt dig i OpinToris arbetsyta, där rådgivarna svarar på vuxnas utbildningsfrågor i chatt, per e-post, telefon och video. Ange ett lösenord via länken nedan.'
          : 'en administratör skickade dig en länk för att ange ett nytt lösenord i OpinTori. Ditt nuvarande lösenord fungerar tills du anger ett nytt.',
      link: `Länken fungerar en gång och till ${until}:`,
      ignore:
        'Om du inte väntade dig det här meddelandet kan du lämna det utan åtgärd. Ingen annan ser ditt lösenord, och OpinTori frågar aldrig efter det per e-post.',
    },
    en: {
      subject: input.kind === 'new' ? 'Your invitation to the OpinTori staff' : 'Set a new OpinTori password',
      hello: `Hello ${first},`,
      lead:
        input.kind === 'new'
          ? 'an account has been made for you in the OpinTori workspace, where counsellors answer adults’ questions about education by chat, email, phone and video. Set your password through the link below.'
          : 'an administrator sent you a link to set a new OpinTori password. Your current password keeps working until you set a new one.',
      link: `The link works once, until ${until}:`,
      ignore:
        'If you did not expect this message you can ignore it. Nobody else sees your password, and OpinTori never asks for it by email.',
    },
  }[lang];
  return compose(
    lang,
    text.subject,
    [text.hello, text.lead, `${text.link}\n${input.url}`, text.ignore],
    undefined,
    staffFooter[lang],
  );
}
