import { escapeHtml } from '../../shared/html.js';
import { municipalityName } from '../../shared/municipalities.js';
import type { PersonRecord, RecordConversation } from './person-record.js';

export type ExportLang = 'fi' | 'sv' | 'en';

const words = {
  fi: {
    title: 'Tietosi OpinTori-palvelussa',
    intro:
      'Tässä ovat kaikki tiedot, jotka OpinTori-koulutusneuvonta säilyttää sinusta. Koneluettava versio (JSON) annetaan pyydettäessä samalla kertaa.',
    made: 'Koottu',
    you: 'Yhteystietosi',
    none: 'Ei tallennettuja yhteystietoja.',
    name: 'Etunimi',
    email: 'Sähköposti',
    phone: 'Puhelin',
    language: 'Kieli',
    consent: 'Suostumus yhteydenottoon',
    browser: 'Chat muisti tämän selaimen',
    yes: 'kyllä',
    conversations: 'Yhteydenotot',
    noConversations: 'Ei yhteydenottoja.',
    channel: {
      chat: 'Chat',
      email: 'Sähköposti',
      phone: 'Puhelin',
      video: 'Video',
      in_person: 'Tapaaminen',
      web_form: 'Lomake',
    } as Record<string, string>,
    provider: 'Oppilaitos',
    shared: 'yhteinen neuvonta',
    started: 'Alkoi',
    closed: 'Päättyi',
    kept: 'Säilytetään asti',
    erased: 'Poistettu',
    hold: 'Säilytetään oikeudellisen syyn vuoksi',
    subject: 'Aihe',
    about: 'Kerroit itsestäsi (nimettömät luokat)',
    age: 'ikä',
    situations: {
      working: 'töissä',
      unemployed: 'työtön tai lomautettu',
      new_in_finland: 'muuttanut Suomeen',
      student: 'opiskelija',
      other: 'muu tilanne',
    } as Record<string, string>,
    messages: 'Viestit',
    you2: 'Sinä',
    counsellor: 'Ohjaaja',
    system: 'Palvelu',
    note: 'Ohjaajan muistiinpano',
    attachments: 'Liitteet',
    feedback: 'Palautteesi',
    bookings: 'Varaukset',
    access: 'Keskustelusi avanneet ohjaajat',
    mails: 'Sinulle lähetetyt sähköpostit',
    registrations: 'Ilmoittautumisesi tilaisuuksiin',
    registrationStatus: { registered: 'paikka', waiting: 'jonossa', cancelled: 'peruttu' } as Record<
      string,
      string
    >,
    attended: 'osallistuit',
    details: 'Lomakkeen tiedot',
  },
  sv: {
    title: 'Dina uppgifter i OpinTori',
    intro:
      'Här är alla uppgifter som utbildningsrådgivningen OpinTori har om dig. En maskinläsbar version (JSON) ges samtidigt på begäran.',
    made: 'Sammanställd',
    you: 'Dina kontaktuppgifter',
    none: 'Inga sparade kontaktuppgifter.',
    name: 'Förnamn',
    email: 'E-post',
    phone: 'Telefon',
    language: 'Språk',
    consent: 'Samtycke till kontakt',
    browser: 'Chatten mindes den här webbläsaren',
    yes: 'ja',
    conversations: 'Kontakter',
    noConversations: 'Inga kontakter.',
    channel: {
      chat: 'Chatt',
      email: 'E-post',
      phone: 'Telefon',
      video: 'Video',
      in_person: 'Möte',
      web_form: 'Formulär',
    } as Record<string, string>,
    provider: 'Läroanstalt',
    shared: 'gemensam rådgivning',
    started: 'Började',
    closed: 'Avslutades',
    kept: 'Sparas till',
    erased: 'Raderad',
    hold: 'Sparas av rättsliga skäl',
    subject: 'Ämne',
    about: 'Du berättade om dig själv (anonyma kategorier)',
    age: 'ålder',
    situations: {
      working: 'arbetar',
      unemployed: 'arbetslös eller permitterad',
      new_in_finland: 'flyttat till Finland',
      student: 'studerande',
      other: 'annan situation',
    } as Record<string, string>,
    messages: 'Meddelanden',
    you2: 'Du',
    counsellor: 'Vägledare',
    system: 'Tjänsten',
    note: 'Vägledarens anteckning',
    attachments: 'Bilagor',
    feedback: 'Din respons',
    bookings: 'Bokningar',
    access: 'Vägledare som öppnat ditt ärende',
    mails: 'E-post som skickats till dig',
    registrations: 'Dina anmälningar till evenemang',
    registrationStatus: { registered: 'plats', waiting: 'i kö', cancelled: 'avbokad' } as Record<
      string,
      string
    >,
    attended: 'du deltog',
    details: 'Formulärets uppgifter',
  },
  en: {
    title: 'Your data in OpinTori',
    intro:
      'This is everything the OpinTori education guidance service holds about you. A machine-readable version (JSON) is given with it on request.',
    made: 'Compiled',
    you: 'Your contact details',
    none: 'No contact details stored.',
    name: 'First name',
    email: 'Email',
    phone: 'Phone',
    language: 'Language',
    consent: 'Consent to be contacted',
    browser: 'The chat remembered this browser',
    yes: 'yes',
    conversations: 'Contacts',
    noConversations: 'No contacts.',
    channel: {
      chat: 'Chat',
      email: 'Email',
      phone: 'Phone',
      video: 'Video',
      in_person: 'Meeting',
      web_form: 'Form',
    } as Record<string, string>,
    provider: 'Provider',
    shared: 'shared guidance',
    started: 'Started',
    closed: 'Ended',
    kept: 'Kept until',
    erased: 'Erased',
    hold: 'Kept for a legal reason',
    subject: 'Subject',
    about: 'What you told about yourself (anonymous categories)',
    age: 'age',
    situations: {
      working: 'working',
      unemployed: 'unemployed or laid off',
      new_in_finland: 'moved to Finland',
      student: 'student',
      other: 'other situation',
    } as Record<string, string>,
    messages: 'Messages',
    you2: 'You',
    counsellor: 'Counsellor',
    system: 'Service',
    note: 'Counsellor’s note',
    attachments: 'Attachments',
    feedback: 'Your feedback',
    bookings: 'Bookings',
    access: 'Counsellors who opened your conversation',
    mails: 'Email sent to you',
    registrations: 'Your registrations for sessions',
    registrationStatus: { registered: 'a place', waiting: 'waiting list', cancelled: 'cancelled' } as Record<
      string,
      string
    >,
    attended: 'you attended',
    details: 'What the form recorded',
  },
} satisfies Record<ExportLang, unknown>;

