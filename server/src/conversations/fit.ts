import { topicExpertise, type ChatTopic } from './vocabulary.js';

export interface QueueTarget {
  language: string | null;
  topic: string | null;
  queue_organisation_id: string | null;
  queue_expertise: string | null;
  details: Record<string, unknown>;
}

/**
 * How well a counsellor fits a conversation: speaking the client's language matters most,
 * then expertise in the topic, then belonging to the provider whose site the chat came from.
 */
export function fitScore(
  staff: { organisation_id: string | null; languages: string[]; expertise: string[] },
  target: QueueTarget,
): { language: boolean; expertise: boolean; provider: boolean; score: number } {
  const language = !!target.language && staff.languages.includes(target.language);
  const wanted = topicExpertise[target.topic as ChatTopic] ?? [];
  const expertise =
    (target.queue_expertise ? staff.expertise.includes(target.queue_expertise) : false) ||
    wanted.some((area) => staff.expertise.includes(area));
  const provider =
    !!target.details.sourceOrganisationId && target.details.sourceOrganisationId === staff.organisation_id;
  return {
    language,
    expertise,
    provider,
    score: (language ? 4 : 0) + (expertise ? 2 : 0) + (provider ? 1 : 0),
  };
}
