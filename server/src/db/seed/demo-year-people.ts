import type { ClientAgeBand, ClientSituation } from '../../conversations/conversation.table.js';
import { chatTopics, topicExpertise, type ChatTopic } from '../../conversations/vocabulary.js';
import { createRandom, type Random } from './demo-random.js';
import type { UiLanguage, YearTexts } from './demo-year-texts.js';

/*
 * Who the demo year's clients and counsellors are: invented clients marked (demo) with
 * example.invalid addresses, the topics and languages they ask about, the client groups a
 * counsellor notes, and which counsellor takes a contact (one who speaks the language, an
 * expert on the topic more often).
 */

/** A bookable demo counsellor with their weekly hours. */
export interface DemoStaff {
  id: string;
  email: string;
  name: string;
  organisationId: string | null;
  languages: string[];
  expertise: string[];
  hours: {
    channel: string;
    weekday: number;
    startMinute: number;
    endMinute: number;
    location: string | null;
    directions: string;
  }[];
}

export interface PlanContext {
  rng: Random;
  now: Date;
  texts: YearTexts;
  staff: DemoStaff[];
}

const topicWeights: readonly (readonly [ChatTopic, number])[] = [
  ['applying', 22],
  ['financing', 14],
  ['apprenticeship', 12],
  ['recognition', 12],
  ['immigrants', 10],
  ['special_support', 7],
  ['career_change', 15],
  ['other', 8],
];

export function pickTopic(rng: Random): ChatTopic {
  const topic = rng.weighted(topicWeights);
  return chatTopics.includes(topic) ? topic : 'other';
}

/** The language of a written or spoken contact; immigrants' questions come in English often. */
export function pickLanguage(rng: Random, topic: string): UiLanguage {
  return topic === 'immigrants'
    ? rng.weighted([
        ['fi', 50],
        ['en', 45],
        ['sv', 5],
      ])
    : rng.weighted([
        ['fi', 84],
        ['sv', 6],
        ['en', 10],
      ]);
}

/** A counsellor who speaks the language, an expert on the topic three times as likely. */
export function pickHandler(ctx: PlanContext, language: string, topic: string): DemoStaff {
  const experts = new Set<string>(topicExpertise[topic as ChatTopic] ?? []);
  const speakers = ctx.staff.filter((s) => s.languages.includes(language));
  const pool = speakers.length > 0 ? speakers : ctx.staff;
  return ctx.rng.weighted(pool.map((s) => [s, s.expertise.some((e) => experts.has(e)) ? 3 : 1] as const));
}

const plain = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z]/g, '');

/** An invented client: a first name marked (demo), an example.invalid address, a phone number. */
export function inventClient(ctx: PlanContext, language: UiLanguage) {
  const name = ctx.rng.pick(ctx.texts.names[language]);
  return {
    firstName: `${name} (demo)`,
    email: `${plain(name)}.${ctx.rng.hex(4)}@example.invalid`,
    // +358 40 0xx xxxx: a mobile number of the right form, invented.
    phone: `+358400${String(ctx.rng.int(0, 999_999)).padStart(6, '0')}`,
  };
}

/** One of the texts written on a topic in a language. */
export function topicText(
  ctx: PlanContext,
  topic: string,
  language: UiLanguage,
  kind: 'subjects' | 'questions' | 'answers',
): string {
  const texts = ctx.texts.topics[topic as keyof YearTexts['topics']] ?? ctx.texts.topics.other!;
  return ctx.rng.pick(texts[language][kind]);
}

const ageBands: readonly (readonly [ClientAgeBand, number])[] = [
  ['under_25', 18],
  ['25_34', 30],
  ['35_44', 26],
  ['45_54', 17],
  ['55_plus', 9],
];

/**
 * Where the demo clients live: Northern Ostrobothnia by rough population, the countryside
 * somewhat over-represented (the service seeks out remote areas), and a few from elsewhere.
 */
