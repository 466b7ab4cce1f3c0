import type { BodyContent, BodySchema, HclAttribute, HclBlock, HclBody } from '../body';
import { type Diagnostics, errorDiag } from '../diagnostics';
import { nameSuggestion } from '../didyoumean';
import { type Range, formatRange, rangeBetween } from '../pos';
import { goQuote } from '../../text/go-quote';
import { type JsonProperty, type JsonValue, jsonStartRange } from './ast';

/**
 * The JSON syntax's HclBody. A JSON object has no syntactic difference between an argument and a
 * block, so the schema decides: a property named like a schema attribute is an argument, one named
 * like a block type holds one block (an object), several (an array of objects), or — when the block
 * type has labels — nested objects whose keys are the labels. "//" properties are comments.
 *
 * The root must be an object, or an array of objects whose properties are merged.
 */
export function jsonBody(root: JsonValue, filename: string): { body: HclBody; diagnostics: Diagnostics } {
  if (root.kind === 'object' || root.kind === 'array' || root.kind === 'invalid') {
    return { body: new JsonBody(root, new Set()), diagnostics: [] };
  }
  const diag = errorDiag(
    'Root value must be object',
    'The root value in a JSON-based configuration must be either a JSON object or a JSON array of objects.',
    jsonStartRange(root),
  );
  // An empty stand-in, so that decoding it does not repeat the complaint in vaguer terms.
  const p = { line: 1, column: 1, byte: 0 };
  const fake: Range = { filename, start: p, end: p };
  const empty: JsonValue = { kind: 'object', properties: [], range: fake, openRange: fake, closeRange: fake };
  return { body: new JsonBody(empty, new Set()), diagnostics: [diag] };
}

/**
 * A component configuration from a Packer legacy JSON template, read with the same schema rules
 * (objects and arrays of objects become blocks where the schema wants blocks) but with values that
 * are plain JSON: arguments are 'literal' expressions, so `${` is never an HCL template, and "//"
 * is an ordinary (unknown) property name rather than a comment.
 */
export function legacyJsonBody(value: JsonValue): HclBody {
  return new JsonBody(value, new Set(), 'literal');
}

const COMMENT_KEY = '//';

/** 'json': HCL's JSON syntax. 'literal': a legacy JSON template's configuration (see legacyJsonBody). */
type JsonBodyFlavour = 'json' | 'literal';

class JsonBody implements HclBody {
  /** hidden: names already consumed by a partialContent call that produced this body. */
  constructor(
    private readonly value: JsonValue,
    private readonly hidden: ReadonlySet<string>,
    private readonly flavour: JsonBodyFlavour = 'json',
  ) {}

  private isComment(name: string): boolean {
    return this.flavour === 'json' && name === COMMENT_KEY;
  }

  content(schema: BodySchema): { content: BodyContent; diagnostics: Diagnostics } {
    const { content, remain, diagnostics } = this.partialContent(schema);
    const used = (remain as JsonBody).hidden;
    // Attributes already used are not worth suggesting; block types can repeat, so always are.
    const suggestions = [
      ...schema.attributes.filter((a) => !used.has(a.name)).map((a) => a.name),
      ...schema.blocks.map((b) => b.type),
    ];
    const { properties } = collectProperties(this.value); // type errors were reported by partialContent
    for (const prop of properties) {
      if (this.isComment(prop.name) || used.has(prop.name)) continue;
      const suggestion = nameSuggestion(prop.name, suggestions);
      const didYouMean = suggestion === undefined ? '' : `Did you mean ${goQuote(suggestion)}?`;
      diagnostics.push(
        this.flavour === 'literal'
          ? // A legacy template's configuration is decoded by the plugin SDK (mapstructure), which
            // words an unused key so; the range and the suggestion are Kiln's own additions.
            errorDiag(
              `unknown configuration key: '${goQuote(prop.name)}'`,
              didYouMean,
              prop.nameRange,
              prop.nameRange,
            )
          : errorDiag(
              'Extraneous JSON object property',
              `No argument or block type is named ${goQuote(prop.name)}.${didYouMean === '' ? '' : ` ${didYouMean}`}`,
              prop.nameRange,
              prop.nameRange,
            ),
      );
    }
    return { content, diagnostics };
  }

  partialContent(schema: BodySchema): { content: BodyContent; remain: HclBody; diagnostics: Diagnostics } {
    const { properties, diagnostics } = collectProperties(this.value);
    const used = new Set(this.hidden);
    const content: BodyContent = {
      attributes: new Map(),
      blocks: [],
      missingItemRange: this.missingItemRange(),
    };
    const attrSchemas = new Set(schema.attributes.map((a) => a.name));
    const blockSchemas = new Map(schema.blocks.map((b) => [b.type, b]));

    for (const prop of properties) {
      if (this.hidden.has(prop.name)) continue;
      if (attrSchemas.has(prop.name)) {
        const existing = content.attributes.get(prop.name);
        if (existing) {
          diagnostics.push(
            errorDiag(
              'Duplicate argument',
              `The argument ${goQuote(prop.name)} was already set at ${formatRange(existing.range)}.`,
              prop.nameRange,
              prop.nameRange,
            ),
          );
          continue;
        }
        content.attributes.set(prop.name, asAttribute(prop, this.flavour));
        used.add(prop.name);
      } else {
        const blockSchema = blockSchemas.get(prop.name);
        if (!blockSchema) continue; // left for the caller (or content()) to deal with
        unpackBlock(
          prop.value,
          prop.name,
          prop.nameRange,
          blockSchema.labelNames,
          [],
          [],
          content.blocks,
          diagnostics,
          this.flavour,
        );
        used.add(prop.name);
      }
    }

    for (const a of schema.attributes) {
      if (a.required && !content.attributes.has(a.name)) {
        diagnostics.push(
          errorDiag(
            'Missing required argument',
            `The argument ${goQuote(a.name)} is required, but no definition was found.`,
            this.missingItemRange(),
          ),
        );
      }
    }
    return { content, remain: new JsonBody(this.value, used, this.flavour), diagnostics };
  }

