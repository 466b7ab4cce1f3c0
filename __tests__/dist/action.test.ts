/**
 * Runs the committed action bundle (dist/index.js) the way the GitHub runner does: inputs in
 * INPUT_* variables, outputs, state and the job summary in the files the runner names.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { POST_BUNDLE, runMain, runPost, useActionWorkspace } from '../support/action';

const root = path.resolve(__dirname, '..', '..');
const golden = (name: string) => fs.readFileSync(path.join(root, '__tests__', 'action', 'golden', name), 'utf8');

/** The workflow commands an action printed (annotations, groups, masks), one per line. */
function commands(stdout: string, kinds: readonly string[]): string[] {
  return stdout.split('\n').filter((l) => kinds.some((k) => l.startsWith(`::${k}`)));
}

describe('dist/index.js (the action)', () => {
  const ws = useActionWorkspace('kiln-action-', ['packer'], (fresh) => {
    fs.writeFileSync(path.join(fresh.workspace, 'packer', 'a.pkr.hcl'), 'locals {\n  a = 1\n    bb = 2\n}\n');
    fs.cpSync(path.join(root, '__tests__', 'fixtures', 'action', 'broken'), path.join(fresh.workspace, 'images', 'broken'), {
      recursive: true,
    });
    fs.cpSync(path.join(root, 'examples', 'quickstart'), path.join(fresh.workspace, 'images', 'quickstart'), {
      recursive: true,
    });
  });

  it('fails a fmt-check on an unformatted template: annotation on the file, diff in the summary, exit-code 3', () => {
    const r = runMain(ws, { command: 'fmt', template: 'packer', 'fmt-check': 'true' });
    expect(r.code).toBe(1);
    expect(commands(r.stdout, ['error'])).toEqual([
      '::error title=File is not formatted canonically,file=packer/a.pkr.hcl::Run `kiln fmt` (or `packer fmt`) on this file and commit the result; the job summary shows the diff.',
      '::error::Some files are not formatted canonically (kiln fmt -check).',
    ]);
    expect(r.outputs['exit-code']).toBe('3');
    expect(r.summary).toContain('1 file need formatting');
    expect(r.summary).toContain('+  a  = 1');
    // -check never writes.
    expect(fs.readFileSync(path.join(ws.workspace, 'packer', 'a.pkr.hcl'), 'utf8')).toContain('    bb = 2');
  });

  it('formats in place without fmt-check, after which fmt-check passes', () => {
    expect(runMain(ws, { command: 'fmt', 'working-directory': 'packer' }).code).toBe(0);
    expect(fs.readFileSync(path.join(ws.workspace, 'packer', 'a.pkr.hcl'), 'utf8')).toBe(
      'locals {\n  a  = 1\n  bb = 2\n}\n',
    );
    const r = runMain(ws, { command: 'fmt', template: 'packer', 'fmt-check': 'true' });
    expect(r.code).toBe(0);
    expect(r.outputs['exit-code']).toBe('0');
    expect(r.summary).toContain('Every file is formatted canonically.');
  });

  it('validates a good template: outputs, summary, no annotations', () => {
    const r = runMain(ws, {
      command: 'validate',
      template: 'quickstart',
      'working-directory': 'images',
      variables: 'app_name=web\n# a comment\npackages = ["curl"]\n',
    });
    expect(r.stdout).toContain('The configuration is valid.');
    expect(r.code).toBe(0);
    expect(commands(r.stdout, ['error', 'warning'])).toEqual([]);
    expect(r.outputs['exit-code']).toBe('0');
    expect(JSON.parse(r.outputs.diagnostics)).toEqual([]);
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(r.outputs['kiln-version']).toBe(pkg.version);
    expect(r.summary).toContain('## ✅ Kiln validate succeeded');
    expect(r.summary).toContain('Template: `images/quickstart`');
  });

  it('annotates a broken template at the right lines, relative to the repository root', () => {
    const r = runMain(ws, { command: 'validate', template: 'images/broken' });
    expect(r.code).toBe(1);
    expect(r.outputs['exit-code']).toBe('1');
    expect(commands(r.stdout, ['error', 'warning']).join('\n') + '\n').toBe(golden('broken-validate.annotations'));
    const diagnostics = JSON.parse(r.outputs.diagnostics) as { file: string; line: number }[];
    expect(diagnostics.map((d) => `${d.file}:${d.line}`)).toEqual([
      'images/broken/template.pkr.hcl:9',
      'images/broken/template.pkr.hcl:15',
    ]);
    expect(r.summary).toContain(
      '[`images/broken/template.pkr.hcl:9:3`](https://github.com/octo/images/blob/0123456789abcdef0123456789abcdef01234567/images/broken/template.pkr.hcl#L9)',
    );
    // The post step of a run that built nothing has nothing to do.
    const post = runPost(ws, r.state);
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('no build ran in this job step; nothing to clean up.');
  });

  it('masks sensitive variable values before printing anything', () => {
    fs.writeFileSync(
      path.join(ws.workspace, 'secret.pkr.hcl'),
      'variable "token" {\n  type      = string\n  sensitive = true\n}\n\nsource "file" "f" {\n  content = var.token\n  target  = "out.txt"\n}\n\nbuild {\n  sources = ["source.file.f"]\n}\n',
    );
    const r = runMain(ws, { command: 'build', template: 'secret.pkr.hcl', variables: 'token=hunter2-very-secret' });
    expect(r.code).toBe(0);
    const mask = r.stdout.indexOf('::add-mask::hunter2-very-secret');
    expect(mask).toBeGreaterThan(-1);
    expect(r.stdout.indexOf('hunter2-very-secret')).toBe(mask + '::add-mask::'.length);
    expect(fs.readFileSync(path.join(ws.workspace, 'out.txt'), 'utf8')).toBe('hunter2-very-secret');
  });

  it('rejects bad inputs with the input name and what it accepts', () => {
    const cases: [Record<string, string>, string][] = [
      [{ command: 'bake' }, 'Input "command" must be one of build, validate, fmt, inspect, plan, merge; got "bake".'],
      [{ 'parallel-builds': 'many' }, 'Input "parallel-builds" must be a whole number (0 for no limit); got "many".'],
      [{ 'on-error': 'panic' }, 'Input "on-error" must be one of cleanup, abort, ask, run-cleanup-provisioner; got "panic".'],
      [{ force: 'yes' }, 'Input "force" must be true or false; got "yes".'],
      [{ 'working-directory': 'nowhere', command: 'validate' }, 'Input "working-directory": cannot use'],
      [{ variables: 'region=us-east-1\nnot a pair' }, 'Input "variables", line 2: expected name=value (one variable per line).'],
    ];
    for (const [inputs, message] of cases) {
      const r = runMain(ws, inputs);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`::error::${message}`);
      expect(r.outputs['exit-code']).toBe('1');
    }
  });

  it('leaves annotations and the summary out when asked to', () => {
    const r = runMain(ws, { command: 'validate', template: 'images/broken', annotate: 'false', summary: 'false' });
    expect(r.code).toBe(1);
    expect(commands(r.stdout, ['error', 'warning'])).toEqual(['::error::The template is not valid: 2 errors.']);
    expect(r.summary).toBe('');
    expect(JSON.parse(r.outputs.diagnostics)).toHaveLength(2);
  });

  it('inspects a template into the log', () => {
    const r = runMain(ws, { command: 'inspect', template: 'images/quickstart' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('> input-variables:');
    expect(r.stdout).toContain('var.app_name: "hello"');
    expect(r.summary).toContain('## ✅ Kiln inspect succeeded');
  });

  it('annotates a failed build with its error and lists it in failed-builds', () => {
    fs.writeFileSync(
      path.join(ws.workspace, 'fail.pkr.hcl'),
      'source "file" "f" {\n  content = "x"\n  target  = "out.txt"\n}\n\nbuild {\n  sources = ["source.file.f"]\n\n  provisioner "shell-local" {\n    inline = ["exit 3"]\n  }\n}\n',
    );
    const r = runMain(ws, { template: 'fail.pkr.hcl' });
    expect(r.code).toBe(1);
    const errors = commands(r.stdout, ['error']);
    expect(errors[0]).toMatch(/^::error title=Build 'file.f' failed::Erroneous exit code 3 while executing script/);
    expect(errors[1]).toBe("::error::1 of 1 build failed: file.f.");
    expect(JSON.parse(r.outputs['failed-builds'])).toEqual(['file.f']);
    expect(r.summary).toContain('| `file.f` | ❌ failed |');
    expect(r.summary).toContain('**`file.f` failed:**');
  });

  it('validate masks a sensitive value before printing, and it reaches no output, annotation or summary', () => {
    fs.writeFileSync(
      path.join(ws.workspace, 'secret.pkr.hcl'),
      'variable "token" {\n  type      = string\n  sensitive = true\n}\nlocals {\n  d = base64decode(var.token)\n}\n',
    );
    const r = runMain(ws, { command: 'validate', template: 'secret.pkr.hcl', variables: 'token=hunter2-very-secret' });
    expect(r.code).toBe(1);
    const mask = r.stdout.indexOf('::add-mask::hunter2-very-secret');
    expect(mask).toBeGreaterThan(-1);
    expect(r.stdout.indexOf('hunter2-very-secret')).toBe(mask + '::add-mask::'.length);
    expect(r.stdout.lastIndexOf('hunter2-very-secret')).toBe(mask + '::add-mask::'.length);
    expect(r.stdout).toContain("failed to decode base64 data '<sensitive>'");
    for (const text of [JSON.stringify(r.outputs), r.summary]) expect(text).not.toContain('hunter2-very-secret');
  });

  it('refuses a template outside the workspace unless allowed, with every output set', () => {
    const outside = path.join(path.dirname(ws.workspace), 'outside.pkr.hcl');
    fs.writeFileSync(outside, 'locals {\n  a = 1\n}\n');
    const r = runMain(ws, { command: 'validate', template: outside });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`::error::Input "template": ${outside} is outside the workspace`);
    expect(r.outputs['exit-code']).toBe('1');
    expect(JSON.parse(r.outputs.diagnostics)).toEqual([
      { severity: 'error', summary: 'Invalid action input', detail: expect.stringContaining('outside the workspace') },
    ]);
    for (const name of ['artifacts', 'failed-builds']) expect(JSON.parse(r.outputs[name])).toEqual([]);
    for (const name of ['artifact-ids', 'ami-ids']) expect(JSON.parse(r.outputs[name])).toEqual({});
    expect(r.outputs.manifest).toBe('');
    const allowed = runMain(ws, { command: 'validate', template: outside, 'allow-template-outside-workspace': 'true' });
    expect(allowed.stdout).not.toContain('outside the workspace');
    expect(allowed.outputs['exit-code']).toBe(allowed.code === 0 ? '0' : '1');
  });

  it('sets every output when the variables input is nested 10,000 deep (a diagnostic, not a crash)', () => {
    const depth = 10_000;
    const r = runMain(ws, {
      command: 'validate',
      template: 'quickstart',
      'working-directory': 'images',
      variables: `packages = ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/RangeError|Maximum call stack|\n {4}at /);
    for (const name of ['artifacts', 'artifact-ids', 'ami-ids', 'manifest', 'failed-builds', 'diagnostics', 'exit-code', 'kiln-version'])
      expect(r.outputs).toHaveProperty([name]);
    expect(r.outputs['exit-code']).toBe('1');
    const diagnostics = JSON.parse(r.outputs.diagnostics) as { summary: string }[];
    expect(diagnostics.map((d) => d.summary).join('\n')).toMatch(/too deep/i);
  });
});

/**
 * The post step runs after every job, so it stays small: it reads the ledgers, and loads the
 * sweepers (derived from the catalog, in dist/cli/template/index.js) only when one lists something
 * or the main step did not save that its run ended clean.
 */
describe('dist/post/index.js (the post step)', () => {
  const ws = useActionWorkspace('kiln-action-post-', []);
  const runId = '0b1c2d3e-0000-4000-8000-00000000000a';

  /** A build directory as a killed build leaves it: its ledger lists a file in it. */
  function killedBuild(): { ledger: string; file: string } {
    const dir = fs.mkdtempSync(path.join(ws.runnerTemp, 'kiln-build-'));
    const file = path.join(dir, 'leftover');
    fs.writeFileSync(file, 'x');
    const ledger = path.join(dir, 'ledger.jsonl');
    const line = { op: 'create', runId, id: file, kind: 'temp-path', data: {}, time: '' };
    fs.writeFileSync(ledger, JSON.stringify(line) + '\n', { mode: 0o600 });
    return { ledger, file };
  }

  /** dist/post/index.js alone, without the template bundle beside it. */
  function postBundleAlone(): string {
    const copy = path.join(ws.runnerTemp, 'dist', 'post', 'index.js');
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    fs.copyFileSync(POST_BUNDLE, copy);
    return copy;
  }

  it("sweeps a killed build's ledger with the sweepers of the template bundle", () => {
    const { ledger, file } = killedBuild();
    const post = runPost(ws, { 'run-id': runId, ledgers: JSON.stringify([ledger]) });
    expect(post.stdout).toContain(`Kiln: temp-path ${file}: deleted`);
    expect(post.stdout).toContain('Kiln: cleaned up 1 resource(s) left by a cancelled or killed build.');
    expect(fs.existsSync(path.dirname(ledger))).toBe(false);
    expect(post.code).toBe(0);
  });

  it('does not read the template bundle after a run that ended clean', () => {
    const alone = postBundleAlone();
    const state = { 'run-id': runId, ledgers: JSON.stringify([path.join(ws.runnerTemp, 'kiln-build-gone', 'ledger.jsonl')]) };
    const clean = runPost(ws, { ...state, 'run-clean': 'true' }, alone);
    expect(clean.stdout).toContain('Kiln: nothing was left behind by this run.');
    expect(clean.stdout).not.toContain('::warning::');
    // The same run killed (no run-clean): the bundle is needed, and its absence is what the step says.
    const killed = runPost(ws, state, alone);
    expect(killed.stdout).toContain('::warning::Kiln post step: Kiln is incompletely installed');
    expect(killed.code).toBe(0);
  });
});
