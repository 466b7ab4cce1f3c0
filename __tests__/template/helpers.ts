import { evaluate } from '../../src/eval/evaluate';
import { parseExpression } from '../../src/hcl/syntax/parser';
import { renderConsole } from '../../src/values/render';
import { builtinDataSources, builtinRegistry } from '../../src/components/catalog';
import { type LoadOptions, type TemplateScope, loadTemplateScope } from '../../src/template/scope';

// The temporary directories moved to support/temp.ts; engine/run.test.ts still imports them from here.
export { tempDir, tempTemplate } from '../support/temp';

/** The built-in components, as the CLI passes them to loadTemplate / loadTemplateScope. */
export function builtinComponents(): Pick<LoadOptions, 'registry' | 'dataSourceRuntimes'> {
  return { registry: builtinRegistry(), dataSourceRuntimes: builtinDataSources() };
}

/** Loads a template that lives in `dir` (the cwd), with `path` "." unless told otherwise. */
export function load(dir: string, opts: Partial<LoadOptions> = {}): Promise<TemplateScope> {
  return loadTemplateScope({
    path: '.',
    cwd: dir,
    env: {},
    vars: [],
    varFiles: [],
    ...builtinComponents(),
    ...opts,
  });
}

/** Evaluates an expression in the console scope and renders it as `packer console` would. */
export function show(scope: TemplateScope, src: string): string {
  const parsed = parseExpression(src, '<test>');
  if (parsed.diagnostics.length) throw new Error(parsed.diagnostics[0].summary);
  const r = evaluate(parsed.expr, scope.context);
  if (r.diagnostics.length) return `!${r.diagnostics.map((d) => d.summary).join('; ')}`;
  return renderConsole(r.value);
}

export function summaries(diags: readonly { summary: string }[]): string[] {
  return diags.map((d) => d.summary);
}
