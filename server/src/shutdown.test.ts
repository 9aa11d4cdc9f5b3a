import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { startJobs } from './jobs/periodic-job.js';
import { createShutdown, type ShutdownStep } from './shutdown.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A shutdown whose exits and log lines are recorded instead of ending the test run. */
function recorded(steps: ShutdownStep[], options: { timeoutMs?: number; interrupt?: () => void } = {}) {
  const exits: number[] = [];
  const lines: { level: string; object: object; message: string }[] = [];
  const log = {
    info: (object: object, message: string) => lines.push({ level: 'info', object, message }),
    error: (object: object, message: string) => lines.push({ level: 'error', object, message }),
  };
  const shutdown = createShutdown({
    timeoutMs: options.timeoutMs ?? 2000,
    steps,
    log,
    exit: (code) => exits.push(code),
    ...(options.interrupt ? { interrupt: options.interrupt } : {}),
  });
  return { shutdown, exits, lines };
}

describe('graceful shutdown', () => {
  it('runs the steps one after the other and exits 0 once the last is done', async () => {
    const order: string[] = [];
    const step = (name: string, ms: number): ShutdownStep => ({
      name,
      run: async () => {
        order.push(`${name} start`);
        await sleep(ms);
        order.push(`${name} end`);
      },
    });
    const { shutdown, exits } = recorded([step('drain', 30), step('app', 10), step('database', 5)]);
    shutdown.signal('SIGTERM');
    expect(await shutdown.finished).toBe(0);
    expect(exits).toEqual([0]);
    expect(order).toEqual([
      'drain start',
      'drain end',
      'app start',
      'app end',
      'database start',
      'database end',
    ]);
  });

  it('waits for the periodic job under way before it closes the database', async () => {
    const events: string[] = [];
    const quiet = () => {};
    const jobLog = { info: quiet, error: quiet, warn: quiet, debug: quiet } as unknown as FastifyBaseLogger;
    const jobs = startJobs(
      [
        {
          name: 'retention',
          intervalMs: 60_000,
          runAtStart: true,
          run: async () => {
            events.push('job started');
            await sleep(150);
            events.push('job finished');
          },
        },
      ],
      jobLog,
    );
    const { shutdown } = recorded([
      { name: 'periodic jobs', run: () => jobs.stop() },
      { name: 'database', run: () => void events.push('database closed') },
    ]);
    await sleep(10);
    shutdown.signal('SIGTERM');
    expect(await shutdown.finished).toBe(0);
    expect(events).toEqual(['job started', 'job finished', 'database closed']);
  });

  it('exits 1 with a log line naming the step when the drain outlasts the timeout', async () => {
    let databaseClosed = false;
    const { shutdown, exits, lines } = recorded(
      [
        { name: 'requests and periodic jobs', run: () => new Promise(() => {}) },
        { name: 'database', run: () => void (databaseClosed = true) },
      ],
      { timeoutMs: 80 },
    );
    const startedAt = Date.now();
    shutdown.signal('SIGTERM');
    expect(await shutdown.finished).toBe(1);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(75);
    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(exits).toEqual([1]);
    expect(databaseClosed).toBe(false);
    const timedOut = lines.find((line) => line.level === 'error');
    expect(timedOut?.message).toMatch(/timed out/);
    expect(timedOut?.object).toEqual({ step: 'requests and periodic jobs', timeoutMs: 80 });
  });

  it('exits 130 at once on a second signal, after closing what closes synchronously', async () => {
    let interrupted = 0;
    let laterStepRan = false;
    const { shutdown, exits, lines } = recorded(
      [
        { name: 'requests and periodic jobs', run: () => sleep(200) },
        { name: 'database', run: () => void (laterStepRan = true) },
      ],
      { timeoutMs: 10_000, interrupt: () => (interrupted += 1) },
    );
    shutdown.signal('SIGTERM');
    await sleep(20);
    expect(exits).toEqual([]);
    shutdown.signal('SIGINT');
    expect(exits).toEqual([130]);
    expect(interrupted).toBe(1);
    expect(await shutdown.finished).toBe(130);
    expect(lines.at(-1)).toMatchObject({
      level: 'error',
      object: { signal: 'SIGINT', step: 'requests and periodic jobs' },
    });
    // A third signal changes nothing, and the cut drain does not go on to exit again.
    shutdown.signal('SIGTERM');
    await sleep(300);
    expect(exits).toEqual([130]);
    expect(laterStepRan).toBe(false);
  });

  it('goes on with the other steps after a failed one, and exits 1', async () => {
    let databaseClosed = false;
    const { shutdown, lines } = recorded([
      {
        name: 'app',
        run: () => {
          throw new Error('close failed');
        },
      },
      { name: 'database', run: () => void (databaseClosed = true) },
    ]);
    shutdown.signal('SIGTERM');
    expect(await shutdown.finished).toBe(1);
    expect(databaseClosed).toBe(true);
    expect(lines.some((line) => line.level === 'error' && line.message === 'shutdown step failed')).toBe(
      true,
    );
  });
});
