import type { Masker } from '../engine/ui';

/**
 * Plain data (outputs, run results, summary inputs) with every string masked: masking the values
 * before they are serialised, rather than the JSON or markdown made of them, also catches a secret
 * whose characters the serialisation would escape.
 */
export function maskDeep<T>(value: T, masker: Masker): T {
  return walk(value, masker) as T;
}

function walk(value: unknown, masker: Masker): unknown {
  if (typeof value === 'string') return masker.mask(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, masker));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[masker.mask(k)] = walk(v, masker);
    return out;
  }
  return value;
}
