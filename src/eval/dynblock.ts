/**
 * hcl's ext/dynblock: `dynamic "<type>" { for_each = ..., iterator = ..., labels = [...], content { ... } }`
 * generates one block of <type> per element of for_each. Nothing is expanded up front: the body
 * returned by expandDynamicBlocks expands the dynamic blocks of the types a schema asks for each
 * time content() or partialContent() is called, at the position of the dynamic block among the
 * static blocks, and does the same inside every block it returns (so dynamic blocks nest).
 *
 * for_each and labels are evaluated at expansion, in the context given to expandDynamicBlocks plus
 * the iterators of enclosing dynamic blocks. Arguments inside a generated block are evaluated later,
 * in whatever context the decoder then uses; they are 'scoped' expressions that add the iterators.
 *
 * Two deliberate departures from hcl v2.24, both to keep sensitive values marked: the marks of a
 * for_each value reach every argument nested anywhere in the blocks it generates (hcl marks only the
 * generated block's own arguments), and they survive partialContent's remaining body.
 */
import type {
  BlockHeaderSchema,
  BodyContent,
  BodySchema,
  HclAttribute,
  HclBlock,
  HclBody,
} from '../hcl/body';
import { expressionRange } from '../hcl/body';
import { type Diagnostics, errorDiag, hasErrors } from '../hcl/diagnostics';
import { type Range, rangeBetween } from '../hcl/pos';
import { absTraversalForExpr, exprList } from '../hcl/static-expr';
import type { SyntaxExpression } from '../hcl/body';
import { goQuote } from '../text/go-quote';
import { StringType, friendlyName } from '../values/types';
import { Value } from '../values/value';
import type { EvalContext } from './context';
import { iterationPairs } from './for';
import { BoundVariables, evaluateSyntaxExpression, scopedExpression } from './json';
import { tryConvert } from './value-ops';

/**
 * A body whose `dynamic` blocks expand, for a schema, into blocks of the types that schema names.
 * ctx is the scope of for_each and labels expressions.
 */
export function expandDynamicBlocks(body: HclBody, ctx: EvalContext): HclBody {
  return new DynamicBody(body, ctx, undefined, NO_MARKS, new Set(), new Map());
}

/**
 * True for the body of a block generated from a for_each that is not known yet (hcldec's
 * UnknownBody): it stands for any number of blocks, and every argument in it is unknown.
 */
export function isUnknownBody(body: HclBody): boolean {
  return body instanceof UnknownBody;
}

const NO_MARKS: ReadonlySet<string> = new Set();

const DYNAMIC_HEADER: BlockHeaderSchema = { type: 'dynamic', labelNames: ['type'] };

function specSchema(withLabels: boolean): BodySchema {
  return {
    attributes: [
      { name: 'for_each', required: true },
      { name: 'iterator' },
      ...(withLabels ? [{ name: 'labels', required: true }] : []),
    ],
    blocks: [{ type: 'content', labelNames: [] }],
  };
}

/** One step of a dynamic block's iteration, with the iterations of the dynamic blocks around it. */
interface Iteration {
  readonly name: string;
  readonly key: Value;
  readonly value: Value;
  /** Enclosing iterations by iterator name; an inner iterator of the same name shadows them. */
  readonly inherited: ReadonlyMap<string, Iteration>;
}

function nestedIteration(parent: Iteration | undefined, name: string, key: Value, value: Value): Iteration {
  const inherited = new Map(parent?.inherited ?? []);
  if (parent) inherited.set(parent.name, parent);
  return { name, key, value, inherited };
}

/** The iterator objects (`{ key, value }`) an iteration puts in scope. */
function iterationVariables(i: Iteration): Record<string, Value> {
  const vars: Record<string, Value> = {};
  for (const [name, outer] of i.inherited) vars[name] = Value.object({ key: outer.key, value: outer.value });
  vars[i.name] = Value.object({ key: i.key, value: i.value });
  return vars;
}

const ITERABLE_KINDS: ReadonlySet<string> = new Set(['list', 'tuple', 'set', 'map', 'object']);

/** What a dynamic block says, once its for_each, iterator, labels and content have been checked. */
interface DynamicSpec {
  readonly blockType: string;
  readonly typeRange: Range;
  readonly defRange: Range;
  readonly forEach: Value;
  readonly iteratorName: string;
  readonly labelExprs: readonly SyntaxExpression[];
  readonly content: HclBody;
}

