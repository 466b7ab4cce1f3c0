import { SENSITIVE } from '../../src/values/value';
import { variableValue } from '../../src/template/variables';
import { load, show, summaries } from './helpers';
import { tempTemplate } from '../support/temp';

const decl = 'variable "v" {\n  type    = string\n  default = "default"\n}\n';

describe('variable value precedence', () => {
  // Auto files only exist in the directory for the rows that use them.
  const cases: [string, { env?: boolean; auto?: boolean; files?: boolean; cmd?: boolean }, string][] = [
    ['default only', {}, 'default'],
    ['env beats default', { env: true }, 'env'],
    ['auto files beat env (sorted HCL then JSON; the last wins)', { env: true, auto: true }, 'auto-a-json'],
    ['-var-file beats auto files (last given wins)', { env: true, auto: true, files: true }, 'file-json'],
    ['-var beats everything (last given wins)', { env: true, auto: true, files: true, cmd: true }, 'cmd-2'],
    ['-var beats default alone', { cmd: true }, 'cmd-2'],
  ];
  it.each(cases)('%s', async (_label, use, want) => {
    const files: Record<string, string> = {
      't.pkr.hcl': decl,
      'x.pkrvars.hcl': 'v = "file-hcl"\n',
      'y.pkrvars.json': '{"v": "file-json"}',
    };
    if (use.auto) {
      files['b.auto.pkrvars.hcl'] = 'v = "auto-b"\n';
      files['a.auto.pkrvars.json'] = '{"v": "auto-a-json"}';
      files['a.auto.pkrvars.hcl'] = 'v = "auto-a"\n';
    }
    const dir = tempTemplate(files);
    const scope = await load(dir, {
      env: use.env ? { PKR_VAR_v: 'env', PKR_VAR_undeclared: 'ignored' } : {},
      varFiles: use.files ? ['x.pkrvars.hcl', 'y.pkrvars.json'] : [],
      vars: use.cmd ? ['v=cmd-1', 'v=cmd-2'] : [],
    });
    expect(scope.diagnostics).toEqual([]);
    expect(show(scope, 'var.v')).toBe(want);
  });

  it('sorts HCL auto files before JSON ones, so a JSON auto file wins', async () => {
    const dir = tempTemplate({
      't.pkr.hcl': decl,
      'z.auto.pkrvars.hcl': 'v = "hcl"\n',
      'a.auto.pkrvars.json': '{"v":"json"}',
    });
    expect(show(await load(dir), 'var.v')).toBe('json');
  });
});

describe('command-line and environment values', () => {
  const dir = tempTemplate({
    't.pkr.hcl':
      'variable "s" {\n  type = string\n}\nvariable "n" {\n  type = number\n}\nvariable "any" {}\n' +
      'variable "l" {\n  type = list(string)\n}\nvariable "m" {\n  type = map(number)\n}\n' +
      'variable "o" {\n  type = object({a = string, b = optional(number, 7)})\n}\n' +
      'variable "untyped_list" {\n  default = ["x"]\n}\n',
  });

  it('takes string, number and untyped values literally', async () => {
    const s = await load(dir, { vars: ['s=[1, 2]', 'n=42', 'any=foo(bar)'] });
    expect(s.diagnostics).toEqual([]);
    expect(show(s, 'var.s')).toBe('[1, 2]');
    expect(show(s, 'var.n + 1')).toBe('43');
    expect(show(s, 'var.any')).toBe('foo(bar)');
  });

  it('parses other types as HCL expressions, applying optional attribute defaults', async () => {
    const s = await load(dir, {
      vars: ['l=["a", "b"]', 'm={x = 1}', 'o={a = "q"}', 'untyped_list=["z"]'],
      env: { PKR_VAR_s: 'from env' },
    });
    expect(s.diagnostics).toEqual([]);
    expect(show(s, 'var.l[1]')).toBe('b');
    expect(show(s, 'var.m.x')).toBe('1');
    expect(show(s, 'var.o.b')).toBe('7');
    expect(show(s, 'var.s')).toBe('from env');
    // An untyped variable takes its default's type, so its -var value is parsed (a tuple here).
    expect(show(s, 'var.untyped_list[0]')).toBe('z');
  });

  it('reports values that do not convert, and syntax errors in typed values', async () => {
    const s = await load(dir, { vars: ['n=abc', 'l=[1,'], env: { PKR_VAR_m: '{x = "no"}' } });
    expect(summaries(s.diagnostics)).toEqual([
      'Invalid value for variable',
      'Invalid argument value for -var variable',
      'Missing expression',
    ]);
    expect(s.diagnostics[0].subject?.filename).toBe('<value for var.m from env>');
    expect(s.diagnostics[1].detail).toBe(
      "The received arg value for n is not compatible with the variable's type constraint: a number is required.",
    );
  });

  it('rejects undeclared -var names but ignores undeclared PKR_VAR_ names', async () => {
    const s = await load(dir, { vars: ['nope=1'], env: { PKR_VAR_other: '1' } });
    expect(summaries(s.diagnostics)).toEqual(['Undefined -var variable']);
    expect(s.diagnostics[0].detail).toBe(
      'A "nope" variable was passed in the command line but was not found in known variables. To declare variable "nope", place this block in one of your .pkr files, such as variables.pkr.hcl',
    );
  });
});

