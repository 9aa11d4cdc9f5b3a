/**
 * One queue per key (a conversation): tasks for the same key run one after another, in the
 * order given; a key with nothing queued runs its task at once. The chat hub queues every
 * delivery to a conversation's staff room behind a re-check of who may watch it, so that a
 * message committed after an access change never reaches a socket that lost access.
 */
export class SerialGates {
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** True while tasks for the key are queued or running. */
  isBusy(key: string): boolean {
    return this.tails.has(key);
  }

  /**
   * Runs the task after every earlier task of the key. A synchronous task on an idle key runs
   * before this returns (deliveries keep their latency when no re-check is under way).
   */
  run<T>(key: string, task: () => T | Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    if (!previous) {
      let result: T | Promise<T>;
      try {
        result = task();
      } catch (error) {
        this.onError(error);
        return Promise.reject(error as Error);
      }
      if (!(result instanceof Promise)) return Promise.resolve(result);
      return this.track(key, result);
    }
    return this.track(key, previous.then(task));
  }

  /** Runs the task like `run`, for callers that do not wait: failures go to `onError` only. */
  schedule(key: string, task: () => unknown): void {
    this.run(key, task).catch(() => {});
  }

  private track<T>(key: string, running: Promise<T>): Promise<T> {
    const settled = running.catch((error: unknown) => this.onError(error));
    this.tails.set(key, settled);
    void settled.finally(() => {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    });
    return running;
  }
}
