import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { startJobs } from './periodic-job.js';

const quiet = () => {};
const log = { info: quiet, error: quiet, warn: quiet, debug: quiet } as unknown as FastifyBaseLogger;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('periodic jobs', () => {
  it('runs each job on its interval, never two runs of one job at once, and records the last run', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const jobs = startJobs(
      [
        {
          name: 'slow',
          intervalMs: 10,
          runAtStart: true,
          run: async () => {
            running += 1;
            most = Math.max(most, running);
            runs += 1;
            await sleep(35);
            running -= 1;
          },
        },
        {
          name: 'failing',
          intervalMs: 10,
          run: async () => {
            throw new Error('no database');
          },
        },
      ],
      log,
    );
    await sleep(120);
    await jobs.stop();
    expect(most).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(2);
    const [slow, failing] = jobs.statuses();
    expect(slow).toMatchObject({ name: 'slow', intervalMs: 10, lastError: null });
    expect(slow!.lastStartedAt).toBeInstanceOf(Date);
    expect(slow!.lastDurationMs).toBeGreaterThanOrEqual(30);
    expect(slow!.failures).toBe(0);
    expect(failing).toMatchObject({ name: 'failing', lastError: 'no database', running: false });
    expect(failing!.failures).toBeGreaterThanOrEqual(2);
    const after = runs;
    await sleep(60);
    expect(runs).toBe(after);
  });

  it('stops starting runs at once and resolves only when the run under way has finished', async () => {
    let finished = 0;
    let started = 0;
    const jobs = startJobs(
      [
        {
          name: 'long',
          intervalMs: 5,
          runAtStart: true,
          run: async () => {
            started += 1;
            await sleep(80);
            finished += 1;
          },
        },
      ],
      log,
    );
    await sleep(20);
    expect(jobs.statuses()[0]!.running).toBe(true);
    const stopping = jobs.stop();
    let resolved = false;
    void stopping.then(() => (resolved = true));
    await sleep(30);
    expect(resolved).toBe(false);
    await stopping;
    expect(finished).toBe(1);
    expect(started).toBe(1);
    await sleep(30);
    expect(started).toBe(1);
  });
});
