import type { Diagnostic } from '../../src/hcl/diagnostics';
import { parseExpression } from '../../src/hcl/syntax/parser';
import type { Expression } from '../../src/hcl/syntax/ast';
import type { EvalContext } from '../../src/eval/context';
import { evaluate } from '../../src/eval/evaluate';
import type { Value } from '../../src/values/value';
import { ctxWith } from './harness';

export function parse(src: string): Expression {
  const r = parseExpression(src, 't.hcl');
  if (r.diagnostics.length)
    throw new Error(`parse failed: ${r.diagnostics.map((d) => d.summary).join(', ')}`);
  return r.expr;
}

/** Pass null to evaluate with no EvalContext at all. */
export function run(
  src: string,
  ctx: EvalContext | null = ctxWith(),
): { value: Value; diagnostics: Diagnostic[] } {
  return evaluate(parse(src), ctx ?? undefined);
}

/** Evaluates source text and requires no diagnostics. */
export function value(src: string, ctx: EvalContext | null = ctxWith()): Value {
  const r = run(src, ctx);
  expect(r.diagnostics.map((d) => `${d.summary}: ${d.detail}`)).toEqual([]);
  return r.value;
}

/** A compact rendering of a known value for assertions: JSON-like, numbers as decimal text. */
export function show(v: Value): string {
  if (!v.isKnown()) return `<unknown ${v.type.kind}>`;
  if (v.isNull()) return 'null';
  const marks = v.isMarked() ? `(${[...v.marks].join(',')})` : '';
  switch (v.type.kind) {
    case 'string':
      return JSON.stringify(v.asString()) + marks;
    case 'number':
      return v.asNumber().toString() + marks;
    case 'bool':
      return String(v.asBool()) + marks;
    case 'list':
    case 'set':
    case 'tuple':
      return `[${v.elements().map(show).join(', ')}]${marks}`;
    default:
      return `{${[...v.entries()].map(([k, e]) => `${k}=${show(e)}`).join(', ')}}${marks}`;
  }
}

/** "summary @ startcol-endcol" for each diagnostic: what tests compare. */
export function diags(src: string, ctx: EvalContext | null = ctxWith()): string[] {
  return run(src, ctx).diagnostics.map(
    (d) => `${d.summary} @ ${d.subject ? `${d.subject.start.column}-${d.subject.end.column}` : '-'}`,
  );
}

export function detailsOf(src: string, ctx: EvalContext | null = ctxWith()): string[] {
  return run(src, ctx).diagnostics.map((d) => d.detail);
}
