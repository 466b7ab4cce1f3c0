/**
 * Property test for the evaluator and both parsers on deep and huge input (issue 20): random values
 * — nested up to thousands of levels deep, strings up to a megabyte, lists and objects of thousands
 * of elements — are written as native syntax and as JSON, wrapped in expressions that must give the
 * value back unchanged, then parsed and evaluated. Whatever the input, no exception escapes (only
 * diagnostics); a value shallow enough for Kiln comes back exactly, and one too deep is a "Nesting
 * too deep" diagnostic with a position; evaluating again, or after `fmt`, gives the same result.
 */
import fc from 'fast-check';

import { EvalContext } from '../../src/eval/context';
import { type EvalResult, evaluate } from '../../src/eval/evaluate';
import { packerFunctions } from '../../src/eval/functions';
import { evaluateSyntaxExpression } from '../../src/eval/json';
import type { Diagnostic } from '../../src/hcl/diagnostics';
import { formatHCL } from '../../src/hcl/format/format';
import { parseFile } from '../../src/hcl/parse';
import { parseConfig } from '../../src/hcl/syntax/parser';
import { TOO_DEEP_SUMMARY } from '../../src/text/stack-depth';
import { num } from '../../src/values/number';
import type { Value } from '../../src/values/value';

/** What a generated value should evaluate to. */
type Model =
  | { readonly t: 'string'; readonly v: string }
  | { readonly t: 'number'; readonly v: string }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'null' }
  | { readonly t: 'tuple'; readonly v: readonly Model[] }
  | { readonly t: 'object'; readonly v: readonly (readonly [string, Model])[] };

// ---- generators -------------------------------------------------------------------------------

/** Text with the characters templates and quoting treat specially, and any other well-formed text. */
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc
    .array(
      fc.constantFrom('$', '%', '{', '}', '"', '\\', '\n', '\t', '~', 'a', 'é', 'e\u0301', '😀', '\u0000'),
      { maxLength: 12 },
    )
    .map((cs) => cs.join('')),
);

const shortString = text.map((v): Model => ({ t: 'string', v }));

const numberModel = fc
  .oneof(
    fc.integer().map(String),
    fc.bigInt({ min: -(10n ** 150n), max: 10n ** 150n }).map(String),
    fc
      .tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 999 }))
      .map(([a, b]) => `${a}.${b}`),
  )
  .map((v): Model => ({ t: 'number', v }));

const key = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/);

/** Small values of every kind, a few levels deep. */
const { small } = fc.letrec<{ small: Model }>((tie) => ({
  small: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    shortString,
    numberModel,
    fc.boolean().map((v): Model => ({ t: 'bool', v })),
    fc.constant<Model>({ t: 'null' }),
    fc.array(tie('small'), { maxLength: 3 }).map((v): Model => ({ t: 'tuple', v })),
    fc
      .uniqueArray(fc.tuple(key, tie('small')), { maxLength: 3, selector: ([k]) => k })
      .map((v): Model => ({ t: 'object', v })),
  ),
}));

/** Huge values: a string up to a megabyte, or thousands of small values in a tuple or an object. */
const huge = fc.oneof(
  fc
    .tuple(
      text.filter((t) => t.length > 0),
      fc.constantFrom(10_000, 100_000, 1_000_000),
    )
    .map(([piece, size]): Model => ({ t: 'string', v: piece.repeat(Math.ceil(size / piece.length)) })),
  fc
    .tuple(small, fc.constantFrom(1_000, 5_000))
    .map(([m, n]): Model => ({ t: 'tuple', v: new Array<Model>(n).fill(m) })),
  fc
    .tuple(small, fc.constantFrom(500, 2_000))
    .map(([m, n]): Model => ({ t: 'object', v: Array.from({ length: n }, (_, i) => [`k${i}`, m] as const) })),
);

/**
 * Expressions around a value that give it back unchanged (or nest it one level in a collection),
 * applied many times over to make deep input.
 */
