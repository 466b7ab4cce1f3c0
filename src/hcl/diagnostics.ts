import type { Range } from './pos';

/**
 * Diagnostics are values, never exceptions: every parse, decode and evaluation step returns its
 * (possibly partial) result together with a list of these, so one run can report every problem.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  /** Terse summary, using Packer's/HCL's wording where they have one ("Unsupported argument"). */
  readonly summary: string;
  /** Longer explanation; may be empty. */
  readonly detail: string;
  /** The exact culprit. */
  readonly subject?: Range;
  /** A wider range giving context for the snippet (e.g. the whole expression). */
  readonly context?: Range;
}

export type Diagnostics = Diagnostic[];

export function errorDiag(summary: string, detail: string, subject?: Range, context?: Range): Diagnostic {
  return { severity: 'error', summary, detail, subject, context };
}

export function warningDiag(summary: string, detail: string, subject?: Range, context?: Range): Diagnostic {
  return { severity: 'warning', summary, detail, subject, context };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** Thrown only to carry diagnostics across an API boundary that cannot return them (e.g. callbacks). */
export class DiagnosticsError extends Error {
  constructor(readonly diagnostics: Diagnostics) {
    super(diagnostics.map((d) => d.summary + (d.detail ? `: ${d.detail}` : '')).join('; '));
    this.name = 'DiagnosticsError';
  }
}
