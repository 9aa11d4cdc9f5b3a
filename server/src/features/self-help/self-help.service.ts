import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { logSearchQuery } from '../search/search-log.js';
import { entryOf } from './entry-point.js';
import { cardTypes, suggestionLangs } from './suggestions.service.js';

const refSchema = z.object({ type: z.enum(cardTypes), id: z.string().min(1).max(100) });
const refText = (ref: z.infer<typeof refSchema> | undefined) => (ref ? `${ref.type}:${ref.id}` : null);

export const selfHelpSchema = z.object({
  q: z.string().max(500),
  lang: z.string().max(10),
  sourcePage: z.string().max(2000).optional(),
  shown: z.array(refSchema).max(5).default([]),
  opened: z.array(refSchema).max(5).default([]),
  outcome: z.enum(['answered', 'chat']),
});
export type SelfHelpInput = z.infer<typeof selfHelpSchema>;

/**
 * A widget question's outcome: the question goes to the search log (scrubbed, 90 days) and the
 * outcome is counted by entry point — answered by the suggestions, or gone on to a chat.
 */
export async function recordSelfHelp(db: Db, input: SelfHelpInput, serviceOrigin: string | undefined) {
  const lang = (suggestionLangs as readonly string[]).includes(input.lang) ? input.lang : 'fi';
  const { entry, guideKey } = await entryOf(db, input.sourcePage, serviceOrigin);
  await db.transaction().execute(async (trx) => {
    await logSearchQuery(trx, {
      source: 'widget',
      lang,
      query: input.q,
      results: input.shown.length,
      clicked: refText(input.opened[0]),
    });
    await trx
      .insertInto('self_help_outcomes')
      .values({
        lang,
        entry,
        guide_key: guideKey,
        outcome: input.outcome,
        answered_by: input.outcome === 'answered' ? refText(input.opened[0] ?? input.shown[0]) : null,
      })
      .execute();
  });
}