describe('variable files', () => {
  it('warn about undeclared names unless told not to', async () => {
    const dir = tempTemplate({ 't.pkr.hcl': decl, 'x.pkrvars.hcl': 'v = "x"\nother = 1\n' });
    const warned = await load(dir, { varFiles: ['x.pkrvars.hcl'] });
    expect(warned.diagnostics.map((d) => [d.severity, d.summary])).toEqual([
      ['warning', 'Undefined variable'],
    ]);
    expect(warned.diagnostics[0].detail).toContain(
      'The variable "other" was set but was not declared as an input variable.',
    );
    expect(warned.diagnostics[0].subject?.start.line).toBe(2);
    expect(
      (await load(dir, { varFiles: ['x.pkrvars.hcl'], warnOnUndeclaredVar: false })).diagnostics,
    ).toEqual([]);
    expect(show(warned, 'var.v')).toBe('x');
  });

  it('may only contain attributes; declarations are an error', async () => {
    const dir = tempTemplate({
      't.pkr.hcl': decl,
      'decl.pkrvars.hcl': 'variable "v" {\n}\n',
      'block.pkrvars.hcl': 'thing {\n}\n',
      'fn.pkrvars.hcl': 'v = upper("x")\n',
      'bad.txt': 'v = 1',
    });
    expect(summaries((await load(dir, { varFiles: ['decl.pkrvars.hcl'] })).diagnostics)).toEqual([
      'Variable declaration in a .pkrvar file',
    ]);
    expect(summaries((await load(dir, { varFiles: ['block.pkrvars.hcl'] })).diagnostics)).toEqual([
      'Unexpected "thing" block',
    ]);
    expect(summaries((await load(dir, { varFiles: ['fn.pkrvars.hcl'] })).diagnostics)).toEqual([
      'Function calls not allowed',
    ]);
    expect(summaries((await load(dir, { varFiles: ['bad.txt'] })).diagnostics)).toEqual([
      'Could not guess format of bad.txt',
    ]);
    expect(summaries((await load(dir, { varFiles: ['missing.pkrvars.hcl'] })).diagnostics)).toEqual([
      'Failed to read file',
    ]);
  });

  it('report values of the wrong type at the value', async () => {
    const dir = tempTemplate({
      't.pkr.hcl': 'variable "n" {\n  type = number\n}\n',
      'x.pkrvars.json': '{"n": "abc"}',
    });
    const s = await load(dir, { varFiles: ['x.pkrvars.json'] });
    expect(summaries(s.diagnostics)).toEqual(['Invalid value for variable']);
    expect(s.diagnostics[0].subject?.start).toEqual({ line: 1, column: 7, byte: 6 });
  });
});

