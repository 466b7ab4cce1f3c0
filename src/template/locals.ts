import { type BodySchema, type HclBlock, type SyntaxExpression, expressionRange } from '../hcl/body';
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import { type Range, formatRange } from '../hcl/pos';
import { goQuote } from '../text/go-quote';
import type { Traverser } from '../hcl/syntax/ast';
import type { EvalContext } from '../eval/context';
import { evaluateSyntaxExpression, syntaxExpressionVariables } from '../eval/json';
import { SENSITIVE, type Value } from '../values/value';
import { BAD_IDENTIFIER_DETAIL, decodeBool, validIdentifier } from './decode';

/**
 * Local values: attributes of `locals { }` blocks and `local "name" { expression, sensitive }`
 * blocks, and the execution graph Packer builds for locals and data sources together
 * (hcl2template's buildPrereqsDAG): each is evaluated once, after what it refers to. A failed one
 * is absent from the `local` (or `data`) object.
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

/**
 * What an expression refers to among locals and data sources, in order of appearance and without
 * repeats: `local.<name>` and `data.<type>.<name>`, or a shorter prefix (`data.<type>`, `data`,
 * `local`) when the expression uses a whole object.
 */
export function prerequisiteReferences(traversals: readonly (readonly Traverser[])[]): string[] {
  const refs: string[] = [];
  for (const t of traversals) {
    const ref = referenceOf(t);
    if (ref !== undefined && !refs.includes(ref)) refs.push(ref);
  }
  return refs;
}

/** The references of a local's expression. */
export function localReferences(local: LocalDefinition): string[] {
  return prerequisiteReferences(syntaxExpressionVariables(local.expr));
}

function referenceOf(t: readonly Traverser[]): string | undefined {
  const [root] = t;
  if (!root || root.kind !== 'root' || (root.name !== 'local' && root.name !== 'data')) return undefined;
  const parts = [root.name];
  const length = root.name === 'local' ? 2 : 3;
  for (const step of t.slice(1, length)) {
    const name = stepName(step);
    if (name === undefined) break;
    parts.push(name);
  }
  return parts.join('.');
}

function stepName(step: Traverser): string | undefined {
  if (step.kind === 'attr') return step.name;
  return step.kind === 'index' && step.key.type === 'string' ? step.key.value : undefined;
}

/** Evaluates one local (Packer's evaluateLocalVariable); no value when it fails. */
export function evaluateLocal(
  local: LocalDefinition,
  ctx: EvalContext,
): { value?: Value; diagnostics: Diagnostic[] } {
  const r = evaluateSyntaxExpression(local.expr, ctx);
  if (hasErrors(r.diagnostics)) return { diagnostics: r.diagnostics };
  return { value: local.sensitive ? r.value.mark(SENSITIVE) : r.value, diagnostics: r.diagnostics };
}

/** One local or data source in the execution graph. */
export interface PrerequisiteNode {
  /** How expressions refer to it: `local.<name>` or `data.<type>.<name>`. */
  readonly ref: string;
  /** How Packer's graph names it in cycle messages: `local.<name>`, or `<type>.<name>` for a data source. */
  readonly vertexName: string;
  /** What it refers to (prerequisiteReferences). */
  readonly references: readonly string[];
  /** Where to point when it is part of a cycle. */
  readonly range: Range;
}

/**
 * Evaluates every node once, each after the nodes it refers to, by calling `evaluate` with the
 * refs of those nodes; `evaluate` answers whether it succeeded. A node that refers to a failed
 * node is skipped: the first failure explains it (Packer stops at the first failure; going on
 * with the rest keeps `console` useful). References to locals or data sources that do not exist,
 * and cycles, are reported as Packer reports them when building its graph, and the nodes involved
 * (and those depending on them) are not evaluated.
 */
export async function evaluatePrerequisites<N extends PrerequisiteNode>(
  nodes: readonly N[],
  evaluate: (node: N, dependencies: readonly string[]) => Promise<boolean>,
): Promise<Diagnostic[]> {
  const byRef = new Map(nodes.map((n) => [n.ref, n]));
  const problems: string[] = [];
  const blocked = new Set<string>();
  const deps = new Map<string, string[]>();
  for (const node of nodes) {
    const found: string[] = [];
    for (const ref of node.references) {
      if (byRef.has(ref)) found.push(ref);
      else if (ref.split('.').length === (ref.startsWith('local') ? 2 : 3)) {
        // buildPrereqsDAG names a data source `data.<type>.<name>` here.
        problems.push(
          `could not get dependency ${goQuote(ref)} for ${goQuote(node.ref)}, ${goQuote(ref)} missing in template`,
        );
        blocked.add(node.ref);
      } else {
        // A whole object (`data.<type>`, `data`, `local`): whatever it holds, except the node itself.
        for (const other of nodes)
          if (other.ref.startsWith(`${ref}.`) && other.ref !== node.ref) found.push(other.ref);
      }
    }
    deps.set(node.ref, [...new Set(found)]);
  }

  const cycles = findCycles(
    nodes.map((n) => n.ref),
    deps,
  );
  for (const c of cycles) for (const ref of c) blocked.add(ref);
  // dag.Validate joins what it finds with errors.Join: cycles first, then self references.
  const vertex = (ref: string): string => (byRef.get(ref) as N).vertexName;
  const invalid = [
    ...cycles.filter((c) => c.length > 1).map((c) => `Cycle: ${c.map(vertex).join(', ')}`),
    ...cycles.filter((c) => c.length === 1).map((c) => `Self reference: ${vertex(c[0])}`),
  ];
  const graphErrors = invalid.length > 0 ? [...problems, invalid.join('\n')] : problems;
  const diagnostics: Diagnostic[] = [];
  if (graphErrors.length > 0) {
    const firstRef = nodes.find((n) => blocked.has(n.ref))?.ref as string;
    diagnostics.push(
      errorDiag(
        'failed to prepare execution graph',
        `An error occurred while building the graph for datasources/locals: ${multierrorText(graphErrors)}`,
        (byRef.get(firstRef) as N).range,
      ),
    );
  }

  const done = new Set<string>();
  // Depth-first from each node in declaration order; cycles are blocked, so this terminates.
  const visit = async (ref: string): Promise<boolean> => {
    if (blocked.has(ref)) return false;
    if (done.has(ref)) return true;
    done.add(ref);
    const dependencies = deps.get(ref) ?? [];
    let ready = true;
    for (const d of dependencies) if (!(await visit(d))) ready = false;
    if (!ready || !(await evaluate(byRef.get(ref) as N, dependencies))) {
      blocked.add(ref);
      return false;
    }
    return true;
  };
  for (const n of nodes) await visit(n.ref);
  return diagnostics;
}

/** go-multierror's default format, which Packer's graph error goes through. */
function multierrorText(errors: readonly string[]): string {
  if (errors.length === 1) return `1 error occurred:\n\t* ${errors[0]}\n\n`;
  return `${errors.length} errors occurred:\n\t${errors.map((e) => `* ${e}`).join('\n\t')}\n\n`;
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
