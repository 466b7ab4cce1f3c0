import * as fs from 'fs';
import * as path from 'path';

import { SSH_KEY_PAIR, temporaryKeyPairStep } from '../../../src/communicators/ssh/keypair-step';
import type { SSHSettings } from '../../../src/schema/communicator-settings';
import { fakeLedger, fakeStepContext, fakeUI } from '../../support/engine-fakes';
import { sshSettings } from '../../support/ssh/settings';
import { tempDir } from '../../support/temp';

function context(build: { debug: boolean; cwd: string } = { debug: false, cwd: '/nonexistent' }) {
  const ui = fakeUI();
  const ledger = fakeLedger();
  const ctx = fakeStepContext({ build, ui, ledger });
  return { ctx, said: ui.said, secrets: ui.secrets, recorded: ledger.recorded };
}

const ssh = (over: Partial<SSHSettings>): SSHSettings =>
  sshSettings(
    { address: '127.0.0.1', port: 22 },
    { temporaryKeyPair: { name: '', type: 'ed25519', bits: 0 }, ...over },
  );

describe('the temporary key pair step', () => {
  it('generates a key pair when nothing else authenticates, and masks the private key', async () => {
    const { ctx, said, secrets } = context();
    await temporaryKeyPairStep(ssh({})).run(ctx);
    const pair = ctx.state.require(SSH_KEY_PAIR);
    expect(said).toEqual(['Creating temporary ED25519 SSH key for instance...']);
    expect(pair.publicKey).toMatch(/^ssh-ed25519 [A-Za-z0-9+/=]+\n$/);
    expect(secrets).toContain(pair.privateKey);
    // Every line of the key body is masked too (a line could be printed on its own).
    const body = pair.privateKey.split('\n').filter((l) => l.length > 20);
    for (const line of body) expect(secrets).toContain(line);
  });

  it.each([{ privateKeyFile: '/k' }, { password: 'pw' }, { agentAuth: true }])(
    'generates nothing when the template authenticates otherwise (%j)',
    async (over) => {
      const { ctx, said } = context();
      await temporaryKeyPairStep(ssh(over)).run(ctx);
      expect(ctx.state.get(SSH_KEY_PAIR)).toBeUndefined();
      expect(said).toEqual([]);
    },
  );

  it('saves the key in -debug mode for the user, in the ledger, and removes it in cleanup', async () => {
    const cwd = tempDir('kiln-keypair-');
    const { ctx, recorded } = context({ debug: true, cwd });
    const step = temporaryKeyPairStep(ssh({}), { debugKeyPath: 'ec2_box.pem' });
    await step.run(ctx);
    const file = path.join(cwd, 'ec2_box.pem');
    expect(fs.readFileSync(file, 'utf8')).toBe(ctx.state.require(SSH_KEY_PAIR).privateKey);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect([...recorded]).toEqual([file]);
    await step.cleanup?.({ ...ctx, outcome: 'success' });
    expect(fs.existsSync(file)).toBe(false);
    expect(recorded.size).toBe(0);
  });

  it('writes no file outside -debug mode', async () => {
    const cwd = tempDir('kiln-keypair-');
    const { ctx, recorded } = context({ debug: false, cwd });
    await temporaryKeyPairStep(ssh({}), { debugKeyPath: 'ec2_box.pem' }).run(ctx);
    expect(fs.readdirSync(cwd)).toEqual([]);
    expect(recorded.size).toBe(0);
  });
});
