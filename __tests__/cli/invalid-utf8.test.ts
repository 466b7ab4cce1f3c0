import * as fs from 'node:fs';
import * as path from 'node:path';

import { kiln } from '../support/kiln';
import { tempDir } from '../support/temp';

/**
 * Invalid UTF-8 in a native-syntax file is refused by every command that loads a template, with
 * the diagnostic `fmt` gives (hclsyntax's "Invalid character encoding"), as Packer refuses it;
 * comments and JSON strings keep Packer's leniency (issue 20).
 */
const TEMPLATE =
  'source "null" "a" {\n  communicator = "none"\n}\n\nbuild {\n  sources = ["source.null.a"]\n}\n';

function dirWith(files: Record<string, Buffer | string>): string {
  const dir = tempDir('kiln-utf8-');
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

const withByte = (before: string, byte: number, after: string): Buffer =>
  Buffer.concat([Buffer.from(before), Buffer.from([byte]), Buffer.from(after)]);

describe('invalid UTF-8 in a template', () => {
  jest.setTimeout(30_000);
  const local = withByte('locals {\n  x = "ab', 0xff, 'cd"\n}\n');

  it.each([
    ['validate', ['validate', '.']],
    ['validate -syntax-only', ['validate', '-syntax-only', '.']],
    ['inspect', ['inspect', '.']],
    ['console', ['console', '.']],
    ['build', ['build', '.']],
  ])("%s refuses it with fmt's diagnostic", async (_name, args) => {
    const dir = dirWith({ 'a.pkr.hcl': TEMPLATE, 'b.pkr.hcl': local });
    const r = await kiln(args, dir);
    const printed = r.out + r.err;
    expect(r.code).toBe(1);
    expect(printed).toContain('Error: Invalid character encoding');
    expect(printed).toContain('on b.pkr.hcl line 2, in locals:');
    expect(printed).toContain('All input files must be UTF-8 encoded.');

    const fmt = await kiln(['fmt', '-check', 'b.pkr.hcl'], dir);
    expect(fmt.code).toBe(1);
    expect(fmt.out + fmt.err).toContain('b.pkr.hcl:2,10-11: Invalid character encoding');
  });

  it('refuses it in a -var-file', async () => {
    const dir = dirWith({
      'a.pkr.hcl': `variable "v" {\n  type = string\n}\n${TEMPLATE}`,
      'v.pkrvars.hcl': withByte('v = "', 0xe9, '"\n'),
    });
    const r = await kiln(['validate', '-var-file', 'v.pkrvars.hcl', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.out + r.err).toContain('Error: Invalid character encoding');
    expect(r.out + r.err).toContain('on v.pkrvars.hcl line 1:');
  });

  it('is accepted in a comment, as Packer accepts it', async () => {
    const dir = dirWith({
      'a.pkr.hcl': Buffer.concat([withByte('# caf', 0xe9, '\n'), Buffer.from(TEMPLATE)]),
    });
    const r = await kiln(['validate', '.'], dir);
    expect(r.out + r.err).toContain('The configuration is valid.');
    expect(r.code).toBe(0);
  });

  it('in a .pkr.json string becomes U+FFFD per byte, as encoding/json decodes it', async () => {
    const json = Buffer.concat([
      Buffer.from(
        '{"source":{"null":{"a":{"communicator":"none"}}},"build":[{"sources":["source.null.a"]}],',
      ),
      Buffer.from('"locals":{"x":"a'),
      Buffer.from([0xe2, 0x82]),
      Buffer.from('b"}}'),
    ]);
    const dir = dirWith({ 'a.pkr.json': json });
    expect((await kiln(['validate', '.'], dir)).code).toBe(0);
    // Two bytes of a truncated sequence are two replacement characters (Node alone would give one).
    expect(await kilnConsole(dir, 'length(local.x)\n')).toBe('4\n');
  });
});

async function kilnConsole(dir: string, input: string): Promise<string> {
  const { runConsole } = await import('../../src/cli/commands/console');
  let out = '';
  await runConsole(['.'], {
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    readStdin: () => Promise.resolve(input),
    stdinIsTTY: false,
    cwd: dir,
    env: {},
  });
  return out;
}
