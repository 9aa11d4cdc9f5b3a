import { io, type Socket } from 'socket.io-client';
import type { Today } from '$lib/api/console-home';
import type { ApiResult } from '$lib/api/client';

/**
 * `live`: the staff socket is up and the figures are current; `offline`: the socket is down
 * (socket.io keeps trying) or the last reading failed, so the page shows the figures of
 * `updatedAt`; `refused`: the server ended the connection (the session ended), so only a new
 * sign-in helps.
 */
export type LiveState = 'connecting' | 'live' | 'offline' | 'refused';

/** Readings are spread over this long after a signal, so a room of consoles does not ask at once. */
const SPREAD_MS = 750;
/** Read again this often even without a signal: appointments pass, waits grow, the day turns. */
const REFRESH_MS = 5 * 60_000;
/** A reading that failed while the socket is up is tried again after this long. */
const RETRY_MS = 10_000;

/**
 * The console home's day, kept current: the staff socket (`/staff`, as the home view) says when
 * the day changed and the page reads `GET /api/v1/console/today` again; the signal itself carries
 * nothing. On every (re)connect the day is read again, so nothing missed while offline stays
 * missed. A reading asked for while one is under way runs once that one ends.
 */
export class LiveToday {
  today = $state<Today>() as Today;
  state = $state<LiveState>('connecting');

  #read: (signal: AbortSignal) => Promise<ApiResult<Today>>;
  #socket: Socket | undefined;
  #busy = false;
  #again = false;
  #spread: ReturnType<typeof setTimeout> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #abort = new AbortController();
  #stale = false;

  constructor(initial: Today, read: (signal: AbortSignal) => Promise<ApiResult<Today>>) {
    this.today = initial;
    this.#read = read;
  }

  start(): void {
    const socket = io('/staff', { withCredentials: true, auth: { view: 'home' } });
    this.#socket = socket;
    socket.on('connect', () => {
      this.state = 'live';
      void this.refresh();
    });
    socket.on('disconnect', (reason) => {
      // The server ends the socket itself when the session is revoked: it does not come back.
      this.state = reason === 'io server disconnect' ? 'refused' : 'offline';
    });
    socket.on('connect_error', () => {
      this.state = socket.active ? 'offline' : 'refused';
    });
    socket.on('today', () => this.#schedule());
    this.#timer = setInterval(() => this.#schedule(), REFRESH_MS);
    document.addEventListener('visibilitychange', this.#onVisible);
  }

  stop(): void {
    this.#socket?.disconnect();
    this.#socket = undefined;
    this.#abort.abort();
    clearTimeout(this.#spread);
    clearTimeout(this.#retry);
    clearInterval(this.#timer);
    document.removeEventListener('visibilitychange', this.#onVisible);
  }

  /** Reads the day again now (after a running reading, if one is under way). */
  async refresh(): Promise<void> {
    clearTimeout(this.#retry);
    if (this.#busy) {
      this.#again = true;
      return;
    }
    this.#busy = true;
    try {
      do {
        this.#again = false;
        const result = await this.#read(this.#abort.signal);
        if (this.#abort.signal.aborted) return;
        if (result.ok) {
          this.today = result.data;
          this.#stale = false;
          if (this.#socket?.connected) this.state = 'live';
        } else if (result.status === 401) {
          this.state = 'refused';
          return;
        } else {
          // Kept as it was: the page says since when.
          this.#stale = true;
          this.state = 'offline';
          this.#retry = setTimeout(() => this.#schedule(), RETRY_MS);
        }
      } while (this.#again);
    } finally {
      this.#busy = false;
    }
  }

  /** The next reading, a moment from now; hidden tabs read when they are shown again. */
  #schedule(): void {
    if (this.#spread) return;
    if (document.visibilityState === 'hidden') {
      this.#stale = true;
      return;
    }
    this.#spread = setTimeout(() => {
      this.#spread = undefined;
      void this.refresh();
    }, Math.random() * SPREAD_MS);
  }

  #onVisible = () => {
    if (document.visibilityState === 'visible' && this.#stale) this.#schedule();
  };
}
