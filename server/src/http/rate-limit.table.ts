/** One rate limit's count for one client key in a fixed window (PostgreSQL engine only). */
export interface RateLimitTable {
  key: string;
  hits: number;
  window_started_at: Date;
  window_ends_at: Date;
}
