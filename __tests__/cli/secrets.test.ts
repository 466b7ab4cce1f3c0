import { tempTemplate } from '../support/temp';
import { kiln } from '../support/kiln';

/**
 * Sensitive values never reach what a command prints (issue 20, items 1, 3 and 4): function errors
 * that quote their input, -var/PKR_VAR_ values that fail validation, sensitive locals in build
 * output, and a secret a command prints in two pieces.
 */

const SECRET = 's3cr3t-value';
const LOCAL_SECRET = 'l0cal-t0ken-42';

const VARIABLE = `variable "secret" {
  type      = string
  default   = "placeholder"
  sensitive = true
  validation {
    condition     = length(var.secret) > 20
    error_message = "The secret must be longer than 20 characters."
  }
}
`;

const NULL_SOURCE = 'source "null" "n" {\n  communicator = "none"\n}\n';

describe('sensitive values in diagnostics', () => {
  it('a function error shows <sensitive> where it would quote the value (validate, text and JSON)', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl':
        'variable "secret" {\n  type      = string\n  sensitive = true\n}\n' +
        'locals {\n  decoded = base64decode(var.secret)\n}\n' +
        NULL_SOURCE +
        'build {\n  sources = ["source.null.n"]\n}\n',
    });
    const text = await kiln(['validate', `-var=secret=${SECRET}`, '.'], dir);
    expect(text.code).toBe(1);
    expect(text.err).toMatch(/failed to decode base64 data\s+'<sensitive>'/);
    expect(text.out + text.err).not.toContain(SECRET);
    const json = await kiln(['validate', '-format=json', `-var=secret=${SECRET}`, '.'], dir);
    expect(json.out).toContain("failed to decode base64 data '<sensitive>'");
    expect(json.out + json.err).not.toContain(SECRET);
  });

  it('a value derived from a secret is masked in a function error too (better than Packer)', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl':
        'variable "secret" {\n  type      = string\n  sensitive = true\n}\n' +
        'locals {\n  decoded = base64decode(upper(var.secret))\n}\n' +
        NULL_SOURCE +
        'build {\n  sources = ["source.null.n"]\n}\n',
    });
    const r = await kiln(['validate', `-var=secret=${SECRET}`, '.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/failed to decode base64 data\s+'<sensitive>'/);
    expect(r.err).not.toContain(SECRET.toUpperCase());
  });

  it.each([
    ['-var', ['-var', `secret=${SECRET}`], {}, '<value for var.secret from arguments>'],
    ['PKR_VAR_', [], { PKR_VAR_secret: SECRET }, '<value for var.secret from env>'],
  ])(
    'a %s value that fails validation is not shown: "(source code not available)", as Packer',
    async (_, args, env, filename) => {
      const dir = tempTemplate({
        'a.pkr.hcl': VARIABLE + NULL_SOURCE + 'build {\n  sources = ["source.null.n"]\n}\n',
      });
      const r = await kiln(['validate', ...args, '.'], dir, { env });
      expect(r.code).toBe(1);
      expect(r.err).toContain(`  on ${filename} line 1:\n  (source code not available)\n`);
      expect(r.err).toContain('The secret must be longer than 20 characters.');
      expect(r.out + r.err).not.toContain(SECRET);
    },
  );

  it('a secret in a variable file is masked in the snippet that quotes it', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': VARIABLE + NULL_SOURCE + 'build {\n  sources = ["source.null.n"]\n}\n',
      'x.pkrvars.hcl': `secret = "${SECRET}"\n`,
    });
    const r = await kiln(['validate', '-var-file=x.pkrvars.hcl', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('secret = "<sensitive>"');
    expect(r.out + r.err).not.toContain(SECRET);
  });

  it('console and inspect never print the value, nor an error that quotes it', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl':
        'variable "secret" {\n  type      = string\n  sensitive = true\n}\n' +
        `local "tok" {\n  expression = "${LOCAL_SECRET}"\n  sensitive  = true\n}\n` +
        NULL_SOURCE +
        'build {\n  sources = ["source.null.n"]\n}\n',
    });
    const env = { PKR_VAR_secret: SECRET };
    for (const expr of ['var.secret', 'base64decode(var.secret)', 'local.tok', 'base64decode(local.tok)']) {
      const r = await kilnPiped(['console', '.'], dir, env, `${expr}\n`);
      expect(r.out + r.err).not.toContain(SECRET);
      expect(r.out + r.err).not.toContain(LOCAL_SECRET);
      expect(r.out + r.err).toContain('<sensitive>');
    }
    const inspect = await kiln(['inspect', '.'], dir, { env });
    expect(inspect.code).toBe(0);
    expect(inspect.out + inspect.err).not.toContain(SECRET);
  });
});

