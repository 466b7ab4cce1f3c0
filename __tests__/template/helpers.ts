import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { evaluate } from '../../src/eval/evaluate';
import { parseExpression } from '../../src/hcl/syntax/parser';
import { renderConsole } from '../../src/values/render';
import { builtinDataSources, builtinRegistry } from '../../src/components/catalog';
import { type LoadOptions, type TemplateScope, loadTemplateScope } from '../../src/template/scope';

const created: string[] = [];

// Every test file that writes templates removes them when it is done (Jest's globals exist here
// because this module is only ever imported from test files).
afterAll(() => {
  // Tests chdir into their templates; leave before removing them (the next test file in this
  // worker process would otherwise start in a directory that no longer exists).
  let cwd = '';
  try {
    cwd = process.cwd();
  } catch {
    // already gone
  }
  if (cwd === '' || created.some((dir) => cwd === dir || cwd.startsWith(dir + path.sep)))
    process.chdir(os.tmpdir());
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh, empty temporary directory named `prefix…`, removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Writes files into a fresh temporary directory (removed after the test file) and returns its path. */
export function tempTemplate(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-template-'));
  created.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

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