class DynamicBody implements HclBody {
  /** The scope the arguments of this body need: enclosing iterators and for_each marks. */
  private readonly scope?: BoundVariables;

  /** hiddenAttrs/hiddenBlocks: what partialContent calls before this one consumed. */
  constructor(
    private readonly original: HclBody,
    private readonly forEachCtx: EvalContext,
    private readonly iteration: Iteration | undefined,
    private readonly marks: ReadonlySet<string>,
    private readonly hiddenAttrs: ReadonlySet<string>,
    private readonly hiddenBlocks: ReadonlyMap<string, BlockHeaderSchema>,
  ) {
    if (iteration || marks.size > 0) {
      this.scope = new BoundVariables(iteration ? iterationVariables(iteration) : {}, marks);
    }
  }

  content(schema: BodySchema): { content: BodyContent; diagnostics: Diagnostics } {
    const raw = this.original.content(this.extendSchema(schema));
    const expanded = this.expandBlocks(schema, raw.content.blocks, false);
    return {
      content: {
        attributes: this.prepareAttributes(raw.content.attributes),
        blocks: expanded.blocks,
        missingItemRange: this.original.missingItemRange(),
      },
      diagnostics: [...raw.diagnostics, ...expanded.diagnostics],
    };
  }

  partialContent(schema: BodySchema): { content: BodyContent; remain: HclBody; diagnostics: Diagnostics } {
    // The original's own remainder is not enough: a later call must still see the dynamic blocks
    // of the types this schema did not ask for.
    const raw = this.original.partialContent(this.extendSchema(schema));
    const expanded = this.expandBlocks(schema, raw.content.blocks, true);
    const hiddenAttrs = new Set(this.hiddenAttrs);
    for (const a of schema.attributes) hiddenAttrs.add(a.name);
    const hiddenBlocks = new Map(this.hiddenBlocks);
    for (const b of schema.blocks) hiddenBlocks.set(b.type, b);
    return {
      content: {
        attributes: this.prepareAttributes(raw.content.attributes),
        blocks: expanded.blocks,
        missingItemRange: this.original.missingItemRange(),
      },
      remain: new DynamicBody(
        this.original,
        this.forEachCtx,
        this.iteration,
        this.marks,
        hiddenAttrs,
        hiddenBlocks,
      ),
      diagnostics: [...raw.diagnostics, ...expanded.diagnostics],
    };
  }

  justAttributes(): { attributes: Map<string, HclAttribute>; diagnostics: Diagnostics } {
    const r = this.original.justAttributes();
    return { attributes: this.prepareAttributes(r.attributes), diagnostics: r.diagnostics };
  }

  missingItemRange(): Range {
    return this.original.missingItemRange();
  }

  /**
   * The caller's schema plus the dynamic block type, plus what earlier partialContent calls took
   * (so that the original body does not call those unexpected; they are filtered out again).
   */
  private extendSchema(schema: BodySchema): BodySchema {
    const blocks = [...schema.blocks, DYNAMIC_HEADER, ...this.hiddenBlocks.values()];
    const attributes = [...schema.attributes, ...[...this.hiddenAttrs].map((name) => ({ name }))];
    return { attributes, blocks };
  }

  private prepareAttributes(raw: ReadonlyMap<string, HclAttribute>): Map<string, HclAttribute> {
    const attributes = new Map<string, HclAttribute>();
    for (const [name, attr] of raw) {
      if (this.hiddenAttrs.has(name)) continue;
      attributes.set(name, this.scope ? { ...attr, expr: scopedExpression(attr.expr, this.scope) } : attr);
    }
    return attributes;
  }

