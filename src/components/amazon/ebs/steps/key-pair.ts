import * as fs from 'node:fs';
import * as path from 'node:path';

import { DeleteKeyPairCommand, ImportKeyPairCommand } from '@aws-sdk/client-ec2';

import { errorMessage } from '../../../../engine/abort';
import { writingFile } from '../../../../engine/file-errors';
import type { Step } from '../../../../engine/types';
import { DEBUG_KEY_KIND } from '../../../../communicators/ssh/debug-key-sweep';
import { generateKeyPair } from '../../../../communicators/ssh/keygen';
import { awsLedgerData } from '../../aws/ledger';
import { EC2_SSH_KEY } from '../state-keys';
import type { EbsStepDeps } from './deps';
import { awsErrorCode } from '../../aws/errors';
import { ec2Tags, tagSpecifications } from './launch-support';

/** The size of the RSA keys EC2 generates (CreateKeyPair), which Packer's temporary key pairs are. */
const EC2_RSA_BITS = 2048;

/**
 * Packer's StepKeyPair: how the instance will accept the communicator. A `ssh_private_key_file`
 * (with its `ssh_keypair_name`, or a key the AMI already has), the SSH agent, no key at all (a
 * password), or a temporary EC2 key pair named `temporary_key_pair_name` (`packer_<uuid>`).
 *
 * Unlike Packer, which lets EC2 generate the temporary key (CreateKeyPair), Kiln generates it
 * itself, as for every builder (src/communicators/ssh/keygen.ts), and imports the public half:
 * `temporary_key_pair_bits` is then honoured, and the private key never travels. Its public key
 * line ends with the key pair's name, so ssh_clear_authorized_keys finds it on the machine.
 */
export function keyPairStep({ options, session }: EbsStepDeps): Step {
  const ssh = options.run.communicator.ssh;
  let created: string | undefined;
  let debugFile: string | undefined;
  // Started as the build's steps are made, not when this step runs, so that it overlaps the
  // credential, AMI and network calls before it. An RSA key is 2048 bits unless
  // temporary_key_pair_bits says otherwise: the size of the key EC2's CreateKeyPair makes for
  // Packer, where the SDK's 4096 would cost 0.3-2 s of a worker thread per build.
  const wanted = ssh.temporaryKeyPair;
  const rsa = wanted.type === '' || wanted.type.toLowerCase() === 'rsa';
  const bits = wanted.bits === 0 && rsa ? EC2_RSA_BITS : wanted.bits;
  const temporary =
    ssh.privateKeyFile === '' && !ssh.agentAuth && wanted.name !== ''
      ? generateKeyPair(wanted.type, bits)
      : undefined;
  temporary?.catch(() => undefined);
  return {
    name: 'key pair',
    async run(ctx) {
      if (ssh.privateKeyFile !== '') {
        ctx.ui.say('Using existing SSH private key');
        let privateKey: string;
        try {
          privateKey = fs.readFileSync(ssh.privateKeyFile, 'utf8');
        } catch (e) {
          throw new Error(`Error on reading SSH private key: ${errorMessage(e)}`);
        }
        ctx.state.set(EC2_SSH_KEY, { keyPairName: ssh.keyPairName, privateKey });
        return;
      }
      if (ssh.agentAuth) {
        ctx.ui.say(
          ssh.keyPairName === ''
            ? 'Using SSH Agent with key pair in Source AMI'
            : `Using SSH Agent for existing key pair ${ssh.keyPairName}`,
        );
        ctx.state.set(EC2_SSH_KEY, { keyPairName: ssh.keyPairName });
        return;
      }
      const name = ssh.temporaryKeyPair.name;
      if (name === '') {
        ctx.ui.say('Not using temporary keypair');
        ctx.state.set(EC2_SSH_KEY, { keyPairName: '' });
        return;
      }

      ctx.ui.say(`Creating temporary keypair: ${name}`);
      const pair = await (temporary ?? generateKeyPair(wanted.type, bits));
      ctx.ui.addSecret(pair.privateKey);
      for (const line of pair.privateKey.split('\n')) if (line.length > 20) ctx.ui.addSecret(line);
      // In the ledger before it exists: a build killed while the call is answered still has it swept.
      ctx.ledger.record({ id: name, kind: 'aws-key-pair', data: awsLedgerData(session) });
      created = name;
      try {
        await session.ec2().send(
          new ImportKeyPairCommand({
            KeyName: name,
            PublicKeyMaterial: Buffer.from(`${pair.publicKey.trim()} ${name}\n`),
            TagSpecifications: tagSpecifications([
              ['key-pair', ec2Tags(options.run.runTags, ctx.build.runId)],
            ]),
          }),
          { abortSignal: ctx.signal },
        );
      } catch (e) {
        // Someone else's key of that name (a temporary_key_pair_name reused) is not for us to delete.
        if (awsErrorCode(e) === 'InvalidKeyPair.Duplicate') {
          ctx.ledger.release(name);
          created = undefined;
        }
        throw new Error(`Error creating temporary keypair: ${errorMessage(e)}`);
      }
      ctx.state.set(EC2_SSH_KEY, { keyPairName: name, privateKey: pair.privateKey });

      if (ctx.build.debug) {
        const relative = `ec2_${ctx.build.buildName}.pem`;
        const file = path.resolve(ctx.build.cwd, relative);
        ctx.ui.message(`Saving key for debug purposes: ${relative}`);
        ctx.ledger.record({ id: file, kind: DEBUG_KEY_KIND, data: {} });
        debugFile = file;
        writingFile(file, () => fs.writeFileSync(file, pair.privateKey, { mode: 0o600 }));
      }
    },
    async cleanup(ctx) {
      ctx.state.delete(EC2_SSH_KEY);
      if (created !== undefined) {
        const name = created;
        ctx.ui.say('Deleting temporary keypair...');
        try {
          await session.ec2().send(new DeleteKeyPairCommand({ KeyName: name }));
          ctx.ledger.release(name);
          created = undefined;
        } catch (e) {
          if (awsErrorCode(e) === 'InvalidKeyPair.NotFound') {
            ctx.ledger.release(name);
            created = undefined;
          } else {
            ctx.ui.error(`Error cleaning up keypair. Please delete the key manually: ${name}`);
          }
        }
      }
      if (debugFile !== undefined) {
        try {
          fs.rmSync(debugFile, { force: true });
          ctx.ledger.release(debugFile);
        } catch (e) {
          ctx.ui.error(`Error removing debug key '${debugFile}': ${errorMessage(e)}`);
        }
        debugFile = undefined;
      }
    },
  };
}
