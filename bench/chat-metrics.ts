// The metrics side of the chat benchmark (npm run bench:chat -- --compare-metrics): a scraper
// that reads GET /metrics during a run as Prometheus would, and the comparison of rounds with
// the metrics on and off.
import { percentile, sleep } from './chat-support.js';

/** What the scraper saw during one run with the metrics on. */
export interface ScrapeSummary {
  scrapes: number;
  failures: number;
  /** Milliseconds per scrape, sorted. */
  durations: number[];
  /** Chat messages the server timed from visitors (the delivery histogram's count), at the end. */
  timedDeliveries: number;
  /** The server's own mean arrival → room time for visitors' messages, ms. */
  serverMeanMs: number;
}

/** Reads /metrics every `everyMs` with the bearer token until stopped; then once more. */
export function startScraper(url: string, token: string, everyMs: number) {
  const durations: number[] = [];
  let failures = 0;
  let last = '';
  let stopped = false;
  const scrapeOnce = async () => {
    const started = performance.now();
    try {
      const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      const body = await response.text();
      if (!response.ok) throw new Error(String(response.status));
      durations.push(performance.now() - started);
      last = body;
    } catch {
      failures++;
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await scrapeOnce();
      await sleep(everyMs);
    }
  })();
  let summary: Promise<ScrapeSummary> | undefined;
  const finish = async (): Promise<ScrapeSummary> => {
    stopped = true;
    await loop;
    await scrapeOnce();
    const figure = (name: string) =>
      Number(new RegExp(`^${name}\\{from="visitor"\\} (\\S+)$`, 'm').exec(last)?.[1] ?? NaN);
    const count = figure('opintori_chat_message_delivery_seconds_count');
    const sum = figure('opintori_chat_message_delivery_seconds_sum');
    return {
      scrapes: durations.length,
      failures,
      durations: durations.sort((a, b) => a - b),
      timedDeliveries: count,
      serverMeanMs: (sum / count) * 1000,
    };
  };
  return {
    /** Stops scraping (once; later calls get the same summary). */
    stop: () => (summary ??= finish()),
  };
}

/** One round's figures, as the comparison needs them. */
export interface RoundFigures {
  metrics: boolean;
  ack: number[];
  deliver: number[];
  acked: number;
  delivered: number;
  errors: number;
  rssPeak: number;
  scrape?: ScrapeSummary;
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : '–');
const pooled = (rounds: RoundFigures[], key: 'ack' | 'deliver') =>
  rounds.flatMap((r) => r[key]).sort((a, b) => a - b);
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** Prints the rounds with the metrics off and on, pooled per side, and the ratio on / off. */
export function printComparison(title: string, rounds: RoundFigures[]): void {
  const sides = [false, true].map((on) => {
    const mine = rounds.filter((r) => r.metrics === on);
    const ack = pooled(mine, 'ack');
    const deliver = pooled(mine, 'deliver');
    return {
      name: on ? 'metrics on' : 'metrics off',
      rounds: mine.length,
      sent: mine.reduce((n, r) => n + r.acked + r.errors, 0),
      errors: mine.reduce((n, r) => n + r.errors, 0),
      figures: [
        percentile(ack, 50),
        percentile(ack, 99),
        percentile(deliver, 50),
        percentile(deliver, 99),
        median(mine.map((r) => percentile(r.deliver, 99))),
        median(mine.map((r) => r.rssPeak)),
      ],
    };
  });
  const labels = ['ack p50', 'ack p99', 'del p50', 'del p99', 'del p99 (median of rounds)', 'RSS peak MiB'];
  console.log(`\n${title}`);
  console.log(
    [
      'side'.padEnd(12),
      'rounds',
      'msgs',
      'err',
      ...labels.map((l) => l.padStart(Math.max(8, l.length))),
    ].join('  '),
  );
  for (const side of sides) {
    console.log(
      [
        side.name.padEnd(12),
        String(side.rounds).padStart(6),
        String(side.sent).padStart(4),
        String(side.errors).padStart(3),
        ...side.figures.map((v, i) => ms(v).padStart(Math.max(8, labels[i]!.length))),
      ].join('  '),
    );
  }
  const [off, on] = sides;
  console.log(
    [
      'on / off'.padEnd(12),
      ''.padStart(6),
      ''.padStart(4),
      ''.padStart(3),
      ...on!.figures.map((v, i) =>
        `${(v / off!.figures[i]!).toFixed(2)}×`.padStart(Math.max(8, labels[i]!.length)),
      ),
    ].join('  '),
  );
  for (const round of rounds.filter((r) => r.scrape)) {
    const s = round.scrape!;
    console.log(
      `  round with metrics: ${s.scrapes} scrapes (${s.failures} failed), scrape p50 ${ms(percentile(s.durations, 50))} ms, ` +
        `max ${ms(s.durations.at(-1) ?? NaN)} ms; the server timed ${s.timedDeliveries} visitor messages ` +
        `(${round.acked} acknowledged), mean arrival → room ${ms(s.serverMeanMs)} ms`,
    );
  }
}