  private expandBlocks(
    schema: BodySchema,
    raw: readonly HclBlock[],
    partial: boolean,
  ): { blocks: HclBlock[]; diagnostics: Diagnostics } {
    const blocks: HclBlock[] = [];
    const diagnostics: Diagnostics = [];
    for (const block of raw) {
      if (block.type !== 'dynamic') {
        // A static block starts no iteration, but what is inside it still sees ours.
        if (!this.hiddenBlocks.has(block.type)) {
          blocks.push({ ...block, body: this.expandChild(block.body, this.iteration, this.marks) });
        }
        continue;
      }
      const realType = block.labels[0];
      if (this.hiddenBlocks.has(realType)) continue;
      const blockSchema = schema.blocks.find((b) => b.type === realType);
      if (!blockSchema) {
        if (!partial) {
          diagnostics.push(
            errorDiag(
              'Unsupported block type',
              `Blocks of type ${goQuote(realType)} are not expected here.`,
              block.labelRanges[0],
            ),
          );
        }
        continue;
      }
      const spec = this.decodeSpec(blockSchema, block, diagnostics);
      if (!spec) continue;

      const [forEach, forEachMarks] = spec.forEach.unmark();
      const marks = new Set([...this.marks, ...forEachMarks]);
      if (forEach.isKnown()) {
        for (const [key, value] of iterationPairs(forEach)) {
          const i = nestedIteration(this.iteration, spec.iteratorName, key, value);
          const generated = this.generateBlock(spec, i, diagnostics);
          if (generated) blocks.push({ ...generated, body: this.expandChild(spec.content, i, marks) });
        }
      } else {
        // A block cannot be unknown, so one block stands for all of them and everything in it is
        // unknown (hcl's unknownBody); the content is still checked against the schema.
        const i = nestedIteration(
          this.iteration,
          spec.iteratorName,
          Value.DynamicUnknown,
          Value.DynamicUnknown,
        );
        const generated = this.generateBlock(spec, i, diagnostics);
        if (generated) {
          blocks.push({
            ...generated,
            body: new UnknownBody(this.expandChild(spec.content, i, marks), marks),
          });
        }
      }
    }
    return { blocks, diagnostics };
  }

  private expandChild(child: HclBody, i: Iteration | undefined, marks: ReadonlySet<string>): HclBody {
    const ctx = i ? this.forEachCtx.child(iterationVariables(i)) : this.forEachCtx;
    return new DynamicBody(child, ctx, i, marks, new Set(), new Map());
  }

  private decodeSpec(
    blockSchema: BlockHeaderSchema,
    block: HclBlock,
    diagnostics: Diagnostics,
  ): DynamicSpec | undefined {
    const withLabels = blockSchema.labelNames.length > 0;
    const { content, diagnostics: contentDiags } = block.body.content(specSchema(withLabels));
    diagnostics.push(...contentDiags);
    if (hasErrors(contentDiags)) return undefined;

    let iteratorName = blockSchema.type;
    const iteratorAttr = content.attributes.get('iterator');
    if (iteratorAttr) {
      const { traversal, diagnostics: travDiags } = absTraversalForExpr(iteratorAttr.expr);
      diagnostics.push(...travDiags);
      if (!traversal) return undefined;
      if (traversal.length !== 1 || traversal[0].kind !== 'root') {
        diagnostics.push(
          errorDiag(
            'Invalid dynamic iterator name',
            'Dynamic iterator must be a single variable name.',
            rangeBetween(traversal[0].range, traversal[traversal.length - 1].range),
          ),
        );
        return undefined;
      }
      iteratorName = traversal[0].name;
    }

    const forEachAttr = content.attributes.get('for_each') as HclAttribute; // required by the schema
    const evaluated = evaluateSyntaxExpression(forEachAttr.expr, this.forEachCtx);
    diagnostics.push(...evaluated.diagnostics);
    if (hasErrors(evaluated.diagnostics)) return undefined;
    const forEach = evaluated.value;
    const [unmarked] = forEach.unmark();
    // A dynamic-typed value is either null (next check) or unknown (expandBlocks handles it).
    if (!ITERABLE_KINDS.has(unmarked.type.kind) && unmarked.type.kind !== 'dynamic') {
      diagnostics.push(
        errorDiag(
          'Invalid dynamic for_each value',
          `Cannot use a ${friendlyName(forEach.type)} value in for_each. An iterable collection is required.`,
          expressionRange(forEachAttr.expr),
        ),
      );
      return undefined;
    }
    if (unmarked.isNull()) {
      diagnostics.push(
        errorDiag(
          'Invalid dynamic for_each value',
          'Cannot use a null value in for_each.',
          expressionRange(forEachAttr.expr),
        ),
      );
      return undefined;
    }

    let labelExprs: SyntaxExpression[] = [];
    const labelsAttr = content.attributes.get('labels');
    if (labelsAttr) {
      const list = exprList(labelsAttr.expr);
      diagnostics.push(...list.diagnostics);
      if (hasErrors(list.diagnostics)) return undefined;
      labelExprs = list.exprs;
      const wanted = blockSchema.labelNames.length;
      const detail = `Blocks of type ${goQuote(blockSchema.type)} require ${wanted} label(s).`;
      if (labelExprs.length > wanted) {
        diagnostics.push(
          errorDiag('Extraneous dynamic block label', detail, expressionRange(labelExprs[wanted])),
        );
        return undefined;
      }
      if (labelExprs.length < wanted) {
        diagnostics.push(
          errorDiag('Insufficient dynamic block labels', detail, expressionRange(labelsAttr.expr)),
        );
        return undefined;
      }
    }

    if (content.blocks.length === 0) {
      diagnostics.push(
        errorDiag(
          'Missing dynamic content block',
          'A dynamic block must have a nested block of type "content" to describe the body of each generated block.',
          content.missingItemRange,
        ),
      );
      return undefined;
    }
    if (content.blocks.length > 1) {
      diagnostics.push(
        errorDiag(
          'Extraneous dynamic content block',
          'Only one nested content block is allowed for each dynamic block.',
          content.blocks[1].range,
        ),
      );
      return undefined;
    }

    return {
      blockType: blockSchema.type,
      typeRange: block.labelRanges[0],
      defRange: block.range,
      forEach,
      iteratorName,
      labelExprs,
      content: content.blocks[0].body,
    };
  }

