/**
 * Token buckets by key, in this process: `perSecond` refill, `burst` capacity. Idle keys are
 * dropped, so the map stays as small as the number of busy conversations. They stay in memory
 * rather than in the shared store of `http/rate-limit.ts`: they smooth bursts on the connections
 * this node holds (socket messages, SMTP sessions), not a limit across nodes, and a database round
 * trip per message would cost more than the burst it stops.
 */
export class RateBucket {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastPrune = Date.now();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  take(key: string): boolean {
    const now = Date.now();
    if (now - this.lastPrune > 60_000) {
      for (const [k, b] of this.buckets) if (now - b.at > 60_000) this.buckets.delete(k);
      this.lastPrune = now;
    }
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
