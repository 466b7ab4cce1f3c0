import * as path from 'path';

import { runConsole } from '../../src/cli/commands/console';
import type { CommandIO } from '../../src/cli/io';
import { runCLI } from '../../src/cli/main';
import { tempTemplate } from '../support/temp';

interface Captured {
  readonly io: CommandIO;
  readonly out: () => string;
  readonly err: () => string;
}

function memoryIO(stdin: string, cwd: string, env: Record<string, string> = {}): Captured {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      readStdin: () => Promise.resolve(stdin),
      stdinIsTTY: false,
      cwd,
      env,
    },
    out: () => out,
    err: () => err,
  };
}

const examples = path.resolve(__dirname, '..', '..', 'examples');

describe('kiln console (piped)', () => {
  it('prints every result for the quickstart expressions', async () => {
    const c = memoryIO(
      'local.image_name\n\nlocal.install\nvar.packages\n  upper(var.app_name)  \npath.root\n',
      examples,
    );
    const code = await runConsole(['quickstart'], c.io);
    expect(c.err()).toBe('');
    expect(code).toBe(0);
    expect(c.out()).toBe(
      'kiln-quickstart/hello\napt-get install -y curl ca-certificates\n[\n  "curl",\n  "ca-certificates",\n]\nHELLO\nquickstart\n',
    );
  });

  it('applies -var and -var-file and PKR_VAR_ with the right precedence', async () => {
    const dir = tempTemplate({
      't.pkr.hcl':
        'variable "a" {\n  type = string\n  default = "d"\n}\nvariable "n" {\n  type = list(number)\n}\n',
      'v.pkrvars.hcl': 'a = "file"\n',
    });
    const c = memoryIO('var.a\nvar.n\n', dir, { PKR_VAR_a: 'env' });
    const code = await runConsole(['-var-file=v.pkrvars.hcl', '-var', 'n=[1, 2]', 't.pkr.hcl'], c.io);
    expect(c.err()).toBe('');
    expect(code).toBe(0);
    expect(c.out()).toBe('file\n[\n  1,\n  2,\n]\n');
  });

  it('renders an error line with its underline, keeps going and exits 1', async () => {
    const c = memoryIO('var.nope\n1 + 1\n', path.join(examples, 'quickstart'));
    const code = await runConsole(['.'], c.io);
    expect(code).toBe(1);
    expect(c.out()).toBe('2\n');
    expect(c.err()).toContain('Error: Unsupported attribute');
    expect(c.err()).toContain('  on <console-input> line 1:\n   1: var.nope\n         ^^^^^\n');
  });

  it('offers env() only to variable defaults, as Packer does', async () => {
    const dir = tempTemplate({ 't.pkr.hcl': 'variable "home" {\n  default = env("KILN_HOME")\n}\n' });
    const c = memoryIO('var.home\nenv("KILN_HOME")\n', dir, { KILN_HOME: '/home/kiln' });
    const code = await runConsole(['t.pkr.hcl'], c.io);
    expect(code).toBe(1);
    expect(c.out()).toBe('/home/kiln\n');
    expect(c.err()).toContain('Error: Call to unknown function');
    expect(c.err()).toContain('There is no function named "env".');
  });

  it('renders syntax errors against the console line', async () => {
    const c = memoryIO('1 +\n', examples);
    const code = await runConsole([], c.io);
    expect(code).toBe(1);
    expect(c.err()).toContain('Error: Missing expression');
    expect(c.err()).toContain('<console-input> line 1');
    expect(c.out()).toBe('');
  });

  it('stops at exit', async () => {
    const c = memoryIO('1\nexit\n2\n', examples);
    expect(await runConsole([], c.io)).toBe(0);
    expect(c.out()).toBe('1\n');
  });

  it('prints help and the variables listing', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl':
        'variable "x" {\n  default = "a"\n}\nvariable "s" {\n  default = "p"\n  sensitive = true\n}\nvariable "y" {\n  type = list(string)\n  default = ["q"]\n}\nlocals {\n  l = "${var.x}-z"\n}\n',
    });
    const c = memoryIO('variables\nhelp\n', dir);
    expect(await runConsole(['.'], c.io)).toBe(0);
    expect(c.out()).toContain(
      '> input-variables:\n\nvar.s: "<sensitive>"\nvar.x: "a"\nvar.y: "[\\n  \\"q\\",\\n]"\n\n> local-variables:\n\nlocal.l: "a-z"\n\n',
    );
    expect(c.out()).toContain('Packer console HCL2 Mode.');
  });

  it('with no template evaluates in an empty configuration rooted at cwd', async () => {
    const c = memoryIO('path.root\npath.cwd\nvar\n', '/tmp');
    expect(await runConsole([], c.io)).toBe(0);
    expect(c.out()).toBe('\n/tmp\n{}\n');
  });

  it('reports load errors on stderr with exit 1', async () => {
    const dir = tempTemplate({ 'empty/readme.txt': 'x' });
    const missing = memoryIO('1\n', dir);
    expect(await runConsole(['nope'], missing.io)).toBe(1);
    expect(missing.err()).toContain('"nope": stat nope: no such file or directory');
    const empty = memoryIO('1\n', dir);
    expect(await runConsole(['empty'], empty.io)).toBe(1);
    expect(empty.err()).toContain('Error: Could not find any config file in empty');
    expect(empty.out()).toBe('');
  });

  it('reports undefined -var variables and bad flags', async () => {
    const dir = tempTemplate({ 't.pkr.hcl': 'locals {\n  a = 1\n}\n' });
    const undef = memoryIO('1\n', dir);
    expect(await runConsole(['-var', 'x=1', 't.pkr.hcl'], undef.io)).toBe(1);
    expect(undef.err()).toContain('Error: Undefined -var variable');
    const bad = memoryIO('1\n', dir);
    expect(await runConsole(['-var', 'x', 't.pkr.hcl'], bad.io)).toBe(1);
    expect(bad.err()).toContain(`invalid value "x" for flag -var: No '=' value in arg: x`);
  });

  it('is registered as a kiln command', async () => {
    const c = memoryIO('"a${1}"\n', examples);
    expect(await runCLI(['console'], c.io)).toBe(0);
    expect(c.out()).toBe('a1\n');
    const help = memoryIO('', examples);
    await runCLI([], help.io);
    expect(help.err()).toContain('console         creates a console for testing variable interpolation');
  });
});

describe('kiln console (interactive)', () => {
  it('prompts, evaluates each line and leaves on exit', async () => {
    const { PassThrough } = await import('stream');
    const { runInteractive } = await import('../../src/cli/commands/console');
    const { loadTemplateScope } = await import('../../src/template/scope');
    const input = new PassThrough();
    const output = new PassThrough();
    let prompts = '';
    output.on('data', (d: Buffer) => (prompts += d.toString()));
    const c = memoryIO('', examples);
    const scope = await loadTemplateScope({
      path: 'quickstart',
      cwd: examples,
      env: {},
      vars: [],
      varFiles: [],
    });
    const done = runInteractive(scope, c.io, input, output);
    input.write('var.app_name\n');
    input.write('nope\n');
    input.write('exit\n');
    expect(await done).toBe(0);
    expect(c.out()).toBe('hello\n');
    expect(c.err()).toContain('Error: Unknown variable');
    expect(prompts).toContain('> ');
  });
});
