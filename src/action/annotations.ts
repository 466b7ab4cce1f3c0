import type { DiagnosticRecord } from './diagnostics';

/**
 * Annotations from diagnostics. GitHub shows at most 10 error and 10 warning annotations per step
 * and drops the rest silently; past the limit, the last one of each kind says how many more there
 * are and that the job summary lists them all.
 */

export const ANNOTATION_LIMIT = 10;

export interface Annotation {
  readonly level: 'error' | 'warning';
  readonly message: string;
  readonly title: string;
  readonly file?: string;
  readonly startLine?: number;
  readonly endLine?: number;
  /** Only on a single-line range (GitHub ignores columns across lines). */
  readonly startColumn?: number;
  readonly endColumn?: number;
}

export function annotationFor(d: DiagnosticRecord): Annotation {
  const where: Partial<Annotation> = {};
  if (d.file !== undefined && d.line !== undefined) {
    Object.assign(where, { file: d.file, startLine: d.line, endLine: d.endLine ?? d.line });
    // A diagnostic's end is exclusive (the column after the culprit); GitHub's is the last column.
    if ((d.endLine ?? d.line) === d.line && d.column !== undefined)
      Object.assign(where, {
        startColumn: d.column,
        endColumn: Math.max(d.column, (d.endColumn ?? d.column) - 1),
      });
  } else if (d.file !== undefined) {
    Object.assign(where, { file: d.file });
  }
  return { level: d.severity, title: d.summary, message: d.detail || d.summary, ...where };
}

/** At most ANNOTATION_LIMIT per level, the last replaced by a count of the rest when there are more. */
export function limitAnnotations(all: readonly Annotation[]): Annotation[] {
  const out: Annotation[] = [];
  for (const level of ['error', 'warning'] as const) {
    const of = all.filter((a) => a.level === level);
    if (of.length <= ANNOTATION_LIMIT) {
      out.push(...of);
      continue;
    }
    out.push(...of.slice(0, ANNOTATION_LIMIT - 1));
    const rest = of.length - (ANNOTATION_LIMIT - 1);
    out.push({
      level,
      title: `${rest} more ${level}s`,
      message: `${rest} more ${level}s than GitHub shows as annotations; the job summary and the step log list them all.`,
    });
  }
  return out;
}
