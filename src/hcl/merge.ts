import type { BodyContent, BodySchema, HclAttribute, HclBody } from './body';
import { type Diagnostics, errorDiag } from './diagnostics';
import { type Range, formatRange } from './pos';
import { goQuote } from '../text/go-quote';

/**
 * Combines several bodies (typically one per template file) into one, as hcl.MergeBodies does:
 * blocks are concatenated in body order, an attribute may be defined in only one of the bodies, and
 * required attributes are checked across all of them.
 */
export function mergeBodies(bodies: readonly HclBody[]): HclBody {
  const flat: HclBody[] = [];
  for (const b of bodies) {
    if (b instanceof MergedBody) flat.push(...b.bodies);
    else flat.push(b);
  }
  return new MergedBody(flat);
}

/** A body with no content at all. */
export function emptyBody(): HclBody {
  return new MergedBody([]);
}

class MergedBody implements HclBody {
  constructor(readonly bodies: readonly HclBody[]) {}

  content(schema: BodySchema): { content: BodyContent; diagnostics: Diagnostics } {
    const { content, diagnostics } = this.merged(schema, false);
    return { content, diagnostics };
  }

  partialContent(schema: BodySchema): { content: BodyContent; remain: HclBody; diagnostics: Diagnostics } {
    return this.merged(schema, true);
  }

  justAttributes(): { attributes: Map<string, HclAttribute>; diagnostics: Diagnostics } {
    const attributes = new Map<string, HclAttribute>();
    const diagnostics: Diagnostics = [];
    for (const body of this.bodies) {
      const r = body.justAttributes();
      diagnostics.push(...r.diagnostics);
      for (const [name, attr] of r.attributes) addUnique(attributes, name, attr, diagnostics);
    }
    return { attributes, diagnostics };
  }

  missingItemRange(): Range {
    if (this.bodies.length === 0) {
      const p = { line: 0, column: 0, byte: 0 };
      return { filename: '<empty>', start: p, end: p };
    }
    return this.bodies[0].missingItemRange();
  }

  private merged(
    schema: BodySchema,
    partial: boolean,
  ): { content: BodyContent; remain: HclBody; diagnostics: Diagnostics } {
    // Any one of the bodies may supply a required attribute, so requiredness is checked only at
    // the end, across all of them.
    const relaxed: BodySchema = {
      attributes: schema.attributes.map((a) => ({ name: a.name })),
      blocks: schema.blocks,
    };
    const content: BodyContent = {
      attributes: new Map(),
      blocks: [],
      missingItemRange: this.missingItemRange(),
    };
    const diagnostics: Diagnostics = [];
    const leftovers: HclBody[] = [];
    for (const body of this.bodies) {
      let part: BodyContent;
      if (partial) {
        const r = body.partialContent(relaxed);
        part = r.content;
        leftovers.push(r.remain);
        diagnostics.push(...r.diagnostics);
      } else {
        const r = body.content(relaxed);
        part = r.content;
        diagnostics.push(...r.diagnostics);
      }
      for (const [name, attr] of part.attributes) addUnique(content.attributes, name, attr, diagnostics);
      content.blocks.push(...part.blocks);
    }
    for (const a of schema.attributes) {
      if (a.required && !content.attributes.has(a.name)) {
        // There is no single place to point at: the attribute could have gone in any of the files.
        diagnostics.push(
          errorDiag(
            'Missing required argument',
            `The argument ${goQuote(a.name)} is required, but was not set.`,
          ),
        );
      }
    }
    return { content, remain: mergeBodies(leftovers), diagnostics };
  }
}

function addUnique(
  into: Map<string, HclAttribute>,
  name: string,
  attr: HclAttribute,
  diagnostics: Diagnostics,
): void {
  const existing = into.get(name);
  if (existing) {
    diagnostics.push(
      errorDiag(
        'Duplicate argument',
        `Argument ${goQuote(name)} was already set at ${formatRange(existing.nameRange)}`,
        attr.nameRange,
      ),
    );
    return;
  }
  into.set(name, attr);
}
