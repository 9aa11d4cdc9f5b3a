import type { Generated } from 'kysely';
import type { EntryPoint } from '../../conversations/vocabulary.js';

export const searchSources = ['site', 'widget', 'console'] as const;
export type SearchSource = (typeof searchSources)[number];

/** A search or a widget question, scrubbed of personal data (search-log.ts); kept 90 days. */
export interface SearchQueryTable {
  id: Generated<string>;
  created_at: Generated<Date>;
  source: SearchSource;
  lang: string;
  query: string;
  results: number;
  /** What was opened from the results: 'article:<key>' or 'program:<id>'. */
  clicked: string | null;
  clicked_at: Date | null;
}

/** A widget question that the suggestions answered, or that went on to a chat. No text, no person. */
export interface SelfHelpOutcomeTable {
  id: Generated<string>;
  created_at: Generated<Date>;
  lang: string;
  entry: EntryPoint;
  guide_key: string | null;
  outcome: 'answered' | 'chat';
  answered_by: string | null;
  /** The chat it went on to, while that may still turn into 'answered'; null once the chat is gone. */
  conversation_id: string | null;
}
