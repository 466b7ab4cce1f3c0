import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { type ActionCore, runAction } from '../../src/action/run';
import { runCLI } from '../../src/cli/main';

/**
 * The secrets matrix (issue 20, "Proofs"): every command × every output channel, with a secret
 * given as the action's `variables` input or `-var`/PKR_VAR_, and a sensitive local. Channels:
 * the log (standard output and error), annotations, step outputs, the job summary, the manifest,
 * and the files in the build's temp directory (copied by a provisioner while the build runs).
 * Outside `::add-mask::` commands (which the runner consumes), the values never appear.
 */

const SECRET = 's3cr3t-value-91';
const LOCAL_SECRET = 'l0cal-t0ken-42';
const LEAKS = [SECRET, LOCAL_SECRET, Buffer.from(SECRET).toString('base64')];

const HEAD =
  'variable "secret" {\n  type      = string\n  sensitive = true\n}\n' +
  `local "tok" {\n  expression = "${LOCAL_SECRET}"\n  sensitive  = true\n}\n` +
  'source "null" "n" {\n  communicator = "none"\n}\n';

/** A template whose locals fail with an error quoting the secret, and a validation failure. */
const BROKEN =
  HEAD +
  'locals {\n  decoded = base64decode(var.secret)\n  tok2 = base64decode(local.tok)\n}\n' +
  'build {\n  sources = ["source.null.n"]\n}\n';

/** A template that builds, prints both secrets in pieces, copies its temp dir, writes a manifest. */
function working(snapshot: string): string {
  return (
    HEAD +
    'build {\n  sources = ["source.null.n"]\n' +
    '  provisioner "shell-local" {\n' +
    '    environment_vars = ["PW=${var.secret}", "TOK=${local.tok}"]\n' +
    '    inline = [\n' +
    '      "printf \'pw=%.4s\' \\"$PW\\"; sleep 0.2; printf \'%s\\\\n\' \\"$${PW#????}\\"",\n' +
    '      "printf \'%s\\\\n\' \\"$TOK\\" >&2",\n' +
    '      "echo \\"::warning::$PW\\"",\n' +
    // The script runs from the build's temp directory: copy all of it while the build runs.
    `      "cp -R \\"$(dirname \\"$0\\")\\" ${snapshot}/",\n` +
    '    ]\n  }\n' +
    '  post-processor "manifest" {\n    output     = "manifest.json"\n    custom_data = { note = "built" }\n  }\n}\n'
  );
}

interface RunnerView {
  log: string[];
  annotations: string[];
  outputs: Record<string, string>;
  summary: string;
}

/** An @actions/core that records what the runner would receive. */
function fakeCore(inputs: Record<string, string>): { core: ActionCore; view: RunnerView } {
  const view: RunnerView = { log: [], annotations: [], outputs: {}, summary: '' };
  const annotate = (level: string) => (message: string, props?: object) => {
    view.annotations.push(`${level} ${JSON.stringify(props ?? {})} ${message}`);
  };
  const core: ActionCore = {
    getInput: (name) => inputs[name] ?? '',
    setOutput: (name, value) => (view.outputs[name] = value),
    setFailed: (message) => view.annotations.push(`failed ${message}`),
    info: (line) => view.log.push(line),
    warning: annotate('warning'),
    error: annotate('error'),
    startGroup: (title) => view.log.push(`::group::${title}`),
    endGroup: () => view.log.push('::endgroup::'),
    setSecret: (secret) => view.log.push(`::add-mask::${secret}`),
    saveState: () => undefined,
    writeSummary: (markdown) => {
      view.summary += markdown;
      return Promise.resolve();
    },
  };
  return { core, view };
}

