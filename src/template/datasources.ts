import type { BodySchema, HclBlock, HclBody } from '../hcl/body';
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import { type Range, formatRange } from '../hcl/pos';
import { goQuote } from '../text/go-quote';
import type { Traverser } from '../hcl/syntax/ast';
import type { EvalContext } from '../eval/context';
import { syntaxExpressionVariables } from '../eval/json';
import type { DataSource } from '../schema/datasource';
import { ComponentRegistry } from '../schema/registry';
import { bodySchemaFor } from '../schema/body-decoder';
import { componentFields, decodeComponentConfig } from '../schema/decode';
import { isBlockType } from '../schema/fields';
import type { ComponentSchema, FieldSpec } from '../schema/types';
import { convert } from '../values/convert';
import { DynamicType, typeEquals } from '../values/types';
import { Value } from '../values/value';
import { BAD_IDENTIFIER_DETAIL, validIdentifier } from './decode';
import { prerequisiteReferences } from './locals';
import type { DataSourceBlock } from './model';

/**
 * `data "<type>" "<name>" { ... }` blocks: decoded up front (names, duplicates), then evaluated one
 * by one in the graph they share with locals (see evaluatePrerequisites): each body is decoded with
 * its data source's schema once what it refers to is known, and yields either an unknown value of
 * the data source's output type (validate, console) or what the data source returns when executed.
 */

/** How data sources are evaluated: not run (unknown values of their output type), or run. */
export type DataSourceMode = 'unknown' | 'execute';

/** A decoded data block, with where its type label is (unknown types are reported there). */
export interface DecodedDataSource extends DataSourceBlock {
  readonly typeRange: Range;
}

/** The data source types a template may use: their schemas, and runtimes for those Kiln can run. */
export interface DataSourceTypes {
  schema(type: string): ComponentSchema | undefined;
  runtime(type: string): DataSource | undefined;
  /** Packer's "Unknown data type" error, at the block's type label. */
  unknown(ds: DecodedDataSource): Diagnostic;
}

/**
 * The registry's data sources together with the given runtimes (whose schemas count as registered
 * too), so that the known types listed in errors are exactly the ones that can be used.
 */
export function dataSourceTypes(
  registry: ComponentRegistry,
  runtimes: readonly DataSource[],
): DataSourceTypes {
  const known = new ComponentRegistry();
  const byType = new Map(runtimes.map((r) => [r.schema.type, r]));
  for (const r of runtimes) known.register(r.schema);
  for (const type of registry.types('datasource')) {
    const schema = registry.get('datasource', type) as ComponentSchema;
    if (!byType.has(type)) known.register(schema);
  }
  return {
    schema: (type) => known.get('datasource', type),
    runtime: (type) => byType.get(type),
    unknown: (ds) => known.unknownComponentDiagnostic('datasource', ds.type, ds.typeRange),
  };
}

/** Packer's decodeDatasources: every data block with valid labels, duplicates reported. */
export function decodeDataSources(blocks: readonly HclBlock[]): {
  dataSources: DecodedDataSource[];
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const dataSources: DecodedDataSource[] = [];
  const byRef = new Map<string, DecodedDataSource>();
  for (const block of blocks) {
    if (block.type !== 'data') continue;
    const [type, name] = block.labels;
    const labelProblems: Diagnostic[] = [];
    if (!validIdentifier(type)) {
      labelProblems.push(errorDiag('Invalid data source name', BAD_IDENTIFIER_DETAIL, block.labelRanges[0]));
    }
    if (!validIdentifier(name)) {
      labelProblems.push(
        errorDiag('Invalid data resource name', BAD_IDENTIFIER_DETAIL, block.labelRanges[1]),
      );
    }
    diagnostics.push(...labelProblems);
    if (labelProblems.length > 0) continue;
    const ref = `${type}.${name}`;
    const existing = byRef.get(ref);
    if (existing) {
      diagnostics.push(
        errorDiag(
          'Duplicate data block',
          `This data block has the same data type and name as a previous block declared at ${formatRange(existing.range)}. Each data must have a unique name per builder type.`,
          block.range,
        ),
      );
      continue;
    }
    const ds: DecodedDataSource = {
      type,
      name,
      body: block.body,
      range: block.range,
      typeRange: block.labelRanges[0],
    };
    byRef.set(ref, ds);
    dataSources.push(ds);
  }
  return { dataSources, diagnostics };
}

/**
 * The locals and data sources a data block refers to anywhere in its body, nested and dynamic
 * blocks included (Packer's GetVarsByType). The schema says which names are blocks; without one
 * (an unknown type) only the top-level arguments are read, which is all such a block needs.
 */
