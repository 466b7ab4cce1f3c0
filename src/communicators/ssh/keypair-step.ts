import * as fs from 'node:fs';
import * as path from 'node:path';

import { type Step, StateKey } from '../../engine/types';
import { writingFile } from '../../engine/file-errors';
import type { SSHSettings } from '../../schema/communicator-settings';
import { DEBUG_KEY_KIND } from './debug-key-sweep';
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

export interface KeyPairStepOptions {
  /**
   * In -debug mode, where the private key is saved (relative to the working directory) so the
   * machine can be reached by hand, as Packer's amazon builder does with `ec2_<build name>.pem`.
   * The file is removed in cleanup.
   */
  readonly debugKeyPath?: string;
}

export function temporaryKeyPairStep(ssh: SSHSettings, options: KeyPairStepOptions = {}): Step {
  let debugFile: string | undefined;
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
      if (ctx.build.debug && options.debugKeyPath !== undefined) {
        const file = path.resolve(ctx.build.cwd, options.debugKeyPath);
        ctx.ui.message(`Saving key for debug purposes: ${options.debugKeyPath}`);
        // In the ledger before it exists: a build killed right after writing still gets it swept.
        ctx.ledger.record({ id: file, kind: DEBUG_KEY_KIND, data: {} });
        debugFile = file;
        writingFile(file, () => fs.writeFileSync(file, pair.privateKey, { mode: 0o600 }));
      }
    },
    cleanup(ctx) {
      ctx.state.delete(SSH_KEY_PAIR);
      if (debugFile !== undefined) {
        try {
          fs.rmSync(debugFile, { force: true });
          ctx.ledger.release(debugFile);
        } catch (e) {
          ctx.ui.error(`Error removing debug key '${debugFile}': ${(e as Error).message}`);
        }
        debugFile = undefined;
      }
      return Promise.resolve();
    },
  };
}