describe('variable declarations', () => {
  it('reports duplicates, bad names, bad defaults and bad types', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': 'variable "x" {\n}\nvariable "x" {\n}\nvariable "1bad" {\n}\n',
      'b.pkr.hcl':
        'variable "n" {\n  type = number\n  default = "abc"\n}\nvariable "t" {\n  type = lisst(string)\n}\nvariables {\n  x = 2\n}\n',
    });
    const s = await load(dir);
    expect(summaries(s.diagnostics)).toEqual([
      'Duplicate variable',
      'Invalid variable name',
      'Invalid default value for variable',
      'Invalid type specification',
      'Duplicate variable',
    ]);
    expect(s.diagnostics[0].detail).toBe('Duplicate x variable definition found.');
    expect(s.diagnostics[2].detail).toBe(
      "This default value is not compatible with the variable's type constraint: a number is required.",
    );
  });

  it('allows env() in defaults but no references', async () => {
    const dir = tempTemplate({
      't.pkr.hcl': 'variable "h" {\n  default = env("HOME_X")\n}\nvariable "r" {\n  default = var.h\n}\n',
    });
    const s = await load(dir, { env: { HOME_X: '/home/x' } });
    expect(summaries(s.diagnostics)).toEqual(['Variables not allowed']);
    expect(show(s, 'var.h')).toBe('/home/x');
  });

  it('reads the variables {} form and JSON syntax declarations', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': 'variables {\n  region = "eu"\n  sizes = [1, 2]\n}\n',
      'b.pkr.json': JSON.stringify({
        variable: {
          names: { type: 'list(string)', default: ['a'] },
          greeting: { default: 'hi ${upper("x")}' },
        },
        locals: { both: '${var.region}-${var.names[0]}' },
      }),
    });
    const s = await load(dir, { vars: ['names=["b", "c"]', 'sizes=[3, 4]'] });
    // Defaults may only call env(): the JSON template string calling upper() is rejected.
    expect(summaries(s.diagnostics)).toEqual(['Call to unknown function']);
    expect(show(s, 'var.sizes[0]')).toBe('3');
    expect(show(s, 'local.both')).toBe('eu-b');
    expect(show(s, 'var.greeting')).toMatch(/^!Unsupported attribute/);
  });

  it('leaves unset variables unknown and reports them when initialising', async () => {
    const dir = tempTemplate({ 't.pkr.hcl': 'variable "u" {\n  type = string\n}\n' });
    const s = await load(dir);
    expect(s.diagnostics).toEqual([]);
    expect(summaries(s.initDiagnostics)).toEqual(['Unset variable "u"']);
    expect(show(s, 'var.u')).toBe('<unknown>');
  });

  it('marks sensitive values, whatever their source', async () => {
    const dir = tempTemplate({
      't.pkr.hcl':
        'variable "p" {\n  type = string\n  sensitive = true\n}\nvariable "q" {\n  default = "open"\n}\n',
    });
    const s = await load(dir, { vars: ['p=secret'] });
    const p = s.variables.get('p');
    expect(p && variableValue(p).hasMark(SENSITIVE)).toBe(true);
    expect(show(s, 'var.p')).toBe('<sensitive>');
    expect(show(s, '{a = var.p, b = var.q}')).toBe('{\n  "a" = "<sensitive>"\n  "b" = "open"\n}');
    const q = s.variables.get('q');
    expect(q && variableValue(q).isSensitive()).toBe(false);
  });
});

describe('validation rules', () => {
  const tpl = (rule: string): string =>
    `variable "port" {\n  type = number\n  default = 80\n  validation {\n${rule}\n  }\n}\n`;

  it('checks the winning value with only the variable in scope', async () => {
    const dir = tempTemplate({
      't.pkr.hcl': tpl(
        '    condition     = abs(var.port) > 1024 && can(var.port + 1)\n    error_message = "The port must be above 1024."',
      ),
    });
    const failing = await load(dir, { vars: ['port=22'] });
    expect(failing.diagnostics).toEqual([]);
    expect(summaries(failing.initDiagnostics)).toEqual(['Invalid value for cmd variable']);
    expect(failing.initDiagnostics[0].detail).toMatch(
      /^The port must be above 1024\.\n\nThis was checked by the validation rule at t\.pkr\.hcl:4,3-13\.$/,
    );
    expect(failing.initDiagnostics[0].subject?.filename).toBe('<value for var.port from arguments>');
    expect(summaries((await load(dir)).initDiagnostics)).toEqual(['Invalid value for default variable']);
    expect((await load(dir, { vars: ['port=8080'] })).initDiagnostics).toEqual([]);
  });

  it('requires sentences as error messages and references to the variable only', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': tpl('    condition     = var.port > 0\n    error_message = "must be positive"'),
      'b.pkr.hcl': tpl('    condition     = var.other > 0\n    error_message = ""').replace('"port"', '"p2"'),
    });
    const s = await load(dir);
    expect(summaries(s.diagnostics)).toEqual([
      'Invalid validation error message',
      'Invalid reference in variable validation',
      'Invalid variable validation condition',
      'Invalid validation error message',
    ]);
    expect(s.diagnostics[3].detail).toBe('An empty string is not a valid nor useful error message.');
  });

  it('reports non-boolean results', async () => {
    const dir = tempTemplate({
      't.pkr.hcl': tpl('    condition     = var.port\n    error_message = "Bad."'),
    });
    expect((await load(dir)).initDiagnostics.map((d) => d.detail)).toEqual([
      'Invalid validation condition result value: bool required.',
    ]);
  });
});