const locale = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const;

function when(lang: ExportLang, value: string | null): string {
  if (!value) return '–';
  return new Intl.DateTimeFormat(locale[lang], {
    timeZone: 'Europe/Helsinki',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(value));
}

const row = (label: string, value: string | null | undefined) =>
  value ? `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>` : '';

/** A form's recorded fields as lines of "key: value" (nested values as JSON). */
function detailLines(details: Record<string, unknown>): string {
  const entries = Object.entries(details).filter(([, v]) => v !== null && v !== undefined && v !== '');
  if (entries.length === 0) return '';
  return `<ul>${entries
    .map(
      ([k, v]) => `<li>${escapeHtml(k)}: ${escapeHtml(typeof v === 'string' ? v : JSON.stringify(v))}</li>`,
    )
    .join('')}</ul>`;
}

/** The client group and home municipality of a contact, in words; null when none was given. */
function aboutYou(lang: ExportLang, c: RecordConversation): string | null {
  const w = words[lang];
  const parts = [
    c.clientAgeBand
      ? `${w.age} ${c.clientAgeBand.replace('_plus', '+').replace('under_', '< ').replace('_', '–')}`
      : null,
    c.clientSituation ? (w.situations[c.clientSituation] ?? c.clientSituation) : null,
    c.clientMunicipality ? municipalityName(c.clientMunicipality, lang) : null,
  ].filter((p): p is string => !!p);
  return parts.length ? parts.join(', ') : null;
}

function conversationSection(lang: ExportLang, c: RecordConversation): string {
  const w = words[lang];
  const author = (m: RecordConversation['messages'][number]) =>
    m.kind === 'note'
      ? `${w.note}${m.staffName ? ` (${m.staffName})` : ''}`
      : m.author === 'client'
        ? w.you2
        : m.author === 'staff'
          ? `${w.counsellor}${m.staffName ? ` ${m.staffName}` : ''}`
          : w.system;
  const messages = c.messages.filter((m) => m.kind !== 'event' || m.body);
  return `<section>
<h3>${escapeHtml(w.channel[c.channel] ?? c.channel)} · ${escapeHtml(when(lang, c.createdAt))}</h3>
<table>
${row(w.provider, c.provider ?? w.shared)}
${row(w.subject, c.subject)}
${row(w.about, aboutYou(lang, c))}
${row(w.started, when(lang, c.createdAt))}
${row(w.closed, c.closedAt ? when(lang, c.closedAt) : null)}
${row(w.kept, c.retainUntil ? when(lang, c.retainUntil) : null)}
${row(w.erased, c.erasedAt ? when(lang, c.erasedAt) : null)}
${row(w.hold, c.legalHold ? when(lang, c.legalHold.at) : null)}
</table>
${Object.keys(c.details).length ? `<h4>${escapeHtml(w.details)}</h4>${detailLines(c.details)}` : ''}
${
  messages.length
    ? `<h4>${escapeHtml(w.messages)}</h4><ol class="messages">${messages
        .map(
          (m) =>
            `<li><p class="meta">${escapeHtml(author(m))} · ${escapeHtml(when(lang, m.createdAt))}</p><p>${escapeHtml(m.body).replaceAll('\n', '<br>')}</p>${
              m.attachments.length
                ? `<p>${escapeHtml(w.attachments)}: ${m.attachments.map((a) => escapeHtml(a.filename)).join(', ')}</p>`
                : ''
            }</li>`,
        )
        .join('\n')}</ol>`
    : ''
}
${c.feedback ? `<h4>${escapeHtml(w.feedback)}</h4><p>${c.feedback.score}/5${c.feedback.comment ? ` – ${escapeHtml(c.feedback.comment)}` : ''}</p>` : ''}
${
  c.bookings.length
    ? `<h4>${escapeHtml(w.bookings)}</h4><ul>${c.bookings
        .map(
          (b) =>
            `<li>${escapeHtml(w.channel[b.channel] ?? b.channel)}: ${escapeHtml(when(lang, b.startsAt))}${b.counsellor ? `, ${escapeHtml(b.counsellor)}` : ''}${b.location ? `, ${escapeHtml(b.location)}` : ''} (${escapeHtml(b.status)})</li>`,
        )
        .join('')}</ul>`
    : ''
}
${
  c.accessLog.length
    ? `<h4>${escapeHtml(w.access)}</h4><ul>${c.accessLog
        .map((a) => `<li>${escapeHtml(a.staffName ?? '–')}, ${escapeHtml(when(lang, a.at))}</li>`)
        .join('')}</ul>`
    : ''
}
</section>`;
}

/** The record as a printable HTML document in the person's language; every value escaped. */
export function exportDocument(lang: ExportLang, record: PersonRecord, madeAt: Date): string {
  const w = words[lang];
  const clients = record.clients.length
    ? record.clients
        .map(
          (c) => `<table>
${row(w.name, c.firstName)}
${row(w.email, c.email)}
${row(w.phone, c.phone)}
${row(w.language, c.preferredLanguage)}
${row(w.consent, c.consentAt ? when(lang, c.consentAt) : null)}
${row(w.browser, c.browserRemembered ? w.yes : null)}
</table>`,
        )
        .join('\n')
    : `<p>${escapeHtml(w.none)}</p>`;
  const conversations = record.conversations.length
    ? record.conversations.map((c) => conversationSection(lang, c)).join('\n')
    : `<p>${escapeHtml(w.noConversations)}</p>`;
  const mails = record.mails.length
    ? `<h2>${escapeHtml(w.mails)}</h2><ol>${record.mails
        .map(
          (m) =>
            `<li><p class="meta">${escapeHtml(when(lang, m.sentAt ?? m.createdAt))} · ${escapeHtml(m.to)}</p><p><strong>${escapeHtml(m.subject)}</strong></p><pre>${escapeHtml(m.text)}</pre></li>`,
        )
        .join('\n')}</ol>`
    : '';
  const registrations = record.registrations.length
    ? `<h2>${escapeHtml(w.registrations)}</h2><ul>${record.registrations
        .map(
          (r) =>
            `<li><strong>${escapeHtml(r.event)}</strong>, ${escapeHtml(when(lang, r.startsAt))}: ${escapeHtml(
              w.registrationStatus[r.status] ?? r.status,
            )}${r.attended ? `, ${escapeHtml(w.attended)}` : ''} <span class="meta">(${escapeHtml(
              when(lang, r.createdAt),
            )})</span></li>`,
        )
        .join('\n')}</ul>`
    : '';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(w.title)}</title>
<style>
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.5;color:#1f2933;max-width:48em;margin:2em auto;padding:0 1em}
table{border-collapse:collapse;margin:0.5em 0}th,td{text-align:left;padding:0.2em 1em 0.2em 0;vertical-align:top}
section{border-top:1px solid #9aa5b1;margin-top:1.5em}.meta{color:#3e4c59;margin:0}
ol.messages{padding-left:1.2em}pre{white-space:pre-wrap;font-family:inherit}
@media print{body{margin:0;max-width:none}section{break-inside:avoid-page}}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(w.title)}</h1>
<p>${escapeHtml(w.intro)}</p>
<p>${escapeHtml(w.made)}: ${escapeHtml(when(lang, madeAt.toISOString()))}</p>
<h2>${escapeHtml(w.you)}</h2>
${clients}
<h2>${escapeHtml(w.conversations)}</h2>
${conversations}
${registrations}
${mails}
</main>
</body>
</html>
`;
}
