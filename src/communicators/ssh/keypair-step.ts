import { type Step, StateKey } from '../../engine/types';
import type { SSHSettings } from '../../plugins/schema/communicator-settings';
import { type SshKeyPair, generateKeyPair } from './keygen';

/**
 * Packer's StepSSHKeyGen for builders that launch machines: unless the template gives a private
 * key file, password or agent, a temporary key pair is generated for the build. The private key
 * only ever lives in memory and is masked from then on; the builder installs the public key (an
 * EC2 key pair, cloud-init...) and connects with the private one.
 */

export const SSH_KEY_PAIR = new StateKey<SshKeyPair>('ssh_key_pair');

/** Whether the template leaves authentication to a temporary key pair. */
export function needsTemporaryKeyPair(ssh: SSHSettings): boolean {
  return ssh.privateKeyFile === '' && ssh.password === '' && !ssh.agentAuth;
}

export function temporaryKeyPairStep(ssh: SSHSettings): Step {
  return {
    name: 'ssh key pair',
    async run(ctx) {
      if (!needsTemporaryKeyPair(ssh)) return;
      const type = ssh.temporaryKeyPair.type || 'rsa';
      ctx.ui.say(`Creating temporary ${type.toUpperCase()} SSH key for instance...`);
      const pair = await generateKeyPair(type, ssh.temporaryKeyPair.bits);
      // Masked everywhere from now on: every line of the key, in case one is ever printed.
      ctx.ui.addSecret(pair.privateKey);
      for (const line of pair.privateKey.split('\n')) if (line.length > 20) ctx.ui.addSecret(line);
      ctx.state.set(SSH_KEY_PAIR, pair);
    },
    cleanup(ctx) {
      ctx.state.delete(SSH_KEY_PAIR);
      return Promise.resolve();
    },
  };
}