  /** The block one iteration generates (its body still to be wrapped), or undefined on a bad label. */
  private generateBlock(spec: DynamicSpec, i: Iteration, diagnostics: Diagnostics): HclBlock | undefined {
    const ctx = this.forEachCtx.child(iterationVariables(i));
    const labels: string[] = [];
    const labelRanges: Range[] = [];
    for (const expr of spec.labelExprs) {
      const range = expressionRange(expr);
      const bad = (detail: string): undefined => {
        diagnostics.push(errorDiag('Invalid dynamic block label', detail, range));
        return undefined;
      };
      const evaluated = evaluateSyntaxExpression(expr, ctx);
      diagnostics.push(...evaluated.diagnostics);
      if (hasErrors(evaluated.diagnostics)) return undefined;
      const converted = tryConvert(evaluated.value, StringType);
      if (!converted.ok) return bad(`Cannot use this value as a dynamic block label: ${converted.message}.`);
      const label = converted.value;
      if (label.isNull()) return bad('Cannot use a null value as a dynamic block label.');
      if (!label.isKnown()) {
        return bad('This value is not yet known. Dynamic block labels must be immediately-known values.');
      }
      // A block label is plain text everywhere downstream, with nowhere to carry a mark.
      if (label.isMarked())
        return bad('This value has dynamic marks that make it unsuitable for use as a block label.');
      labels.push(label.asString());
      labelRanges.push(range);
    }
    return {
      type: spec.blockType,
      labels,
      body: spec.content,
      range: spec.defRange,
      typeRange: spec.typeRange,
      labelRanges,
    };
  }
}

/**
 * The body of a block generated from an unknown for_each: the content's structure (and its
 * diagnostics against the schema) with every argument unknown, nested blocks included.
 */
class UnknownBody implements HclBody {
  private readonly scope: BoundVariables;

  constructor(
    private readonly template: HclBody,
    private readonly marks: ReadonlySet<string>,
  ) {
    this.scope = new BoundVariables({}, marks, true);
  }

  content(schema: BodySchema): { content: BodyContent; diagnostics: Diagnostics } {
    const r = this.template.content(schema);
    return { content: this.unknownContent(r.content), diagnostics: r.diagnostics };
  }

  partialContent(schema: BodySchema): { content: BodyContent; remain: HclBody; diagnostics: Diagnostics } {
    const r = this.template.partialContent(schema);
    return {
      content: this.unknownContent(r.content),
      remain: new UnknownBody(r.remain, this.marks),
      diagnostics: r.diagnostics,
    };
  }

  justAttributes(): { attributes: Map<string, HclAttribute>; diagnostics: Diagnostics } {
    const r = this.template.justAttributes();
    return { attributes: this.unknownAttributes(r.attributes), diagnostics: r.diagnostics };
  }

  missingItemRange(): Range {
    return this.template.missingItemRange();
  }

  private unknownContent(content: BodyContent): BodyContent {
    return {
      attributes: this.unknownAttributes(content.attributes),
      blocks: content.blocks.map((b) => ({ ...b, body: new UnknownBody(b.body, this.marks) })),
      missingItemRange: content.missingItemRange,
    };
  }

  private unknownAttributes(raw: ReadonlyMap<string, HclAttribute>): Map<string, HclAttribute> {
    const attributes = new Map<string, HclAttribute>();
    for (const [name, attr] of raw)
      attributes.set(name, { ...attr, expr: scopedExpression(attr.expr, this.scope) });
    return attributes;
  }
}
