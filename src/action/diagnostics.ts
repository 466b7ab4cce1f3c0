import * as path from 'node:path';

import type { Diagnostic } from '../hcl/diagnostics';

/**
 * Diagnostics as the action reports them (the `diagnostics` output, annotations, the summary):
 * positions in a file named relative to the repository root, so GitHub can place them on a diff.
 */

export interface DiagnosticRecord {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail: string;
  /** Relative to the workspace (forward slashes); absent when the problem has no place. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

/** `file` as GitHub wants it: relative to the repository root, with forward slashes. */
export function workspacePath(file: string, cwd: string, workspace: string): string {
  const rel = path.relative(workspace, path.resolve(cwd, file));
  return rel.split(path.sep).join('/');
}

export function diagnosticRecord(d: Diagnostic, cwd: string, workspace: string): DiagnosticRecord {
  const at = d.subject;
  const base = { severity: d.severity, summary: d.summary, detail: d.detail };
  if (at === undefined || at.filename === '') return base;
  return {
    ...base,
    file: workspacePath(at.filename, cwd, workspace),
    line: at.start.line,
    column: at.start.column,
    endLine: at.end.line,
    endColumn: at.end.column,
  };
}
