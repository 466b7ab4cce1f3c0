import * as path from 'path';

import { runConsole } from '../../src/cli/commands/console';
import { runCLI } from '../../src/cli/main';
import { tempTemplate } from '../support/temp';
import { captureIO } from '../support/kiln';
import { builtinComponents } from '../template/helpers';

const examples = path.resolve(__dirname, '..', '..', 'examples');

describe('kiln console (piped)', () => {
  it('prints every result for the quickstart expressions', async () => {
    const c = captureIO(examples, {
      stdin: 'local.image_name\n\nlocal.install\nvar.packages\n  upper(var.app_name)  \npath.root\n',
    });
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
    const c = captureIO(dir, { stdin: 'var.a\nvar.n\n', env: { PKR_VAR_a: 'env' } });
    const code = await runConsole(['-var-file=v.pkrvars.hcl', '-var', 'n=[1, 2]', 't.pkr.hcl'], c.io);
    expect(c.err()).toBe('');
    expect(code).toBe(0);
    expect(c.out()).toBe('file\n[\n  1,\n  2,\n]\n');
  });

  it('renders an error line with its underline, keeps going and exits 1', async () => {
    const c = captureIO(path.join(examples, 'quickstart'), { stdin: 'var.nope\n1 + 1\n' });
    const code = await runConsole(['.'], c.io);
    expect(code).toBe(1);
    expect(c.out()).toBe('2\n');
    expect(c.err()).toContain('Error: Unsupported attribute');
    expect(c.err()).toContain('  on <console-input> line 1:\n   1: var.nope\n         ^^^^^\n');
  });

  it('offers env() only to variable defaults, as Packer does', async () => {
    const dir = tempTemplate({ 't.pkr.hcl': 'variable "home" {\n  default = env("KILN_HOME")\n}\n' });
    const c = captureIO(dir, { stdin: 'var.home\nenv("KILN_HOME")\n', env: { KILN_HOME: '/home/kiln' } });
    const code = await runConsole(['t.pkr.hcl'], c.io);
    expect(code).toBe(1);
    expect(c.out()).toBe('/home/kiln\n');
    expect(c.err()).toContain('Error: Call to unknown function');
    expect(c.err()).toContain('There is no function named "env".');
  });

  it('renders syntax errors against the console line', async () => {
    const c = captureIO(examples, { stdin: '1 +\n' });
    const code = await runConsole([], c.io);
    expect(code).toBe(1);
    expect(c.err()).toContain('Error: Missing expression');
    expect(c.err()).toContain('<console-input> line 1');
    expect(c.out()).toBe('');
  });

  it('stops at exit', async () => {
    const c = captureIO(examples, { stdin: '1\nexit\n2\n' });
    expect(await runConsole([], c.io)).toBe(0);
    expect(c.out()).toBe('1\n');
  });

  it('prints help and the variables listing', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl':
        'variable "x" {\n  default = "a"\n}\nvariable "s" {\n  default = "p"\n  sensitive = true\n}\nvariable "y" {\n  type = list(string)\n  default = ["q"]\n}\nlocals {\n  l = "${var.x}-z"\n}\n',
    });
    const c = captureIO(dir, { stdin: 'variables\nhelp\n' });
    expect(await runConsole(['.'], c.io)).toBe(0);
    expect(c.out()).toContain(
      '> input-variables:\n\nvar.s: "<sensitive>"\nvar.x: "a"\nvar.y: "[\\n  \\"q\\",\\n]"\n\n> local-variables:\n\nlocal.l: "a-z"\n\n',
    );
    expect(c.out()).toContain('Packer console HCL2 Mode.');
  });

  it('with no template evaluates in an empty configuration rooted at cwd', async () => {
    const c = captureIO('/tmp', { stdin: 'path.root\npath.cwd\nvar\n' });
    expect(await runConsole([], c.io)).toBe(0);
    expect(c.out()).toBe('\n/tmp\n{}\n');
  });

  it('reports load errors on stderr with exit 1', async () => {
    const dir = tempTemplate({ 'empty/readme.txt': 'x' });
    const missing = captureIO(dir, { stdin: '1\n' });
    expect(await runConsole(['nope'], missing.io)).toBe(1);
    expect(missing.err()).toContain('"nope": stat nope: no such file or directory');
    const empty = captureIO(dir, { stdin: '1\n' });
    expect(await runConsole(['empty'], empty.io)).toBe(1);
    expect(empty.err()).toContain('Error: Could not find any config file in empty');
    expect(empty.out()).toBe('');
  });

  it('reports undefined -var variables and bad flags', async () => {
    const dir = tempTemplate({ 't.pkr.hcl': 'locals {\n  a = 1\n}\n' });
    const undef = captureIO(dir, { stdin: '1\n' });
    expect(await runConsole(['-var', 'x=1', 't.pkr.hcl'], undef.io)).toBe(1);
    expect(undef.err()).toContain('Error: Undefined -var variable');
    const bad = captureIO(dir, { stdin: '1\n' });
    expect(await runConsole(['-var', 'x', 't.pkr.hcl'], bad.io)).toBe(1);
    expect(bad.err()).toContain(`invalid value "x" for flag -var: No '=' value in arg: x`);
  });

  it('is registered as a kiln command', async () => {
    const c = captureIO(examples, { stdin: '"a${1}"\n' });
    expect(await runCLI(['console'], c.io)).toBe(0);
    expect(c.out()).toBe('a1\n');
    const help = captureIO(examples);
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
    const c = captureIO(examples);
    const scope = await loadTemplateScope({
      path: 'quickstart',
      cwd: examples,
      env: {},
      vars: [],
      varFiles: [],
      ...builtinComponents(),
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
