import { type BodySchema, type HclBlock, type SyntaxExpression, expressionRange } from '../hcl/body';
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import { formatRange } from '../hcl/pos';
import { goQuote } from '../text/go-quote';
import type { Traverser } from '../hcl/syntax/ast';
import type { EvalContext } from '../eval/context';
import { evaluateSyntaxExpression, syntaxExpressionVariables } from '../eval/json';
import { SENSITIVE, Value } from '../values/value';
import { BAD_IDENTIFIER_DETAIL, decodeBool, validIdentifier } from './decode';

/**
 * Local values: attributes of `locals { }` blocks and `local "name" { expression, sensitive }`
 * blocks. Each is evaluated once, after the locals it refers to; a failed local is simply absent
 * from the `local` object, so references to it report "Unsupported attribute" as hcl would.
 */
export interface LocalDefinition {
  readonly name: string;
  readonly expr: SyntaxExpression;
  readonly sensitive: boolean;
}

const localBlockSchema: BodySchema = {
  // Packer does not mark `expression` required but cannot do without it; hcl's wording covers it.
  attributes: [{ name: 'expression', required: true }, { name: 'sensitive' }],
  blocks: [],
};

/** Collects local definitions from top-level blocks, in source order, reporting duplicates. */
export function decodeLocals(blocks: readonly HclBlock[]): {
  locals: LocalDefinition[];
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const found: LocalDefinition[] = [];
  for (const block of blocks) {
    if (block.type === 'locals') {
      const { attributes, diagnostics: d } = block.body.justAttributes();
      diagnostics.push(...d);
      for (const attr of attributes.values())
        found.push({ name: attr.name, expr: attr.expr, sensitive: false });
    } else if (block.type === 'local') {
      const name = block.labels[0];
      const { content, diagnostics: d } = block.body.content(localBlockSchema);
      diagnostics.push(...d);
      if (!validIdentifier(name)) {
        diagnostics.push(errorDiag('Invalid local name', BAD_IDENTIFIER_DETAIL, block.labelRanges[0]));
      }
      let sensitive = false;
      const s = content.attributes.get('sensitive');
      if (s) {
        const r = decodeBool(s.expr);
        diagnostics.push(...r.diagnostics);
        sensitive = r.value ?? false;
      }
      const expr = content.attributes.get('expression')?.expr;
      if (expr && !hasErrors(d)) found.push({ name, expr, sensitive });
    }
  }
  const byName = new Map<string, LocalDefinition>();
  const locals: LocalDefinition[] = [];
  for (const l of found) {
    const first = byName.get(l.name);
    if (first) {
      diagnostics.push(
        errorDiag(
          'Duplicate local definition',
          `Local variable ${goQuote(l.name)} is defined twice in your templates. Other definition found at ${goQuote(formatRange(expressionRange(first.expr)))}`,
          expressionRange(l.expr),
        ),
      );
      continue;
    }
    byName.set(l.name, l);
    locals.push(l);
  }
  return { locals, diagnostics };
}

/** The names of other locals an expression refers to (`local.x...`), in order of appearance. */
export function localDependencies(expr: SyntaxExpression): string[] {
  const names: string[] = [];
  for (const t of syntaxExpressionVariables(expr)) {
    const name = localName(t);
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

function localName(t: readonly Traverser[]): string | undefined {
  const [root, step] = t;
  if (!root || root.kind !== 'root' || root.name !== 'local' || !step) return undefined;
  if (step.kind === 'attr') return step.name;
  return step.kind === 'index' && step.key.type === 'string' ? step.key.value : undefined;
}

/**
 * Evaluates every local once, dependencies first. `contextFor` builds the evaluation context from
 * a `local` object holding the already evaluated locals that this one refers to.
 */
export function evaluateLocals(
  locals: readonly LocalDefinition[],
  contextFor: (localObject: Value) => EvalContext,
): { values: Map<string, Value>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byName = new Map(locals.map((l) => [l.name, l]));
  const deps = new Map(locals.map((l) => [l.name, localDependencies(l.expr).filter((d) => byName.has(d))]));

  const cycles = findCycles(
    locals.map((l) => l.name),
    deps,
  );
  const blocked = new Set<string>(cycles.flat());
  if (cycles.length > 0) {
    const problems = cycles.map((c) =>
      c.length === 1 ? `Self reference: local.${c[0]}` : `Cycle: ${c.map((n) => `local.${n}`).join(', ')}`,
    );
    const first = byName.get(cycles[0][0]) as LocalDefinition;
    diagnostics.push(
      errorDiag(
        'failed to prepare execution graph',
        `An error occurred while building the graph for datasources/locals: ${problems.join('\n')}`,
        expressionRange(first.expr),
      ),
    );
  }

  const values = new Map<string, Value>();
  const done = new Set<string>();
  // Each local sees only the locals it refers to: building the whole `local` object for every local
  // would make loading quadratic in the number of locals.
  const localObject = (names: readonly string[]): Value => {
    const visible = new Map<string, Value>();
    for (const n of names) {
      const v = values.get(n);
      if (v !== undefined) visible.set(n, v);
    }
    return Value.object(visible);
  };
  // Depth-first from each local in declaration order; cycles were found above, so this terminates.
  const visit = (name: string): boolean => {
    if (blocked.has(name)) return false;
    if (done.has(name)) return true;
    done.add(name);
    const l = byName.get(name) as LocalDefinition;
    let ready = true;
    for (const d of deps.get(name) ?? []) if (!visit(d)) ready = false;
    // A local that depends on a cycle cannot be evaluated; the cycle diagnostic already explains why.
    if (!ready) {
      blocked.add(name);
      return false;
    }
    const r = evaluateSyntaxExpression(l.expr, contextFor(localObject(deps.get(name) ?? [])));
    diagnostics.push(...r.diagnostics);
    if (!hasErrors(r.diagnostics)) values.set(name, l.sensitive ? r.value.mark(SENSITIVE) : r.value);
    return true;
  };
  for (const l of locals) visit(l.name);
  return { values, diagnostics };
}

/**
 * Strongly connected components with more than one member, and members referring to themselves
 * (Tarjan's algorithm). Members of each cycle are listed in declaration order.
 */
function findCycles(names: readonly string[], deps: ReadonlyMap<string, readonly string[]>): string[][] {
  const order = new Map(names.map((n, i) => [n, i]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of deps.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (deps.get(v) ?? []).includes(v)) {
        cycles.push(component.sort((a, b) => (order.get(a) as number) - (order.get(b) as number)));
      }
    }
  };
  for (const n of names) if (!index.has(n)) connect(n);
  return cycles.sort((a, b) => (order.get(a[0]) as number) - (order.get(b[0]) as number));
}