  justAttributes(): { attributes: Map<string, HclAttribute>; diagnostics: Diagnostics } {
    const attributes = new Map<string, HclAttribute>();
    const diagnostics: Diagnostics = [];
    if (this.value.kind !== 'object') {
      diagnostics.push(
        errorDiag(
          'Incorrect JSON value type',
          'A JSON object is required here, setting the arguments for this block.',
          jsonStartRange(this.value),
        ),
      );
      return { attributes, diagnostics };
    }
    for (const prop of this.value.properties) {
      if (this.isComment(prop.name) || this.hidden.has(prop.name)) continue;
      const existing = attributes.get(prop.name);
      if (existing) {
        diagnostics.push(
          errorDiag(
            'Duplicate attribute definition',
            `The argument ${goQuote(prop.name)} was already set at ${formatRange(existing.range)}.`,
            prop.nameRange,
          ),
        );
        continue;
      }
      attributes.set(prop.name, asAttribute(prop, this.flavour));
    }
    return { attributes, diagnostics };
  }

  missingItemRange(): Range {
    switch (this.value.kind) {
      case 'object':
        return this.value.closeRange;
      case 'array':
        return this.value.openRange;
      default:
        return jsonStartRange(this.value);
    }
  }
}

function asAttribute(prop: JsonProperty, flavour: JsonBodyFlavour): HclAttribute {
  return {
    name: prop.name,
    expr: { syntax: flavour, value: prop.value },
    range: rangeBetween(prop.nameRange, prop.value.range),
    nameRange: prop.nameRange,
  };
}

/**
 * Peels one label per level of nested object off a block's value, then makes one block from an
 * object or one per element of an array. A null value means "no blocks".
 */
function unpackBlock(
  value: JsonValue,
  type: string,
  typeRange: Range,
  labelsLeft: readonly string[],
  labels: readonly string[],
  labelRanges: readonly Range[],
  blocks: HclBlock[],
  diagnostics: Diagnostics,
  flavour: JsonBodyFlavour,
): void {
  if (labelsLeft.length > 0) {
    const labelName = labelsLeft[0];
    const collected = collectProperties(value, labelName);
    diagnostics.push(...collected.diagnostics);
    if (collected.properties.length === 0) {
      // A type error has been reported already; an empty object or null still lacks the label.
      if (collected.diagnostics.length === 0 && value.kind !== 'invalid') {
        diagnostics.push(
          errorDiag(
            'Missing block label',
            `At least one object property is required, whose name represents the ${type} block's ${labelName}.`,
            jsonStartRange(value),
          ),
        );
      }
      return;
    }
    for (const prop of collected.properties) {
      unpackBlock(
        prop.value,
        type,
        typeRange,
        labelsLeft.slice(1),
        [...labels, prop.name],
        [...labelRanges, prop.nameRange],
        blocks,
        diagnostics,
        flavour,
      );
    }
    return;
  }

  const make = (body: JsonValue, defRange: Range): HclBlock => ({
    type,
    labels,
    body: new JsonBody(body, new Set(), flavour),
    range: defRange,
    typeRange,
    labelRanges,
  });
  switch (value.kind) {
    case 'null':
      return;
    case 'object':
      blocks.push(make(value, value.openRange));
      return;
    case 'array':
      // A mistyped element is reported when its content is requested.
      for (const element of value.elements) blocks.push(make(element, value.openRange));
      return;
    case 'invalid':
      return; // already reported by the parser
    default:
      diagnostics.push(
        errorDiag(
          'Incorrect JSON value type',
          `Either a JSON object or a JSON array is required, representing the contents of one or more ${goQuote(type)} blocks.`,
          jsonStartRange(value),
        ),
      );
  }
}

/**
 * The properties of an object, or of every object in an array, in source order. labelName tailors
 * the messages when the properties are block labels.
 */
function collectProperties(
  value: JsonValue,
  labelName?: string,
): { properties: JsonProperty[]; diagnostics: Diagnostics } {
  const properties: JsonProperty[] = [];
  const diagnostics: Diagnostics = [];
  switch (value.kind) {
    case 'null':
    case 'invalid':
      break;
    case 'object':
      properties.push(...value.properties);
      break;
    case 'array':
      for (const element of value.elements) {
        if (element.kind === 'object') properties.push(...element.properties);
        else if (element.kind !== 'invalid') {
          diagnostics.push(
            errorDiag(
              'Incorrect JSON value type',
              labelName === undefined
                ? 'A JSON object is required here, to define arguments and child blocks.'
                : `A JSON object is required here, to specify ${labelName} labels for this block.`,
              jsonStartRange(element),
            ),
          );
        }
      }
      break;
    default:
      diagnostics.push(
        errorDiag(
          'Incorrect JSON value type',
          labelName === undefined
            ? 'Either a JSON object or JSON array of objects is required here, to define arguments and child blocks.'
            : `Either a JSON object or JSON array of objects is required here, to specify ${labelName} labels for this block.`,
          jsonStartRange(value),
        ),
      );
  }
  return { properties, diagnostics };
}