type Wrapper = 'tuple' | 'object' | 'parens' | 'index' | 'conditional' | 'try' | 'json' | 'template';
const wrapper = fc.constantFrom<Wrapper>(
  'tuple',
  'object',
  'parens',
  'index',
  'conditional',
  'try',
  'json',
  'template',
);
const deep = fc.constantFrom(30, 100, 600, 1_000, 1_500, 2_000, 5_000, 15_000);
const shallow = fc.constantFrom(0, 1, 2, 5);

/** A case: small values nested deep, huge values nested a little, or small values nested a little. */
const testCase = fc.oneof(
  fc.tuple(small, wrapper, deep),
  fc.tuple(huge, wrapper, shallow),
  fc.tuple(small, wrapper, shallow),
);

// ---- writing a model as source ----------------------------------------------------------------

/** A string as the body of a template: interpolation and directive openers escaped. */
function templateEscape(s: string): string {
  // (A function, as '$$' in a replacement string would stand for one '$'.)
  return s.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

function nativeString(s: string): string {
  let quoted = '';
  for (const c of templateEscape(s)) {
    const code = c.charCodeAt(0);
    if (c === '\\') quoted += '\\\\';
    else if (c === '"') quoted += '\\"';
    else if (c === '\n') quoted += '\\n';
    else if (code < 0x20) quoted += `\\u${code.toString(16).padStart(4, '0')}`;
    else quoted += c;
  }
  return `"${quoted}"`;
}

/** Writes a model as a native-syntax expression, iteratively (a model may be thousands deep). */
function nativeSource(m: Model): string {
  const out: string[] = [];
  const stack: (Model | string)[] = [m];
  while (stack.length) {
    const top = stack.pop() as Model | string;
    if (typeof top === 'string') {
      out.push(top);
      continue;
    }
    switch (top.t) {
      case 'string':
        out.push(nativeString(top.v));
        break;
      case 'number':
        out.push(top.v);
        break;
      case 'bool':
        out.push(String(top.v));
        break;
      case 'null':
        out.push('null');
        break;
      case 'tuple': {
        const parts: (Model | string)[] = ['['];
        top.v.forEach((e, i) => parts.push(...(i ? [', '] : []), e));
        parts.push(']');
        stack.push(...parts.reverse());
        break;
      }
      case 'object': {
        const parts: (Model | string)[] = ['{'];
        top.v.forEach(([k, e], i) => parts.push(`${i ? ', ' : ''}${k} = `, e));
        parts.push('}');
        stack.push(...parts.reverse());
        break;
      }
    }
  }
  return out.join('');
}

/** Writes a model as JSON, each string escaped for HCL's JSON templates. */
function jsonSource(m: Model): string {
  const out: string[] = [];
  const stack: (Model | string)[] = [m];
  while (stack.length) {
    const top = stack.pop() as Model | string;
    if (typeof top === 'string') {
      out.push(top);
      continue;
    }
    switch (top.t) {
      case 'string':
        out.push(JSON.stringify(templateEscape(top.v)));
        break;
      case 'number':
        out.push(top.v);
        break;
      case 'bool':
        out.push(String(top.v));
        break;
      case 'null':
        out.push('null');
        break;
      case 'tuple': {
        const parts: (Model | string)[] = ['['];
        top.v.forEach((e, i) => parts.push(...(i ? [','] : []), e));
        parts.push(']');
        stack.push(...parts.reverse());
        break;
      }
      case 'object': {
        const parts: (Model | string)[] = ['{'];
        top.v.forEach(([k, e], i) => parts.push(`${i ? ',' : ''}${JSON.stringify(k)}:`, e));
        parts.push('}');
        stack.push(...parts.reverse());
        break;
      }
    }
  }
  return out.join('');
}

/** Wraps a native expression `times` times; returns the source and the model it should give. */
function wrapNative(inner: string, m: Model, w: Wrapper, times: number): { src: string; model: Model } {
  let open: string;
  let close: string;
  let model = m;
  switch (w) {
    case 'tuple':
      [open, close] = ['[', ']'];
      for (let i = 0; i < times; i++) model = { t: 'tuple', v: [model] };
      break;
    case 'object':
      [open, close] = ['{ k = ', ' }'];
      for (let i = 0; i < times; i++) model = { t: 'object', v: [['k', model]] };
      break;
    case 'parens':
      [open, close] = ['(', ')'];
      break;
    case 'index':
      [open, close] = ['[', '][0]'];
      break;
    case 'conditional':
      [open, close] = ['true ? ', ' : null'];
      break;
    case 'try':
      [open, close] = ['try(', ', null)'];
      break;
    case 'json':
      [open, close] = ['jsondecode(jsonencode(', '))'];
      break;
    case 'template':
      // A template that is a single interpolation yields the value itself, whatever its type.
      [open, close] = ['"${', '}"'];
      break;
  }
  return { src: open.repeat(times) + inner + close.repeat(times), model };
}

/** The same for JSON: only collections nest there. */
function wrapJSON(inner: string, m: Model, w: Wrapper, times: number): { src: string; model: Model } {
  let model = m;
  if (w === 'object') {
    for (let i = 0; i < times; i++) model = { t: 'object', v: [['k', model]] };
    return { src: '{"k":'.repeat(times) + inner + '}'.repeat(times), model };
  }
  for (let i = 0; i < times; i++) model = { t: 'tuple', v: [model] };
  return { src: '['.repeat(times) + inner + ']'.repeat(times), model };
}

// ---- checking results ---------------------------------------------------------------------------

/** Why a value differs from its model, or undefined; iterative, as both may be thousands deep. */
function mismatch(value: Value, want: Model): string | undefined {
  const stack: [Value, Model, string][] = [[value, want, '']];
  while (stack.length) {
    const [v, m, at] = stack.pop() as [Value, Model, string];
    if (!v.isKnown()) return `${at}: unknown`;
    if (m.t === 'null') {
      if (!v.isNull()) return `${at}: want null`;
      continue;
    }
    if (v.isNull()) return `${at}: null, want ${m.t}`;
    const kind = v.type.kind;
    switch (m.t) {
      case 'string':
        if (kind !== 'string') return `${at}: ${kind}, want string`;
        if (v.asString() !== m.v.normalize('NFC')) return `${at}: string differs`;
        break;
      case 'number':
        if (kind !== 'number') return `${at}: ${kind}, want number`;
        if (!v.asNumber().eq(num(m.v))) return `${at}: ${v.asNumber().toString()}, want ${m.v}`;
        break;
      case 'bool':
        if (kind !== 'bool' || v.asBool() !== m.v) return `${at}: want ${m.v}`;
        break;
      case 'tuple': {
        if (kind !== 'tuple') return `${at}: ${kind}, want tuple`;
        const es = v.elements();
        if (es.length !== m.v.length) return `${at}: ${es.length} elements, want ${m.v.length}`;
        es.forEach((e, i) => stack.push([e, m.v[i], `${at}[${i}]`]));
        break;
      }
      case 'object': {
        if (kind !== 'object') return `${at}: ${kind}, want object`;
        const got = v.entries();
        if (got.size !== m.v.length) return `${at}: ${got.size} attributes, want ${m.v.length}`;
        for (const [k, e] of m.v) {
          const g = got.get(k);
          if (!g) return `${at}: no attribute ${k}`;
          stack.push([g, e, `${at}.${k}`]);
        }
        break;
      }
    }
  }
  return undefined;
}

/** The levels of nesting of a value of this model. */
function modelDepth(m: Model): number {
  let deepest = 0;
  const stack: [Model, number][] = [[m, 1]];
  while (stack.length) {
    const [x, d] = stack.pop() as [Model, number];
    deepest = Math.max(deepest, d);
    if (x.t === 'tuple') for (const e of x.v) stack.push([e, d + 1]);
    if (x.t === 'object') for (const [, e] of x.v) stack.push([e, d + 1]);
  }
  return deepest;
}

function errors(diags: readonly Diagnostic[]): Diagnostic[] {
  return diags.filter((d) => d.severity === 'error');
}

/**
 * Every error has a summary and a position in the source it names. (A range may end one byte past
 * the end: hcl's "Invalid JSON string" for a string cut off by the end of input does, and Kiln
 * reports what hcl reports.)
 */
function expectPlaced(diags: readonly Diagnostic[], src: string): void {
  const size = Buffer.byteLength(src);
  // One expectation for all of them: unbalanced input can give thousands of diagnostics.
  const misplaced = errors(diags).find((d) => {
    if (d.summary === '' || !d.subject) return true;
    const { start, end } = d.subject;
    return start.byte < 0 || start.byte > end.byte || start.byte > size || end.byte > size + 1;
  });
  expect(misplaced).toBeUndefined();
}

/** A result as comparable data: the value's check against the model, or the error summaries. */
function outcome(r: EvalResult, parseDiags: readonly Diagnostic[], want: Model): string {
  const errs = errors([...parseDiags, ...r.diagnostics]);
  if (errs.length) return `errors: ${errs.map((d) => d.summary).join(', ')}`;
  return mismatch(r.value, want) ?? 'ok';
}

/**
 * The common checks: a result either is the model or (only for input nested more deeply than Kiln
 * promises to evaluate) a "Nesting too deep" diagnostic; and evaluating again gives the same.
 */
function check(
  src: string,
  first: string,
  again: string,
  diags: readonly Diagnostic[],
  nesting: number,
): void {
  expectPlaced(diags, src);
  expect(again).toBe(first);
  // Kiln evaluates about 1,000 levels of brackets; below a few hundred nothing may fail.
  if (nesting <= 300) expect(first).toBe('ok');
  else if (first !== 'ok') expect(first).toContain(TOO_DEEP_SUMMARY);
}

const ctx = new EvalContext({ functions: packerFunctions({ baseDir: __dirname, env: {} }) });

/** Levels of nesting the wrappers add, as the parser and evaluator see them. */
function nestingOf(m: Model, w: Wrapper, times: number): number {
  return modelDepth(m) + times * (w === 'json' ? 3 : 1);
}

describe('evaluator and parsers on deep and huge input', () => {
  jest.setTimeout(120_000);

  it('native syntax: no exception, the value back or a nesting diagnostic, stable', () => {
    fc.assert(
      fc.property(testCase, ([m, w, times]) => {
        const wrapped = wrapNative(nativeSource(m), m, w, times);
        const src = `x = ${wrapped.src}\n`;
        const parsed = parseConfig(src, 'fuzz.pkr.hcl');
        const attr = parsed.body.attributes[0];
        if (!attr) {
          // Too deep even to parse an attribute from: the parser says so.
          expect(errors(parsed.diagnostics).map((d) => d.summary)).toContain(TOO_DEEP_SUMMARY);
          expect(nestingOf(m, w, times)).toBeGreaterThan(300);
          return;
        }
        const r1 = evaluate(attr.expr, ctx);
        const r2 = evaluate(attr.expr, ctx);
        const first = outcome(r1, parsed.diagnostics, wrapped.model);
        check(
          src,
          first,
          outcome(r2, parsed.diagnostics, wrapped.model),
          [...parsed.diagnostics, ...r1.diagnostics],
          nestingOf(m, w, times),
        );

        // fmt keeps the meaning: the formatted source gives the same outcome.
        if (first === 'ok' && src.length < 200_000) {
          const formatted = formatHCL(src, 'fuzz.pkr.hcl');
          const reparsed = parseConfig(formatted, 'fuzz.pkr.hcl');
          expect(
            outcome(evaluate(reparsed.body.attributes[0].expr, ctx), reparsed.diagnostics, wrapped.model),
          ).toBe('ok');
        }
      }),
      { numRuns: 50, seed: 20260420 },
    );
  });

  it('JSON syntax: no exception, the value back or a nesting diagnostic, stable', () => {
    // Sometimes the value is a native expression inside a JSON string ("${...}"), so nesting in
    // both syntaxes adds up in one evaluation.
    const embedded = fc.option(fc.tuple(wrapper, fc.oneof(shallow, deep)), { freq: 2 });
    fc.assert(
      fc.property(testCase, embedded, ([m, w, times], native) => {
        let inner = jsonSource(m);
        let innerModel = m;
        let nesting = modelDepth(m) + times;
        if (native) {
          const [nw, ntimes] = native;
          const wrapped = wrapNative(nativeSource(m), m, nw, ntimes);
          inner = JSON.stringify(`\${${wrapped.src}}`);
          innerModel = wrapped.model;
          nesting = times + nestingOf(m, nw, ntimes);
        }
        const wrapped = wrapJSON(inner, innerModel, w, times);
        const src = `{"x": ${wrapped.src}}`;
        const { body, diagnostics } = parseFile(src, 'fuzz.pkr.json');
        const { attributes, diagnostics: attrDiags } = body.justAttributes();
        const parseDiags = [...diagnostics, ...attrDiags];
        const attr = attributes.get('x');
        if (!attr) {
          expect(errors(parseDiags).map((d) => d.summary)).toContain(TOO_DEEP_SUMMARY);
          expect(nesting).toBeGreaterThan(300);
          return;
        }
        const r1 = evaluateSyntaxExpression(attr.expr, ctx);
        const r2 = evaluateSyntaxExpression(attr.expr, ctx);
        const first = outcome(r1, parseDiags, wrapped.model);
        check(
          src,
          first,
          outcome(r2, parseDiags, wrapped.model),
          [...parseDiags, ...r1.diagnostics],
          nesting,
        );
      }),
      { numRuns: 50, seed: 20260420 },
    );
  });

  it('unbalanced deep input in either syntax is diagnostics, never an exception', () => {
    const opener = fc.constantFrom('(', '[', '{a=', '"${', '%{if true}', '!', '-', 'f(', 'x[', 'true?');
    const closer = fc.constantFrom(')', ']', '}', '}"', '%{endif}', '', ':0');
    const jsonOpener = fc.constantFrom('[', '{"a":', '"${');
    const jsonCloser = fc.constantFrom(']', '}', '}"', ',', '');
    const depth = fc.constantFrom(1, 30, 1_000, 5_000, 12_000);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(opener, depth), { minLength: 1, maxLength: 2 }),
        fc.array(fc.tuple(closer, depth), { maxLength: 2 }),
        fc.array(fc.tuple(jsonOpener, depth), { minLength: 1, maxLength: 2 }),
        fc.array(fc.tuple(jsonCloser, depth), { maxLength: 2 }),
        (opens, closes, jsonOpens, jsonCloses) => {
          const native = `x = ${opens.map(([o, n]) => o.repeat(n)).join('')}1${closes.map(([c, n]) => c.repeat(n)).join('')}\n`;
          const parsed = parseConfig(native, 'fuzz.pkr.hcl');
          const diags = [...parsed.diagnostics];
          for (const a of parsed.body.attributes) diags.push(...evaluate(a.expr, ctx).diagnostics);
          expectPlaced(diags, native);

          const json = `{"x": ${jsonOpens.map(([o, n]) => o.repeat(n)).join('')}1${jsonCloses.map(([c, n]) => c.repeat(n)).join('')}}`;
          const { body, diagnostics } = parseFile(json, 'fuzz.pkr.json');
          const jsonDiags = [...diagnostics];
          const { attributes, diagnostics: attrDiags } = body.justAttributes();
          jsonDiags.push(...attrDiags);
          for (const a of attributes.values())
            jsonDiags.push(...evaluateSyntaxExpression(a.expr, ctx).diagnostics);
          expectPlaced(jsonDiags, json);
        },
      ),
      { numRuns: 100, seed: 20260420 },
    );
  });
});
