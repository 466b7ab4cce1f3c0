import type { BodyContent, BodySchema, HclAttribute, HclBlock, HclBody } from '../hcl/body';
import { type Diagnostics, errorDiag } from '../hcl/diagnostics';
import type { Range } from '../hcl/pos';
import { goQuote } from '../text/go-quote';

/**
 * A provisioner's body with one build's `override` settings laid over it. Unlike hcl.MergeBodies
 * (where an argument set twice is "Duplicate argument"), an override replaces: Packer hands the
 * override map to the plugin's Prepare after the block's own configuration, and the later map wins
 * key by key. Blocks follow the same rule per block type: override blocks of a type replace the
 * base's blocks of that type.
 */
export function overlayBody(base: HclBody, over: HclBody): HclBody {
  return new OverlayBody(base, over);
}

class OverlayBody implements HclBody {
  constructor(
    private readonly base: HclBody,
    private readonly over: HclBody,
  ) {}

  content(schema: BodySchema): { content: BodyContent; diagnostics: Diagnostics } {
    const relaxed = relax(schema);
    const b = this.base.content(relaxed);
    const o = this.over.content(relaxed);
    const diagnostics = [...b.diagnostics, ...o.diagnostics];
    const content = this.combine(schema, b.content, o.content, diagnostics);
    return { content, diagnostics };
  }

  partialContent(schema: BodySchema): { content: BodyContent; remain: HclBody; diagnostics: Diagnostics } {
    const relaxed = relax(schema);
    const b = this.base.partialContent(relaxed);
    const o = this.over.partialContent(relaxed);
    const diagnostics = [...b.diagnostics, ...o.diagnostics];
    const content = this.combine(schema, b.content, o.content, diagnostics);
    return { content, remain: new OverlayBody(b.remain, o.remain), diagnostics };
  }

  justAttributes(): { attributes: Map<string, HclAttribute>; diagnostics: Diagnostics } {
    const b = this.base.justAttributes();
    const o = this.over.justAttributes();
    const attributes = new Map(b.attributes);
    for (const [name, attr] of o.attributes) attributes.set(name, attr);
    return { attributes, diagnostics: [...b.diagnostics, ...o.diagnostics] };
  }

  missingItemRange(): Range {
    return this.base.missingItemRange();
  }

  private combine(
    schema: BodySchema,
    base: BodyContent,
    over: BodyContent,
    diagnostics: Diagnostics,
  ): BodyContent {
    const attributes = new Map(base.attributes);
    for (const [name, attr] of over.attributes) attributes.set(name, attr);
    const overridden = new Set(over.blocks.map((b) => b.type));
    const blocks: HclBlock[] = [...base.blocks.filter((b) => !overridden.has(b.type)), ...over.blocks];
    // Either side may supply a required argument, so requiredness is checked on the result.
    for (const a of schema.attributes) {
      if (a.required && !attributes.has(a.name)) {
        diagnostics.push(
          errorDiag(
            'Missing required argument',
            `The argument ${goQuote(a.name)} is required, but no definition was found.`,
            base.missingItemRange,
          ),
        );
      }
    }
    return { attributes, blocks, missingItemRange: base.missingItemRange };
  }
}

function relax(schema: BodySchema): BodySchema {
  return { attributes: schema.attributes.map((a) => ({ name: a.name })), blocks: schema.blocks };
}
