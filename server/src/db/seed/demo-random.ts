/**
 * A seeded pseudo-random generator (mulberry32) for the demo year: the same seed gives the same
 * year, so tests and every fresh demo see the same shapes. Written out here rather than taken
 * from a package: it is a dozen lines, needs no quality beyond "looks random", and the demo's
 * runtime should not grow a dependency for it.
 */
export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(list: readonly T[]): T;
  /** One of the values, each as likely as its weight. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T;
  /** A count near `expected`: expected × (0.75…1.25), rounded up or down at random. */
  around(expected: number): number;
  /** A version 4 UUID made of the sequence (unique enough for one database). */
  uuid(): string;
  /** Hex digits, for ids that need no UUID form. */
  hex(length: number): string;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const hex = (length: number) => Array.from({ length }, () => Math.floor(next() * 16).toString(16)).join('');
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: (list) => list[Math.floor(next() * list.length)]!,
    weighted(pairs) {
      const total = pairs.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [value, weight] of pairs) {
        roll -= weight;
        if (roll < 0) return value;
      }
      return pairs.at(-1)![0];
    },
    around: (expected) => Math.floor(expected * (0.75 + next() * 0.5) + next()),
    uuid: () => {
      const h = hex(32);
      const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    hex,
  };
}
