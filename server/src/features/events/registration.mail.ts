/** The mails of a group-session registration, in the registrant's page language. */
import { compose, type ComposedMail, type MailLang } from '../../conversations/mail-layout.js';
import { meetingTime } from '../booking/booking.mail.js';

export type RegistrationMailKind =
  'registered' | 'waiting' | 'promoted' | 'reminder_day' | 'reminder_hour' | 'event_cancelled';

export interface RegistrationMailInput {
  kind: RegistrationMailKind;
  title: string;
  start: Date;
  end: Date;
  /** "Verkossa", or the place and municipality. */
  where: string;
  /** Online or hybrid: a join link is to come when there is none yet. */
  online: boolean;
  /** The join link, for a registrant with a place. */
  joinUrl: string | null;
  /** The registration's own page: to see it and to cancel. */
  ownUrl: string;
  /** On the waiting list: the place in it. */
  position: number | null;
  provider: string;
}

const texts = {
  fi: {
    hello: 'Hei,',
    subject: {
      registered: 'Ilmoittautuminen vahvistettu',
      waiting: 'Olet jonossa',
      promoted: 'Sait paikan',
      reminder_day: 'Muistutus: tilaisuus huomenna',
      reminder_hour: 'Muistutus: tilaisuus alkaa tunnin kuluttua',
      event_cancelled: 'Tilaisuus on peruttu',
    },
    intro: {
      registered: 'ilmoittautumisesi on vastaanotettu, ja sinulla on paikka tilaisuudessa',
      waiting:
        'tilaisuus on täynnä, joten olet jonossa. Jos paikka vapautuu, saat siitä viestin. Jonotat tilaisuuteen',
      promoted: 'tilaisuudesta vapautui paikka, ja se on nyt sinun. Tervetuloa tilaisuuteen',
      reminder_day: 'muistutamme huomisesta tilaisuudesta',
      reminder_hour: 'tilaisuus alkaa tunnin kuluttua',
      event_cancelled: 'valitettavasti järjestäjä on perunut tilaisuuden',
    },
    when: 'Aika',
    where: 'Paikka',
    organiser: 'Järjestäjä',
    position: (n: number) => `Olet jonossa sijalla ${n}.`,
    join: (url: string) => `Liity tilaisuuteen tästä linkistä vähän ennen alkua: ${url}`,
    noJoin: 'Liittymislinkki lähetetään sinulle ennen tilaisuutta.',
    calendar: 'Liitteenä on kalenteritiedosto, jonka voit lisätä kalenteriisi.',
    own: (url: string) =>
      `Jos et pääse mukaan, peru ilmoittautumisesi, niin paikka vapautuu jonottajalle: ${url}`,
    ownCancelled: 'Ilmoittautumisesi on poistunut voimasta. Katso muut tilaisuudet tapahtumakalenterista.',
  },
  sv: {
    hello: 'Hej,',
    subject: {
      registered: 'Anmälan bekräftad',
      waiting: 'Du står i kö',
      promoted: 'Du fick en plats',
      reminder_day: 'Påminnelse: evenemanget är i morgon',
      reminder_hour: 'Påminnelse: evenemanget börjar om en timme',
      event_cancelled: 'Evenemanget är inställt',
    },
    intro: {
      registered: 'vi har tagit emot din anmälan, och du har en plats på',
      waiting:
        'evenemanget är fullt, så du står i kö. Om en plats blir ledig får du ett meddelande. Du köar till',
      promoted: 'en plats blev ledig och den är nu din. Välkommen till',
      reminder_day: 'vi påminner om evenemanget i morgon',
      reminder_hour: 'evenemanget börjar om en timme',
      event_cancelled: 'tyvärr har arrangören ställt in evenemanget',
    },
    when: 'Tid',
    where: 'Plats',
    organiser: 'Arrangör',
    position: (n: number) => `Du står som nummer ${n} i kön.`,
    join: (url: string) => `Anslut till evenemanget via den här länken strax innan det börjar: ${url}`,
    noJoin: 'Länken för att ansluta skickas till dig före evenemanget.',
    calendar: 'En kalenderfil finns bifogad som du kan lägga till i din kalender.',
    own: (url: string) =>
      `Om du inte kan delta, avboka din anmälan så att platsen går till någon i kön: ${url}`,
    ownCancelled: 'Din anmälan gäller inte längre. Se de andra evenemangen i evenemangskalendern.',
  },
  en: {
    hello: 'Hello,',
    subject: {
      registered: 'Registration confirmed',
      waiting: 'You are on the waiting list',
      promoted: 'You have a place',
      reminder_day: 'Reminder: the session is tomorrow',
      reminder_hour: 'Reminder: the session starts in an hour',
      event_cancelled: 'The session has been cancelled',
    },
    intro: {
      registered: 'we have received your registration, and you have a place at',
      waiting:
        'the session is full, so you are on the waiting list. If a place opens up, we will tell you. You are waiting for',
      promoted: 'a place opened up and it is now yours. Welcome to',
      reminder_day: 'a reminder of tomorrow’s session',
      reminder_hour: 'the session starts in an hour',
      event_cancelled: 'unfortunately the organiser has cancelled the session',
    },
    when: 'When',
    where: 'Where',
    organiser: 'Organiser',
    position: (n: number) => `You are number ${n} on the waiting list.`,
    join: (url: string) => `Join the session with this link shortly before it starts: ${url}`,
    noJoin: 'The link to join will be sent to you before the session.',
    calendar: 'A calendar file is attached for you to add to your calendar.',
    own: (url: string) =>
      `If you cannot come, please cancel so that the place goes to someone waiting: ${url}`,
    ownCancelled: 'Your registration is no longer valid. See the other sessions in the events calendar.',
  },
} as const;

/** Whether the mail of this kind carries the calendar file (only for a place). */
export const carriesCalendar = (kind: RegistrationMailKind) =>
  kind === 'registered' || kind === 'promoted' || kind === 'event_cancelled';

export function registrationMail(lang: MailLang, input: RegistrationMailInput): ComposedMail {
  const t = texts[lang];
  const withPlace = input.kind !== 'waiting' && input.kind !== 'event_cancelled';
  const details = [
    `${t.when}: ${meetingTime(lang, input.start, input.end)}`,
    `${t.where}: ${input.where}`,
    `${t.organiser}: ${input.provider}`,
  ].join('\n');
  return compose(lang, `${t.subject[input.kind]}: ${input.title}`, [
    `${t.hello}\n\n${t.intro[input.kind]}: ${input.title}.`,
    details,
    input.kind === 'waiting' && input.position !== null ? t.position(input.position) : '',
    withPlace ? (input.joinUrl ? t.join(input.joinUrl) : input.online ? t.noJoin : '') : '',
    carriesCalendar(input.kind) && input.kind !== 'event_cancelled' ? t.calendar : '',
    input.kind === 'event_cancelled' ? t.ownCancelled : t.own(input.ownUrl),
  ]);
}