let root: string;
let workspace: string;
let snapshot: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-secrets-'));
  workspace = path.join(root, 'repo');
  snapshot = path.join(root, 'snapshot');
  fs.mkdirSync(workspace);
  fs.mkdirSync(snapshot);
});
afterEach(() => {
  process.chdir(os.tmpdir());
  fs.rmSync(root, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).flatMap((e) => {
    const p = path.join(e.parentPath, e.name);
    return e.isFile() ? [p] : [];
  });
}

function expectNoLeak(channel: string, text: string): void {
  for (const leak of LEAKS) {
    if (text.includes(leak)) throw new Error(`${channel} holds a secret (${leak}):\n${text}`);
  }
}

async function action(command: string, template: string, extra: Record<string, string> = {}) {
  fs.writeFileSync(path.join(workspace, 'a.pkr.hcl'), template);
  const { core, view } = fakeCore({
    command,
    template: 'a.pkr.hcl',
    variables: `secret=${SECRET}`,
    color: 'false',
    ...extra,
  });
  const code = await runAction(core, {
    env: { PATH: process.env.PATH ?? '', GITHUB_STEP_SUMMARY: path.join(root, 'summary.md') },
    workspace,
    chdir: (d) => process.chdir(d),
  });
  return { code, view };
}

describe('the action: no command writes a secret to any channel', () => {
  jest.setTimeout(30_000);

  it.each(['validate', 'build', 'inspect'])(
    '%s of a template whose errors quote the secrets',
    async (command) => {
      const { code, view } = await action(command, BROKEN);
      if (command !== 'inspect') {
        expect(code).toBe(1);
        // The errors were reported, with the values masked.
        expect(view.annotations.join('\n')).toContain("failed to decode base64 data '<sensitive>'");
        expect(JSON.parse(view.outputs.diagnostics)).toHaveLength(2);
      }
      // Masks are registered before anything else mentions the value.
      expect(view.log).toContain(`::add-mask::${SECRET}`);
      expectNoLeak('log', view.log.filter((l) => !l.startsWith('::add-mask::')).join('\n'));
      expectNoLeak('annotations', view.annotations.join('\n'));
      expectNoLeak('outputs', JSON.stringify(view.outputs));
      expectNoLeak('summary', view.summary);
      expect(view.outputs['exit-code']).toBe(String(code));
    },
  );

  it('build of a template that prints the secrets (in pieces, to both streams) and writes a manifest', async () => {
    const { code, view } = await action('build', working(snapshot));
    const log = view.log.filter((l) => !l.startsWith('::add-mask::'));
    expect(code).toBe(0);
    expect(log).toContain('    null.n: pw=<sensitive>');
    expect(log).toContain('==> null.n: <sensitive>');
    // The provisioner's attempt at a workflow command is fenced off.
    const at = log.indexOf('    null.n: ::warning::<sensitive>');
    expect(at).toBeGreaterThan(0);
    expect(log[at - 1]).toMatch(/^::stop-commands::[0-9a-f-]{36}$/);
    expect(log[at + 1]).toBe(`::${log[at - 1].slice('::stop-commands::'.length)}::`);
    expectNoLeak('log', log.join('\n'));
    expectNoLeak('annotations', view.annotations.join('\n'));
    expectNoLeak('outputs', JSON.stringify(view.outputs));
    expectNoLeak('summary', view.summary);
    expect(view.outputs.manifest).toBe(path.join(workspace, 'manifest.json'));
    expectNoLeak('manifest', fs.readFileSync(view.outputs.manifest, 'utf8'));
    const copied = filesUnder(snapshot);
    expect(copied.some((f) => path.basename(f).startsWith('packer-shell'))).toBe(true);
    for (const f of copied) expectNoLeak(`temp file ${f}`, fs.readFileSync(f, 'utf8'));
  });

  it('fmt (the variables input is never echoed)', async () => {
    const { view } = await action('fmt', BROKEN + '  \n', { 'fmt-check': 'true' });
    expectNoLeak('log', view.log.join('\n'));
    expectNoLeak('annotations', view.annotations.join('\n'));
    expectNoLeak('outputs', JSON.stringify(view.outputs));
    expectNoLeak('summary', view.summary);
  });

  it('a malformed variables line is not quoted, and every output is set', async () => {
    const { code, view } = await action('validate', BROKEN, { variables: `secret:${SECRET}` });
    expect(code).toBe(1);
    expect(view.annotations).toEqual([
      'failed Input "variables", line 1: expected name=value (one variable per line).',
    ]);
    expectNoLeak('outputs', JSON.stringify(view.outputs));
  });
});

describe('the CLI: no command prints a secret', () => {
  jest.setTimeout(30_000);

  async function cli(args: string[], template: string, stdin = '') {
    fs.writeFileSync(path.join(workspace, 'a.pkr.hcl'), template);
    process.chdir(workspace);
    let out = '';
    const code = await runCLI(args, {
      stdout: (t) => (out += t),
      stderr: (t) => (out += t),
      readStdin: () => Promise.resolve(stdin),
      stdinIsTTY: false,
      cwd: workspace,
      env: { PATH: process.env.PATH ?? '', PKR_VAR_secret: SECRET },
    });
    return { code, out };
  }

  it.each([
    [['validate', '.']],
    [['validate', '-format=json', '.']],
    [['inspect', '.']],
    [['inspect', '-format=json', '.']],
    [['build', '-color=false', '.']],
    [['build', '-machine-readable', '.']],
  ])('%j of the template whose errors quote the secrets', async (args) => {
    const r = await cli(args, BROKEN);
    expectNoLeak('output', r.out);
  });

  it('console', async () => {
    const r = await cli(
      ['console', '.'],
      BROKEN,
      'var.secret\nlocal.tok\nbase64decode(var.secret)\nbase64encode(var.secret)\n{ a = var.secret }\n',
    );
    expect(r.out).toContain('<sensitive>');
    expectNoLeak('output', r.out);
  });

  it.each([
    [['build', '-color=false', '.']],
    [['build', '-machine-readable', '.']],
    [['build', '-timestamp-ui', '.']],
  ])('%j of the template that prints the secrets', async (args) => {
    const r = await cli(args, working(snapshot));
    expect(r.code).toBe(0);
    expectNoLeak('output', r.out);
    expectNoLeak('manifest', fs.readFileSync(path.join(workspace, 'manifest.json'), 'utf8'));
    for (const f of filesUnder(snapshot)) expectNoLeak(`temp file ${f}`, fs.readFileSync(f, 'utf8'));
  });
});
