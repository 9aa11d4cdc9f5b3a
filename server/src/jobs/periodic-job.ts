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

/** When a job last ran, for the logs now and the metrics later. */
export interface JobStatus {
  name: string;
  intervalMs: number;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastError: string | null;
  running: boolean;
}

const worthLogging = (result: unknown) =>
  Array.isArray(result) ? result.length > 0 : typeof result === 'number' ? result > 0 : !!result;

/**
 * Runs the jobs on timers that never keep the process alive. A run still under way is not
 * overtaken by the next tick, so a slow run makes the job late, never doubled.
 */
export function startJobs(jobs: PeriodicJob[], log: FastifyBaseLogger) {
  const statuses = new Map<string, JobStatus>();
  const timers: NodeJS.Timeout[] = [];
  for (const job of jobs) {
    const status: JobStatus = {
      name: job.name,
      intervalMs: job.intervalMs,
      lastStartedAt: null,
      lastFinishedAt: null,
      lastError: null,
      running: false,
    };
    statuses.set(job.name, status);
    const tick = async () => {
      if (status.running) return;
      status.running = true;
      status.lastStartedAt = new Date();
      try {
        const result = await job.run();
        status.lastError = null;
        if (worthLogging(result)) log.info({ job: job.name, result }, 'job done');
      } catch (error) {
        status.lastError = error instanceof Error ? error.message : String(error);
        log.error({ err: error, job: job.name }, 'job failed');
      } finally {
        status.running = false;
        status.lastFinishedAt = new Date();
      }
    };
    if (job.runAtStart) void tick();
    const timer = setInterval(() => void tick(), job.intervalMs);
    timer.unref();
    timers.push(timer);
  }
  return {
    statuses: () => [...statuses.values()].map((s) => ({ ...s })),
    stop() {
      for (const timer of timers) clearInterval(timer);
    },
  };
}
