import { compose, type MailLang, type ComposedMail } from '../../conversations/mail-layout.js';

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
export function appointmentConfirmation(lang: MailLang, input: MeetingMailInput): ComposedMail {
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
): ComposedMail {
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
}): ComposedMail {
  const what = meetingWord.fi[input.channel];
  const when = meetingTime('fi', input.start, input.end);
  return compose('fi', `Uusi varaus: ${what} ${when}`, [
    `Sinulle on varattu ${what} ${when}.`,
    `Asiakas: ${input.client}\nAihe: ${input.topic}`,
    `Tiedot ja keskustelu konsolissa: ${input.consoleUrl}`,
  ]);
}
