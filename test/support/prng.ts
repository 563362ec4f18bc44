// Seeded randomness for the crash suites: a run is replayed exactly from its seed (CRASH_SEED=...).

/** mulberry32 (one implementation, with the stand-ins' fault plans). */
export { prng } from '../../infra/local/prng';

/** A whole number from `lo` to `hi`, both included. */
export const between = (rnd: () => number, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));

/** Shuffles `items` in place (Fisher–Yates) and returns them. */
export function shuffle<T>(rnd: () => number, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = between(rnd, 0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** A version-4-shaped UUID drawn from the PRNG (tenant and user ids that a seed reproduces). */
export function seededUuid(rnd: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Math.floor(rnd() * 4) + 8) as number).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