const homeMunicipalities: readonly (readonly [string, number])[] = [
  ['564', 150],
  ['244', 14],
  ['678', 17],
  ['305', 14],
  ['977', 12],
  ['208', 10],
  ['535', 9],
  ['425', 9],
  ['139', 9],
  ['494', 8],
  ['615', 8],
  ['069', 6],
  ['071', 6],
  ['859', 6],
  ['563', 6],
  ['748', 5],
  ['626', 5],
  ['746', 4],
  ['791', 5],
  ['832', 4],
  ['889', 3],
  ['691', 3],
  ['317', 3],
  ['785', 3],
  ['009', 3],
  ['625', 3],
  ['436', 2],
  ['630', 2],
  ['483', 1],
  ['072', 1],
  ['205', 3],
  ['272', 3],
  ['091', 3],
  ['698', 2],
];

/**
 * The municipalities come from a generator of their own, so that adding them left every other
 * draw of the demo year (and what tests know of it) as it was.
 */
const placeRandoms = new WeakMap<Random, Random>();
function placeRandom(rng: Random): Random {
  let own = placeRandoms.get(rng);
  if (!own) placeRandoms.set(rng, (own = createRandom(0x6b756e74)));
  return own;
}

/** The client group and home municipality a counsellor noted, on a share of the contacts (none on the rest). */
export function clientGroup(
  rng: Random,
  topic: string,
  share: number,
): {
  clientAgeBand: ClientAgeBand | null;
  clientSituation: ClientSituation | null;
  clientMunicipality: string | null;
} {
  if (!rng.chance(share)) return { clientAgeBand: null, clientSituation: null, clientMunicipality: null };
  const situation: ClientSituation =
    topic === 'immigrants' && rng.chance(0.7)
      ? 'new_in_finland'
      : rng.weighted([
          ['working', 35],
          ['unemployed', 30],
          ['new_in_finland', 8],
          ['student', 10],
          ['other', 17],
        ]);
  const places = placeRandom(rng);
  return {
    clientAgeBand: rng.weighted(ageBands),
    clientSituation: situation,
    clientMunicipality: places.chance(0.8) ? places.weighted(homeMunicipalities) : null,
  };
}

/** The client's rating some time after closing, on a share of the contacts; none after now. */
export function maybeFeedback(ctx: PlanContext, closedAt: Date, language: UiLanguage, share: number) {
  const { rng } = ctx;
  if (!rng.chance(share)) return undefined;
  const createdAt = new Date(closedAt.getTime() + rng.int(1, rng.chance(0.7) ? 10 : 2_880) * 60_000);
  if (createdAt >= ctx.now) return undefined;
  const score = rng.weighted([
    [5, 55],
    [4, 28],
    [3, 10],
    [2, 4],
    [1, 3],
  ]);
  const comment = rng.chance(0.35) ? rng.pick(ctx.texts.feedbackComments[language]) : '';
  return { score, comment, createdAt };
}

/** The outcome a counsellor chose when closing, by kind of contact. */
export function pickOutcome(rng: Random, kind: 'chat' | 'written' | 'meeting' | 'pop_up'): string {
  const weights: Record<typeof kind, [string, number][]> = {
    chat: [
      ['answered', 45],
      ['application_guidance', 20],
      ['referred_to_provider', 15],
      ['appointment_booked', 8],
      ['referred_to_other_service', 7],
      ['no_answer_needed', 5],
    ],
    written: [
      ['answered', 60],
      ['application_guidance', 15],
      ['referred_to_provider', 15],
      ['referred_to_other_service', 5],
      ['appointment_booked', 5],
    ],
    meeting: [
      ['application_guidance', 45],
      ['answered', 30],
      ['referred_to_provider', 25],
    ],
    pop_up: [
      ['answered', 50],
      ['application_guidance', 25],
      ['referred_to_provider', 15],
      ['appointment_booked', 10],
    ],
  };
  return rng.weighted(weights[kind]);
}
