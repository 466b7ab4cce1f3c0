import * as os from 'os';

import { kiln } from '../support/kiln';

/** Every command answers -h, -help and --help with its usage on standard output and exit code 0. */

const COMMANDS = ['build', 'console', 'fmt', 'inspect', 'sweep', 'validate'];

describe('command help', () => {
  it.each(COMMANDS.flatMap((c) => ['-h', '-help', '--help'].map((f) => [c, f] as const)))(
    'kiln %s %s',
    async (command, flag) => {
      const r = await kiln([command, flag], os.tmpdir());
      expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
      expect(r.out).toContain(`Usage: kiln ${command}`);
    },
  );
});

describe('usage exit codes (as README says, as Packer does)', () => {
  it('127 for a missing or unknown command, 1 for a bad flag', async () => {
    expect((await kiln([], os.tmpdir())).code).toBe(127);
    expect((await kiln(['nope'], os.tmpdir())).code).toBe(127);
    for (const command of COMMANDS)
      expect((await kiln([command, '-no-such-flag'], os.tmpdir())).code).toBe(1);
  });
});
