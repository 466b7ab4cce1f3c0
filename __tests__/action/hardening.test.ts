import * as path from 'node:path';
import { fakeActionCore } from '../support/action';

import type { DiagnosticRecord } from '../../src/action/diagnostics';
import { readInputs } from '../../src/action/inputs';
import { boundedDiagnostics } from '../../src/action/output-limits';
import { runAction, templateOutsideWorkspace } from '../../src/action/run';
import { untrustedLines } from '../../src/action/workflow-commands';
import { KILN_VERSION } from '../../src/version';

/** The action against hostile or oversized input (issue 20, items 11, 15 and 18). */

describe('untrusted lines', () => {
  const printed = (lines: string[]) => {
    const out: string[] = [];
    let n = 0;
    const print = untrustedLines(
      (l) => out.push(l),
      () => `token-${++n}`,
    );
    lines.forEach(print);
    return out;
  };

  it('fences off a line that could start a workflow command, with a fresh token each time', () => {
    expect(printed(['plain', '::warning::x', '  ::add-mask::y', 'old ##[error]z', 'ok'])).toEqual([
      'plain',
      '::stop-commands::token-1',
      '::warning::x',
      '::token-1::',
      '::stop-commands::token-2',
      '  ::add-mask::y',
      '::token-2::',
      '::stop-commands::token-3',
      'old ##[error]z',
      '::token-3::',
      'ok',
    ]);
  });

  it('uses unguessable tokens by default', () => {
    const out: string[] = [];
    const print = untrustedLines((l) => out.push(l));
    print('::warning::a');
    print('::warning::b');
    expect(out[0]).toMatch(/^::stop-commands::[0-9a-f-]{36}$/);
    expect(out[3]).not.toBe(out[0]);
  });
});

describe('the diagnostics output', () => {
  const record = (i: number, detail = 'd'): DiagnosticRecord => ({
    severity: i % 2 ? 'warning' : 'error',
    summary: `problem ${i}`,
    detail,
  });

  it('is left alone under the limit', () => {
    const all = [record(0), record(1)];
    expect(boundedDiagnostics(all)).toEqual(all);
  });

  it("stays under GitHub's 1 MB and says how many were left out", () => {
    const all = Array.from({ length: 5000 }, (_, i) => record(i, 'x'.repeat(600)));
    expect(Buffer.byteLength(JSON.stringify(all))).toBeGreaterThan(3_000_000);
    const kept = boundedDiagnostics(all);
    expect(Buffer.byteLength(JSON.stringify(kept))).toBeLessThan(1024 * 1024);
    const note = kept[kept.length - 1];
    const left = all.length - (kept.length - 1);
    expect(note.summary).toBe(`${left} more diagnostics left out`);
    expect(note.detail).toContain(`${left} of 5000 diagnostics are not in this output`);
    expect(kept.slice(0, -1)).toEqual(all.slice(0, kept.length - 1));
  });

  it('clips a huge text', () => {
    const [d] = boundedDiagnostics([record(0, 'y'.repeat(3_000_000))]);
    expect(d.detail.length).toBeLessThan(20_000);
    expect(d.detail).toMatch(/… \(2983616 more characters\)$/);
  });
});

describe('templates outside the workspace', () => {
  const inputs = (template: string, allow = false, wd = '.') => ({
    ...readInputs((name) => ({ template, 'working-directory': wd })[name] ?? ''),
    allowTemplateOutsideWorkspace: allow,
  });
  const ws = path.resolve('/home/runner/work/repo');

  it('are refused unless allowed', () => {
    expect(templateOutsideWorkspace(inputs('/etc/passwd'), ws, ws)).toBe(
      `Input "template": /etc/passwd is outside the workspace (${ws}); set allow-template-outside-workspace: true to use it.`,
    );
    expect(templateOutsideWorkspace(inputs('../other/x.pkr.hcl'), ws, ws)).toMatch(
      /is outside the workspace/,
    );
    expect(templateOutsideWorkspace(inputs('.', false, '..'), path.dirname(ws), ws)).toMatch(/outside/);
    expect(templateOutsideWorkspace(inputs('/etc/passwd', true), ws, ws)).toBeUndefined();
  });

  it('inside it are fine, including the workspace itself and names starting with two dots', () => {
    expect(templateOutsideWorkspace(inputs('.'), ws, ws)).toBeUndefined();
    expect(templateOutsideWorkspace(inputs('images/a.pkr.hcl'), ws, ws)).toBeUndefined();
    expect(templateOutsideWorkspace(inputs('..hidden.pkr.hcl'), ws, ws)).toBeUndefined();
  });
});

