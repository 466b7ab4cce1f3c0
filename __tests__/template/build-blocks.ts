import type { HclBlock } from '../../src/hcl/body';
import type { Diagnostic } from '../../src/hcl/diagnostics';
import { parseFile } from '../../src/hcl/parse';
import { formatRange } from '../../src/hcl/pos';
import { EvalContext } from '../../src/eval/context';
import { packerFunctions } from '../../src/eval/functions/index';
import { TEMPLATE_SCHEMA } from '../../src/template/scope';
import { EmptyObjectType, StringType } from '../../src/values/types';
import { Value } from '../../src/values/value';

/** The top-level blocks of one template text; parse or schema errors fail the test. */
export function topLevelBlocks(src: string, filename = 'main.pkr.hcl'): HclBlock[] {
  const parsed = parseFile(src, filename);
  if (parsed.diagnostics.length) throw new Error(parsed.diagnostics.map((d) => d.summary).join('; '));
  const { content, diagnostics } = parsed.body.content(TEMPLATE_SCHEMA);
  if (diagnostics.length) throw new Error(diagnostics.map((d) => d.summary).join('; '));
  return content.blocks;
}

/** A build context like the loader's: var and local as given, source and build unknown. */
export function baseContext(
  vars: Record<string, Value> = {},
  locals: Record<string, Value> = {},
): EvalContext {
  return new EvalContext({
    variables: {
      var: Value.object(vars),
      local: Value.object(locals),
      data: Value.object({}),
      source: Value.object({ type: Value.unknown(StringType), name: Value.unknown(StringType) }),
      build: Value.unknown(EmptyObjectType),
      path: Value.object({ cwd: Value.string('/work'), root: Value.string('.') }),
      packer: Value.object({ version: Value.string('1.11.2') }),
    },
    functions: packerFunctions({ baseDir: '.', env: {} }),
  });
}

/** Diagnostics as "severity: summary @ range" lines, for exact comparisons. */
export function described(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => `${d.severity}: ${d.summary}${d.subject ? ` @ ${formatRange(d.subject)}` : ''}`);
}
