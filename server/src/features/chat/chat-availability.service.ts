/** Whether the chat is open and anyone is free: what the widget shows before a chat starts. */
import { findProvider } from '../../conversations/providers.js';
import { chatTopics } from '../../conversations/vocabulary.js';
import { offeredLanguages, ownLanguageName } from '../../conversations/languages.js';
import type { Db } from '../../db/database-types.js';
import { helsinkiClock, minuteText } from '../../shared/helsinki-time.js';
import { selectChatSettings } from './chat.repository.js';
import { effectiveSchedule, intervalsOn, isOpenAt, nextOpening } from './opening-hours.js';
import { queueSnapshot } from './routing.js';

export interface ChatAvailability {
  open: boolean;
  available: boolean;
  reason: 'closed' | 'no_counsellors' | null;
  queueLength: number;
  estimatedWaitSeconds: number;
  maxWaitSeconds: number;
  hoursToday: { opens: string; closes: string }[];
  nextOpen: string | null;
  topics: readonly string[];
  /**
   * The languages a chat may be in (some active counsellor guides in it), named in their own
   * language; `onDuty`: someone who speaks it is available now (otherwise the widget offers a
   * booked time with such a counsellor); `estimatedWaitSeconds`: the wait for a chat started
   * in it now.
   */
  languages: { code: string; name: string; onDuty: boolean; estimatedWaitSeconds: number | null }[];
}

export async function chatAvailability(db: Db, providerSlug: string | undefined): Promise<ChatAvailability> {
  const provider = await findProvider(db, providerSlug);
  const now = new Date();
  const [schedule, queue, settings, offered] = await Promise.all([
    effectiveSchedule(db, provider?.id ?? null),
    queueSnapshot(db),
    selectChatSettings(db),
    offeredLanguages(db),
  ]);
  const open = isOpenAt(schedule, now);
  const available = queue.available > 0;
  const clock = helsinkiClock(now);
  const queueLength = queue.positions.size;
  return {
    open,
    available: open && available,
    reason: !open ? 'closed' : !available ? 'no_counsellors' : null,
    queueLength,
    estimatedWaitSeconds: queue.waitFor(queueLength + 1),
    maxWaitSeconds: settings?.max_wait_seconds ?? 300,
    hoursToday: intervalsOn(schedule, clock.day, clock.weekday).map(([o, c]) => ({
      opens: minuteText(o),
      closes: minuteText(c),
    })),
    nextOpen: open ? null : (nextOpening(schedule, now)?.toISOString() ?? null),
    topics: chatTopics,
    languages: offered.map((code) => ({
      code,
      name: ownLanguageName(code),
      onDuty: open && queue.languagesOnDuty.has(code),
      // Shared among those who speak it; none when nobody speaking it is free.
      estimatedWaitSeconds:
        open && queue.languagesOnDuty.has(code) ? queue.waitFor(queueLength + 1, code) : null,
    })),
  };
}