export function dataSourceReferences(ds: DataSourceBlock, schema: ComponentSchema | undefined): string[] {
  const fields = schema ? componentFields(schema) : [];
  return prerequisiteReferences(bodyVariables(ds.body, fields));
}

const DYNAMIC_BLOCK = { type: 'dynamic', labelNames: ['type'] };
const DYNAMIC_SPEC: BodySchema = {
  attributes: [{ name: 'for_each' }, { name: 'iterator' }, { name: 'labels' }],
  blocks: [{ type: 'content', labelNames: [] }],
};

function bodyVariables(body: HclBody, fields: readonly FieldSpec[]): (readonly Traverser[])[] {
  const own = bodySchemaFor(fields);
  // Problems are left for the decoder to report; here only the expressions matter.
  const { content, remain } = body.partialContent({
    attributes: own.attributes.map((a) => ({ name: a.name })),
    blocks: [...own.blocks, DYNAMIC_BLOCK],
  });
  const out: (readonly Traverser[])[] = [];
  const attributes = [...content.attributes.values(), ...remain.justAttributes().attributes.values()];
  for (const attr of attributes) out.push(...syntaxExpressionVariables(attr.expr));
  for (const block of content.blocks) {
    const target = block.type === 'dynamic' ? block.labels[0] : block.type;
    const field = fields.find((f) => f.name === target);
    const nested = field && isBlockType(field.type) ? field.type.fields : [];
    if (block.type !== 'dynamic') {
      out.push(...bodyVariables(block.body, nested));
      continue;
    }
    const spec = block.body.partialContent(DYNAMIC_SPEC).content;
    for (const attr of spec.attributes.values()) out.push(...syntaxExpressionVariables(attr.expr));
    for (const c of spec.blocks) out.push(...bodyVariables(c.body, nested));
  }
  return out;
}

/**
 * Packer's evaluateDatasource: decode the body with the data source's schema in `ctx` (which holds
 * `var`, and the locals and data sources the block refers to), then either stop at an unknown value
 * of the output type or execute it. No value when anything fails. Rejects with the signal's reason
 * when it is aborted.
 */
export async function evaluateDataSource(
  ds: DecodedDataSource,
  types: DataSourceTypes,
  ctx: EvalContext,
  mode: DataSourceMode,
  signal: AbortSignal,
): Promise<{ value?: Value; diagnostics: Diagnostic[] }> {
  const schema = types.schema(ds.type);
  if (!schema) return { diagnostics: [types.unknown(ds)] };
  const config = decodeComponentConfig(schema, ds.body, ctx, { range: ds.range });
  const diagnostics = [...config.diagnostics];
  if (hasErrors(diagnostics)) return { diagnostics };
  const output = schema.output ?? DynamicType;
  if (mode === 'unknown') {
    // A plugin's data source is still configured (Configure), as Packer's startDatasource does.
    const check = types.runtime(ds.type)?.check;
    const problem = check ? await check(config, signal) : undefined;
    if (problem !== undefined) diagnostics.push(errorDiag(problem, '', ds.range));
    return { value: Value.unknown(output), diagnostics };
  }

  const dataSource = types.runtime(ds.type);
  if (!dataSource) {
    diagnostics.push(
      errorDiag(
        `failed to start datasource plugin ${goQuote(`${ds.type}.${ds.name}`)}`,
        `Kiln can check the configuration of ${ds.type} data sources but cannot run them.`,
        ds.range,
      ),
    );
    return { diagnostics };
  }
  signal.throwIfAborted();
  let result: Value;
  try {
    result = await dataSource.execute(config.view, signal);
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    // Packer shows the plugin's error as the summary, at the block's header.
    diagnostics.push(errorDiag(e instanceof Error ? e.message : String(e), '', ds.range));
    return { diagnostics };
  }
  // A result that does not fit the declared output is a bug in the data source: convert throws.
  return { value: convert(result, output), diagnostics };
}

/**
 * The `data` object from evaluated data sources keyed `<type>.<name>`: one entry per type holding
 * its data sources by name. Packer builds a map per type; when the values' types differ (possible
 * only for outputs of `any` type) an object holds them instead.
 */
export function dataObject(values: ReadonlyMap<string, Value>): Value {
  const byType = new Map<string, Map<string, Value>>();
  for (const [ref, value] of values) {
    const dot = ref.indexOf('.');
    const type = ref.slice(0, dot);
    let inner = byType.get(type);
    if (!inner) byType.set(type, (inner = new Map()));
    inner.set(ref.slice(dot + 1), value);
  }
  const types = new Map<string, Value>();
  for (const [type, inner] of byType) {
    const first = inner.values().next().value as Value;
    const uniform = [...inner.values()].every((v) => typeEquals(v.type, first.type));
    types.set(type, uniform ? Value.map(inner) : Value.object(inner));
  }
  return Value.object(types);
}
