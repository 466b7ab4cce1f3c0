import type { BodyContent, BodySchema, HclAttribute, HclBlock, HclBody } from '../body';
import { type Diagnostics, errorDiag } from '../diagnostics';
import { nameSuggestion } from '../didyoumean';
import { type Range, rangeBetween, rangeStartOf } from '../pos';
import { goQuote } from '../../text/go-quote';
import type { Attribute, Block, Body } from './ast';

/** The native syntax's HclBody over a parsed Body. */
export function nativeBody(body: Body): HclBody {
  return new NativeBody(body, new Set(), new Set());
}

class NativeBody implements HclBody {
  /** Attributes by name; the parser has already reported any redefinition, so the first one wins. */
  private readonly attributes: Map<string, Attribute>;

  /** hiddenAttrs/hiddenBlocks: what partialContent calls before this one consumed. */
  constructor(
    private readonly body: Body,
    private readonly hiddenAttrs: ReadonlySet<string>,
    private readonly hiddenBlocks: ReadonlySet<string>,
  ) {
    this.attributes = new Map();
    for (const a of body.attributes) if (!this.attributes.has(a.name)) this.attributes.set(a.name, a);
  }

  content(schema: BodySchema): { content: BodyContent; diagnostics: Diagnostics } {
    const { content, remain, diagnostics } = this.partialContent(schema);
    const rest = remain as NativeBody;

    for (const attr of this.attributes.values()) {
      if (rest.hiddenAttrs.has(attr.name)) continue;
      const candidates = schema.attributes.filter((a) => !content.attributes.has(a.name)).map((a) => a.name);
      const suggestion = nameSuggestion(attr.name, candidates);
      let hint = '';
      if (suggestion !== undefined) hint = ` Did you mean ${goQuote(suggestion)}?`;
      else if (schema.blocks.some((b) => b.type === attr.name)) {
        hint = ` Did you mean to define a block of type ${goQuote(attr.name)}?`;
      }
      diagnostics.push(
        errorDiag(
          'Unsupported argument',
          `An argument named ${goQuote(attr.name)} is not expected here.${hint}`,
          attr.nameRange,
        ),
      );
    }

    for (const block of this.body.blocks) {
      if (rest.hiddenBlocks.has(block.type)) continue;
      const suggestion = nameSuggestion(
        block.type,
        schema.blocks.map((b) => b.type),
      );
      let hint = '';
      if (suggestion !== undefined) hint = ` Did you mean ${goQuote(suggestion)}?`;
      else if (schema.attributes.some((a) => a.name === block.type)) {
        hint = ` Did you mean to define argument ${goQuote(block.type)}? If so, use the equals sign to assign it a value.`;
      }
      diagnostics.push(
        errorDiag(
          'Unsupported block type',
          `Blocks of type ${goQuote(block.type)} are not expected here.${hint}`,
          block.typeRange,
        ),
      );
    }
    return { content, diagnostics };
  }

  partialContent(schema: BodySchema): { content: BodyContent; remain: HclBody; diagnostics: Diagnostics } {
    const diagnostics: Diagnostics = [];
    const hiddenAttrs = new Set(this.hiddenAttrs);
    const hiddenBlocks = new Set(this.hiddenBlocks);
    const content: BodyContent = {
      attributes: new Map(),
      blocks: [],
      missingItemRange: this.missingItemRange(),
    };

    for (const a of schema.attributes) {
      const attr = this.attributes.get(a.name);
      if (!attr || this.hiddenAttrs.has(a.name)) {
        if (a.required) {
          diagnostics.push(
            errorDiag(
              'Missing required argument',
              `The argument ${goQuote(a.name)} is required, but no definition was found.`,
              this.missingItemRange(),
            ),
          );
        }
        continue;
      }
      hiddenAttrs.add(a.name);
      content.attributes.set(a.name, asAttribute(attr));
    }

    const wanted = new Map(schema.blocks.map((b) => [b.type, b]));
    for (const block of this.body.blocks) {
      if (this.hiddenBlocks.has(block.type)) continue;
      const blockSchema = wanted.get(block.type);
      if (!blockSchema) continue;
      const expected = blockSchema.labelNames;
      const header = rangeBetween(block.typeRange, block.openBraceRange);
      if (block.labels.length > expected.length) {
        diagnostics.push(
          errorDiag(
            `Extraneous label for ${block.type}`,
            expected.length === 0
              ? `No labels are expected for ${block.type} blocks.`
              : `Only ${expected.length} labels (${expected.join(', ')}) are expected for ${block.type} blocks.`,
            block.labelRanges[expected.length],
            header,
          ),
        );
        continue;
      }
      if (block.labels.length < expected.length) {
        diagnostics.push(
          errorDiag(
            `Missing ${expected[block.labels.length]} for ${block.type}`,
            `All ${block.type} blocks must have ${expected.length} labels (${expected.join(', ')}).`,
            block.openBraceRange,
            header,
          ),
        );
        continue;
      }
      content.blocks.push(asBlock(block));
    }
    // Hidden only now, so that every block of a wanted type is taken, not just the first.
    for (const b of schema.blocks) hiddenBlocks.add(b.type);

    return { content, remain: new NativeBody(this.body, hiddenAttrs, hiddenBlocks), diagnostics };
  }

  justAttributes(): { attributes: Map<string, HclAttribute>; diagnostics: Diagnostics } {
    const diagnostics: Diagnostics = [];
    const first = this.body.blocks[0];
    if (first) {
      // Reported once; the attributes are still returned so that analysis can go on.
      diagnostics.push(
        errorDiag(`Unexpected ${goQuote(first.type)} block`, 'Blocks are not allowed here.', first.typeRange),
      );
    }
    const attributes = new Map<string, HclAttribute>();
    for (const attr of this.attributes.values()) {
      if (!this.hiddenAttrs.has(attr.name)) attributes.set(attr.name, asAttribute(attr));
    }
    return { attributes, diagnostics };
  }

  /** As hcl: the start of the body (a block's opening brace, or the start of the file). */
  missingItemRange(): Range {
    return rangeStartOf(this.body.range);
  }
}

function asAttribute(a: Attribute): HclAttribute {
  return { name: a.name, expr: { syntax: 'native', expr: a.expr }, range: a.range, nameRange: a.nameRange };
}

function asBlock(b: Block): HclBlock {
  const lastHeader = b.labelRanges.length > 0 ? b.labelRanges[b.labelRanges.length - 1] : b.typeRange;
  return {
    type: b.type,
    labels: b.labels,
    body: nativeBody(b.body),
    range: rangeBetween(b.typeRange, lastHeader),
    typeRange: b.typeRange,
    labelRanges: b.labelRanges,
  };
}