describe('sensitive values in build output', () => {
  it('masks a sensitive local and a secret printed in two pieces across chunks', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl':
        'variable "secret" {\n  type      = string\n  sensitive = true\n}\n' +
        `local "tok" {\n  expression = "${LOCAL_SECRET}"\n  sensitive  = true\n}\n` +
        NULL_SOURCE +
        'build {\n  sources = ["source.null.n"]\n' +
        '  provisioner "shell-local" {\n' +
        '    environment_vars = ["PW=${var.secret}", "TOK=${local.tok}"]\n' +
        // Each secret leaves in two writes with a pause between: two chunks on the pipe.
        '    inline = [\n' +
        '      "printf \'pw=%.4s\' \\"$PW\\"; sleep 0.3; printf \'%s!\\\\n\' \\"$${PW#????}\\"",\n' +
        '      "printf \'%.6s\' \\"$TOK\\"; sleep 0.3; printf \'%s\' \\"$${TOK#??????}\\"; sleep 0.3; printf \' end\\\\n\'",\n' +
        '      "printf \'%.3s\' \\"$TOK\\" >&2; sleep 0.3; printf \'%s\' \\"$${TOK#???}\\" >&2",\n' +
        '    ]\n  }\n}\n',
    });
    const r = await kiln(['build', '-color=false', '.'], dir, {
      env: { PKR_VAR_secret: SECRET, PATH: process.env.PATH ?? '' },
    });
    expect(r.code).toBe(0);
    expect(r.out).toContain('    null.n: pw=<sensitive>!\n');
    expect(r.out).toContain('    null.n: <sensitive> end\n');
    // Stream end without a newline: what was held back is released (still masked) when the build ends.
    expect(r.out + r.err).toContain('==> null.n: <sensitive>\n');
    for (const s of [SECRET, LOCAL_SECRET, 's3cr', 'l0cal-']) expect(r.out + r.err).not.toContain(s);
  });

  it('a held-back prefix that turns out not to be a secret is printed unchanged', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl':
        'variable "secret" {\n  type      = string\n  sensitive = true\n}\n' +
        NULL_SOURCE +
        'build {\n  sources = ["source.null.n"]\n' +
        '  provisioner "shell-local" {\n' +
        "    inline = [\"printf 'x s3cr'; sleep 0.3; printf 'ets\\\\n'\", \"printf 'tail s3'\"]\n  }\n}\n",
    });
    const r = await kiln(['build', '-color=false', `-var=secret=${SECRET}`, '.'], dir, {
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(r.code).toBe(0);
    expect(r.out).toContain('    null.n: x s3crets\n');
    expect(r.out).toContain('    null.n: tail s3\n');
  });
});

describe('legacy JSON templates', () => {
  it('mask sensitive-variables in build output', async () => {
    const dir = tempTemplate({
      't.json': JSON.stringify({
        variables: { secret: '' },
        'sensitive-variables': ['secret'],
        builders: [{ type: 'null', communicator: 'none' }],
        provisioners: [{ type: 'shell-local', inline: ['echo "pw={{user `secret`}}"'] }],
      }),
    });
    const r = await kiln(['build', '-color=false', `-var=secret=${SECRET}`, 't.json'], dir, {
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(r.code).toBe(0);
    expect(r.out).toContain('    null: pw=<sensitive>\n');
    expect(r.out + r.err).not.toContain(SECRET);
  });
});

/** A piped console session: the input lines arrive on standard input. */
async function kilnPiped(args: string[], cwd: string, env: Record<string, string>, input: string) {
  const { runCLI } = await import('../../src/cli/main');
  let out = '';
  let err = '';
  process.chdir(cwd);
  const code = await runCLI(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: () => Promise.resolve(input),
    stdinIsTTY: false,
    cwd,
    env,
  });
  return { code, out, err };
}
