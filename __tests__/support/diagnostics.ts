import type { Diagnostic } from '../../src/hcl/diagnostics';
import { parseFile } from '../../src/hcl/parse';
import type { HclBody } from '../../src/hcl/body';
import type { Range } from '../../src/hcl/pos';

/** HCL bodies from text, and diagnostics as rows a test can compare whole. */

/** A file's body, parsed by its name's syntax (HCL or JSON); the text must parse without diagnostics. */
export function parseBody(src: string, filename = 'test.pkr.hcl'): HclBody {
  const r = parseFile(src, filename);
  expect(r.diagnostics).toEqual([]);
  return r.body;
}

/** A range as `line:column-line:column`, or `-` for none. */
export const at = (r: Range | undefined): string =>
  r ? `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}` : '-';

/** [summary, detail, subject] for each diagnostic. */
export function summarize(ds: readonly Diagnostic[]): [string, string, string][] {
  return ds.map((d) => [d.summary, d.detail, at(d.subject)]);
}

/** [severity, summary, detail, subject] for each diagnostic. */
export function summarizeWithSeverity(ds: readonly Diagnostic[]): [string, string, string, string][] {
  return ds.map((d) => [d.severity, d.summary, d.detail, at(d.subject)]);
}
