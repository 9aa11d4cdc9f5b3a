import type { FastifyBaseLogger } from 'fastify';

/** A job that runs every `intervalMs` on every node (each job makes that safe on its own). */
export interface PeriodicJob {
  name: string;
  intervalMs: number;
  /** Also once at start, rather than first after one interval. */
  runAtStart?: boolean;
  /** Does the work; what it returns is logged when it is worth logging (a count above 0). */
  run(): Promise<number | Record<string, unknown> | unknown[] | void>;
}

/** When a job last ran and how it went, for the logs and the metrics. */
export interface JobStatus {
  name: string;
  intervalMs: number;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  /** How long the last finished run took. */
  lastDurationMs: number | null;
  lastError: string | null;
  /** Failed runs since the process started. */
  failures: number;
  running: boolean;
}

const worthLogging = (result: unknown) =>
  Array.isArray(result) ? result.length > 0 : typeof result === 'number' ? result > 0 : !!result;

/**
 * Runs the jobs on timers that never keep the process alive. A run still under way is not
 * overtaken by the next tick, so a slow run makes the job late, never doubled. `stop()` starts
 * no more runs and resolves once the runs under way have finished (a shutdown waits for it
 * before it closes the database under them).
 */
export function startJobs(jobs: PeriodicJob[], log: FastifyBaseLogger) {
  const statuses = new Map<string, JobStatus>();
  const timers: NodeJS.Timeout[] = [];
  const runs = new Set<Promise<void>>();
  let stopped = false;
  for (const job of jobs) {
    const status: JobStatus = {
      name: job.name,
      intervalMs: job.intervalMs,
      lastStartedAt: null,
      lastFinishedAt: null,
      lastDurationMs: null,
      lastError: null,
      failures: 0,
      running: false,
    };
    statuses.set(job.name, status);
    const tick = async () => {
      if (status.running || stopped) return;
      status.running = true;
      const started = new Date();
      status.lastStartedAt = started;
      try {
        const result = await job.run();
        status.lastError = null;
        if (worthLogging(result)) log.info({ job: job.name, result }, 'job done');
      } catch (error) {
        status.lastError = error instanceof Error ? error.message : String(error);
        status.failures += 1;
        log.error({ err: error, job: job.name }, 'job failed');
      } finally {
        status.running = false;
        status.lastFinishedAt = new Date();
        status.lastDurationMs = status.lastFinishedAt.getTime() - started.getTime();
      }
    };
    const start = () => {
      const run = tick();
      runs.add(run);
      void run.finally(() => runs.delete(run));
    };
    if (job.runAtStart) start();
    const timer = setInterval(start, job.intervalMs);
    timer.unref();
    timers.push(timer);
  }
  return {
    statuses: () => [...statuses.values()].map((s) => ({ ...s })),
    async stop(): Promise<void> {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      // tick() never rejects: it logs a failed run itself.
      await Promise.all([...runs]);
    },
  };
}
