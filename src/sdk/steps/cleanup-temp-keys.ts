import { CancelledError } from '../../engine/abort';
import type { Step, StepContext } from '../../engine/types';
import type { SSHSettings } from '../../schema/communicator-settings';
import { COMMUNICATOR } from './connect';

/**
 * Packer's StepCleanupTempKeys, after provisioning: with `ssh_clear_authorized_keys`, the temporary
 * key pair's public key (an authorized_keys line ending in ` <temporary_key_pair_name>`, as the
 * builder installed it; see temporaryKeyPairStep in src/communicators/ssh/keypair-step.ts) is removed
 * from the SSH user's and root's authorized_keys. Cosmetic, as in Packer: the key is useless once
 * the build ends, so a failure here is not the build's.
 */
export function cleanupTempKeysStep(communicatorType: string, ssh: SSHSettings): Step {
  return {
    name: 'cleanup temp keys',
    async run(ctx) {
      const name = ssh.temporaryKeyPair.name;
      if (!ssh.clearAuthorizedKeys || communicatorType !== 'ssh' || name === '') return;
      ctx.ui.say('Trying to remove ephemeral keys from authorized_keys files');
      await bestEffort(
        ctx,
        `sed -i.bak '/ ${name}$/d' ~/.ssh/authorized_keys; rm ~/.ssh/authorized_keys.bak`,
      );
      await bestEffort(
        ctx,
        `sudo sed -i.bak '/ ${name}$/d' /root/.ssh/authorized_keys; sudo rm /root/.ssh/authorized_keys.bak`,
      );
    },
  };
}

/** Runs a command with its output shown; only a cancellation stops the build. */
async function bestEffort(ctx: StepContext, command: string): Promise<void> {
  const communicator = ctx.state.require(COMMUNICATOR);
  try {
    await communicator.start(
      {
        command,
        onStdout: (chunk) => ctx.ui.output('stdout', chunk.toString('utf8')),
        onStderr: (chunk) => ctx.ui.output('stderr', chunk.toString('utf8')),
      },
      ctx.signal,
    );
  } catch (e) {
    if (e instanceof CancelledError || ctx.signal.aborted) throw e;
  }
}
