import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Questions on a real terminal: the bundled CLI runs under util-linux `script`, which gives it a
 * pseudo-terminal and forwards what the test writes as typed input.
 */

const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli', 'index.js');
const haveScript = spawnSync('script', ['--version']).status === 0;

const FLAKY_ONCE = `source "null" "n" {
  communicator = "none"
}
build {
  sources = ["source.null.n"]
  provisioner "shell-local" {
    inline = ["test -f marker || { touch marker; exit 1; }", "echo second-time-ok"]
  }
}
`;

interface Session {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  waitFor(text: string): Promise<void>;
  type(line: string): void;
  exit: Promise<number | null>;
}

function onTerminal(args: string[], cwd: string): Session {
  const command = [process.execPath, cli, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out.replace(/\r/g, ''),
    exit,
    type: (line) => child.stdin.write(`${line}\n`),
    async waitFor(text) {
      for (let i = 0; i < 200 && !out.replace(/\r/g, '').includes(text); i++)
        await new Promise((r) => setTimeout(r, 50));
      if (!out.replace(/\r/g, '').includes(text))
        throw new Error(`never saw ${JSON.stringify(text)} in:\n${out}`);
    },
  };
}

(haveScript || process.env.CI === 'true' ? describe : describe.skip)('kiln build on a terminal', () => {
  jest.setTimeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-tty-'));
    fs.writeFileSync(path.join(dir, 'a.pkr.hcl'), FLAKY_ONCE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const prompt =
    '==> null.n: [c] Clean up and exit, [a] abort without cleanup, or [r] retry step (build may fail even if retry succeeds)?';

  it('-on-error=ask: asks until it understands, then retries the failed step', async () => {
    const s = onTerminal(['build', '-color=false', '-on-error=ask', 'a.pkr.hcl'], dir);
    await s.waitFor(prompt);
    expect(s.output()).toContain('==> null.n: Step "provision" failed');
    s.type('x');
    await s.waitFor('==> null.n: Incorrect input: "x"');
    s.type('r');
    expect(await s.exit).toBe(0);
    expect(s.output()).toContain('null.n: second-time-ok');
    expect(s.output()).toContain("Build 'null.n' finished");
  });

  it('-on-error=ask: an empty answer cleans up and fails the build', async () => {
    const s = onTerminal(['build', '-color=false', '-on-error=ask', 'a.pkr.hcl'], dir);
    await s.waitFor(prompt);
    s.type('');
    expect(await s.exit).toBe(1);
    expect(s.output()).toContain("Build 'null.n' errored");
  });

  it('-debug: one build at a time, pausing after each step, before each provisioner and before each cleanup', async () => {
    fs.writeFileSync(
      path.join(dir, 'a.pkr.hcl'),
      'source "null" "n" {\n  communicator = "none"\n}\nsource "null" "m" {\n  communicator = "none"\n}\n' +
        'build {\n  sources = ["source.null.n", "source.null.m"]\n' +
        '  provisioner "shell-local" {\n    inline = ["echo provisioned-$PACKER_BUILD_NAME"]\n  }\n}\n',
    );
    const s = onTerminal(['build', '-color=false', '-debug', 'a.pkr.hcl'], dir);
    const expected = [
      "==> null.n: Pausing after run of step 'connect'. Press enter to continue.",
      '==> null.n: Pausing before the next provisioner . Press enter to continue.',
      "==> null.n: Pausing after run of step 'provision'. Press enter to continue.",
      "==> null.n: Pausing before cleanup of step 'provision'. Press enter to continue.",
      "==> null.n: Pausing before cleanup of step 'connect'. Press enter to continue.",
      "==> null.m: Pausing after run of step 'connect'. Press enter to continue.",
    ];
    for (const question of expected) {
      await s.waitFor(question);
      // One build at a time: the second has not started while the first waits.
      if (question.startsWith('==> null.n')) expect(s.output()).not.toContain('==> null.m:');
      s.type('');
    }
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 300));
      s.type('');
    }
    expect(await s.exit).toBe(0);
    const out = s.output();
    expect(out.indexOf('Debug mode enabled. Builds will not be parallelized.')).toBe(0);
    expect(out.indexOf('null.n: provisioned-n')).toBeGreaterThan(
      out.indexOf('Pausing before the next provisioner'),
    );
    expect(out).toContain('null.m: provisioned-m');
  });

  it('-debug without a terminal runs straight through', () => {
    const r = spawnSync(process.execPath, [cli, 'build', '-color=false', '-debug', 'a.pkr.hcl'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.stdout).not.toContain('Pausing');
    expect(r.stdout.startsWith('Debug mode enabled. Builds will not be parallelized.\n')).toBe(true);
  });

  it('-on-error=ask without a terminal cleans up without asking', () => {
    const r = spawnSync(process.execPath, [cli, 'build', '-color=false', '-on-error=ask', 'a.pkr.hcl'], {
      cwd: dir,
      input: 'r\n',
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).not.toContain('[c] Clean up and exit');
  });

  it('the breakpoint provisioner waits for Enter on a terminal, and not without one', async () => {
    fs.writeFileSync(
      path.join(dir, 'a.pkr.hcl'),
      'source "null" "n" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.n"]\n' +
        '  provisioner "breakpoint" {\n    note = "look around"\n  }\n  provisioner "shell-local" {\n    inline = ["echo after-the-break"]\n  }\n}\n',
    );
    const s = onTerminal(['build', '-color=false', 'a.pkr.hcl'], dir);
    await s.waitFor(
      '==> null.n: Pausing at breakpoint provisioner with note "look around".\n==> null.n: Press enter to continue.',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(s.output()).not.toContain('after-the-break');
    s.type('');
    expect(await s.exit).toBe(0);
    expect(s.output()).toContain('null.n: after-the-break');

    const piped = spawnSync(process.execPath, [cli, 'build', '-color=false', 'a.pkr.hcl'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(piped.status).toBe(0);
    expect(piped.stdout).toContain(
      '==> null.n: Pausing at breakpoint provisioner with note "look around".\n==> null.n: Not running on a terminal: continuing without waiting.',
    );
    expect(piped.stdout).toContain('null.n: after-the-break');
  });
});
