/**
 * How the process stops on SIGTERM or SIGINT. The first signal runs the drain steps in order
 * (stop taking work, finish what is under way, close the app, close the database) and exits 0,
 * or 1 when a step failed. The whole drain is bounded: after `timeoutMs` the process exits 1
 * with a log line naming the step it was waiting for. A second signal during the drain is an
 * operator who will not wait: what can be closed at once is closed and the process exits 130
 * (the shell's code for an interrupted command), so a supervisor sees that the drain was cut.
 */

/** The exit codes of a shutdown, documented in docs/operations.md (Restarts). */
export const EXIT_DRAINED = 0;
export const EXIT_FAILED = 1;
export const EXIT_INTERRUPTED = 130;

export interface ShutdownStep {
  name: string;
  run(): Promise<unknown> | unknown;
}

interface ShutdownLog {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface ShutdownOptions {
  timeoutMs: number;
  steps: ShutdownStep[];
  log: ShutdownLog;
  /** On a second signal: close what can be closed synchronously (connections, sockets). */
  interrupt?: () => void;
  exit(code: number): void;
}

export interface Shutdown {
  /** Call on every signal; the first starts the drain, the next one ends the process at once. */
  signal(name: string): void;
  /** Resolves with the exit code once the drain has ended (for tests; `exit` was called too). */
  readonly finished: Promise<number>;
}

export function createShutdown(options: ShutdownOptions): Shutdown {
  let started = false;
  let exited = false;
  let current = '';
  let resolveFinished: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (resolveFinished = resolve));
  let timer: NodeJS.Timeout | undefined;

  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    clearTimeout(timer);
    resolveFinished(code);
    options.exit(code);
  };

  const drain = async (signal: string) => {
    const startedAt = Date.now();
    options.log.info({ signal, timeoutMs: options.timeoutMs }, 'shutting down: draining');
    timer = setTimeout(() => {
      options.log.error(
        { step: current, timeoutMs: options.timeoutMs },
        'shutdown timed out: exiting with work unfinished',
      );
      exit(EXIT_FAILED);
    }, options.timeoutMs);
    timer.unref();
    let failed = false;
    for (const step of options.steps) {
      if (exited) return;
      current = step.name;
      try {
        await step.run();
      } catch (error) {
        failed = true;
        options.log.error({ err: error, step: step.name }, 'shutdown step failed');
      }
    }
    if (exited) return;
    options.log.info({ ms: Date.now() - startedAt, failed }, 'shut down');
    exit(failed ? EXIT_FAILED : EXIT_DRAINED);
  };

  return {
    finished,
    signal(name) {
      if (exited) return;
      if (!started) {
        started = true;
        void drain(name);
        return;
      }
      options.log.error(
        { signal: name, step: current },
        'second signal: exiting without finishing the drain',
      );
      try {
        options.interrupt?.();
      } finally {
        exit(EXIT_INTERRUPTED);
      }
    },
  };
}

/** Routes SIGTERM and SIGINT to the shutdown (the second of either ends the drain). */
export function onShutdownSignals(shutdown: Shutdown): void {
  process.on('SIGTERM', () => shutdown.signal('SIGTERM'));
  process.on('SIGINT', () => shutdown.signal('SIGINT'));
}