describe('outputs after an input error', () => {
  async function failing(given: Record<string, string>) {
    const outputs: Record<string, string> = {};
    const failed: string[] = [];
    const core = fakeActionCore({
      getInput: (n) => given[n] ?? '',
      setOutput: (n, v) => (outputs[n] = v),
      setFailed: (m) => failed.push(m),
    });
    const code = await runAction(core, {
      env: {},
      workspace: '/nonexistent-workspace',
      chdir: () => undefined,
    });
    return { code, outputs, failed };
  }

  it.each([
    [
      { 'parallel-builds': 'many' },
      'Input "parallel-builds" must be a whole number (0 for no limit); got "many".',
    ],
    [
      { template: '/etc/passwd' },
      'Input "template": /etc/passwd is outside the workspace (/nonexistent-workspace); set allow-template-outside-workspace: true to use it.',
    ],
  ])('sets every documented output (%j)', async (given, message) => {
    const r = await failing(given);
    expect(r.code).toBe(1);
    expect(r.failed).toEqual([message]);
    expect(r.outputs).toEqual({
      artifacts: '[]',
      'artifact-ids': '{}',
      'ami-ids': '{}',
      manifest: '',
      'failed-builds': '[]',
      diagnostics: JSON.stringify([{ severity: 'error', summary: 'Invalid action input', detail: message }]),
      'exit-code': '1',
      // Every output the action documents, kiln-version included (action.yml lists them).
      'kiln-version': KILN_VERSION,
      matrix: '',
      'result-file': '',
    });
  });
});

describe('workflow-command injection', () => {
  it('nothing from a variable file, a template or a command output starts a workflow command', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-inject-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'a.pkr.hcl'),
        'variable "label" {\n  type = string\n}\n' +
          'source "null" "n" {\n  communicator = "none"\n}\n' +
          'build {\n  name    = var.label\n  sources = ["source.null.n"]\n' +
          '  provisioner "shell-local" {\n' +
          '    inline = ["echo \'::add-mask::x\'", "echo \'  ::set-output name=a::b\'", "echo \'see ##[error]boom\'", "exit 2"]\n' +
          '  }\n}\n',
      );
      fs.writeFileSync(
        path.join(dir, 'x.pkrvars.hcl'),
        'label = "x\\n::warning file=a.pkr.hcl::pwned\\n##[error]old"\n',
      );
      // What the runner reads: `trusted` lines come from the action's own calls, the rest is text.
      const lines: { line: string; trusted: boolean }[] = [];
      const trusted = (line: string) => lines.push({ line, trusted: true });
      const core = fakeActionCore({
        getInput: (n) => ({ 'var-files': 'x.pkrvars.hcl', template: 'a.pkr.hcl', color: 'false' })[n] ?? '',
        info: (line) => lines.push({ line, trusted: false }),
        startGroup: (t) => trusted(`::group::${t.replace(/\n/g, '%0A')}`),
        endGroup: () => trusted('::endgroup::'),
      });
      process.chdir(dir);
      const code = await runAction(core, {
        env: { PATH: process.env.PATH ?? '' },
        workspace: dir,
        chdir: (d) => process.chdir(d),
      });
      expect(code).toBe(1);
      const text = lines.map((l) => l.line).join('\n');
      expect(text).toContain('::warning file=a.pkr.hcl::pwned');
      expect(text).toContain('##[error]old');
      expect(text).toContain('  ::set-output name=a::b');
      // The runner's reading: between ::stop-commands::T and ::T:: nothing is a command.
      let stopped: string | undefined;
      const commands: string[] = [];
      for (const { line, trusted: ours } of lines) {
        const t = line.trimStart();
        if (stopped !== undefined) {
          if (t === `::${stopped}::`) stopped = undefined;
          continue;
        }
        const stop = /^::stop-commands::(.+)$/.exec(t);
        if (stop) {
          stopped = stop[1];
          continue;
        }
        if (!ours && (t.startsWith('::') || t.includes('##['))) commands.push(line);
      }
      expect(commands).toEqual([]);
    } finally {
      process.chdir(os.tmpdir());
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
