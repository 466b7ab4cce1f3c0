/**
 * Durations as Packer prints them at the end of a build ("finished after 12 seconds 345
 * milliseconds"): the two largest non-zero units, each pluralised.
 */
const UNITS: readonly [string, number][] = [
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
  ['millisecond', 1],
  ['microsecond', 0.001],
];

export function humanDuration(ms: number): string {
  let rest = Math.max(0, ms);
  const parts: string[] = [];
  for (const [name, size] of UNITS) {
    const n = Math.floor(rest / size + 1e-9);
    if (n > 0) {
      parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
      rest -= n * size;
    }
    if (parts.length === 2) break;
  }
  return parts.length > 0 ? parts.join(' ') : '0 seconds';
}
