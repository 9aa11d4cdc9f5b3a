import type { Envelope } from './fanout.js';
import { HOME_ROOM } from './rooms.js';

/** How long changes are gathered before the console homes hear of them. */
export const TODAY_SIGNAL_DELAY_MS = 1000;

/**
 * Tells the console homes (sockets in the home room, on every node) that their day changed: a
 * chat queued or taken, a contact arrived, was assigned or closed, a booking made or cancelled.
 * The signal carries nothing: each home reads `GET /api/v1/console/today` again, which shows
 * only what that person may see. Changes within the delay become one signal, so a busy queue
 * costs each home at most one reading per delay.
 */
export function createTodaySignal(deliver: (envelope: Envelope) => void, delayMs = TODAY_SIGNAL_DELAY_MS) {
  let timer: NodeJS.Timeout | undefined;
  return {
    schedule(): void {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        deliver({ ns: 'staff', rooms: [HOME_ROOM], event: 'today', payload: {} });
      }, delayMs);
    },
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
