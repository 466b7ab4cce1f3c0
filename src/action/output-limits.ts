import type { DiagnosticRecord } from './diagnostics';

/**
 * GitHub refuses a step output over 1 MB. The `diagnostics` output keeps as many diagnostics as fit
 * (each text clipped), and when some are left out its last entry says how many; the step log
 * still lists them all.
 */

export const OUTPUT_LIMIT = 1024 * 1024 - 16 * 1024;
const MAX_DETAIL_CHARS = 16 * 1024;
const MAX_SUMMARY_CHARS = 1024;

export function boundedDiagnostics(
  all: readonly DiagnosticRecord[],
  limit: number = OUTPUT_LIMIT,
): DiagnosticRecord[] {
  const kept: DiagnosticRecord[] = [];
  // Room for the note and the array's brackets.
  let size = 2 + 512;
  for (let i = 0; i < all.length; i++) {
    const d = clipDetail(all[i]);
    const bytes = Buffer.byteLength(JSON.stringify(d)) + 1;
    if (size + bytes > limit) {
      const rest = all.slice(i);
      const n = rest.length;
      kept.push({
        severity: rest.some((r) => r.severity === 'error') ? 'error' : 'warning',
        summary: `${n} more diagnostic${n === 1 ? '' : 's'} left out`,
        detail: `GitHub limits an output to 1 MB: ${n} of ${all.length} diagnostics are not in this output. The step log lists them all.`,
      });
      return kept;
    }
    size += bytes;
    kept.push(d);
  }
  return kept;
}

function clipDetail(d: DiagnosticRecord): DiagnosticRecord {
  const summary = clip(d.summary, MAX_SUMMARY_CHARS);
  const detail = clip(d.detail, MAX_DETAIL_CHARS);
  return summary === d.summary && detail === d.detail ? d : { ...d, summary, detail };
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
