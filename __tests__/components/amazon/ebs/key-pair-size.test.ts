import { createPublicKey } from 'crypto';
import { utils } from 'ssh2';
import type { ImportKeyPairCommandInput } from '@aws-sdk/client-ec2';

import type { AwsSession } from '../../../../src/components/amazon/aws/session';
import { keyPairStep } from '../../../../src/components/amazon/ebs/steps/key-pair';
import { fakeStepContext } from '../../../support/engine-fakes';
import { ebsOptions } from './launch/support';

/**
 * The temporary key pair's size: Packer's amazon builders let EC2 make the key (CreateKeyPair: RSA
 * 2048), so Kiln's own RSA key is 2048 bits unless temporary_key_pair_bits asks for another size
 * (the SDK's 4096 costs 0.3-2 s per build); other types keep their own defaults.
 */

async function importedKey(hcl: string): Promise<ReturnType<typeof utils.parseKey>> {
  const imports: ImportKeyPairCommandInput[] = [];
  const session = {
    ec2: () => ({
      send: (command: { input: ImportKeyPairCommandInput }) => {
        imports.push(command.input);
        return Promise.resolve({});
      },
    }),
  } as unknown as AwsSession;
  const step = keyPairStep({ options: ebsOptions(`ssh_username = "root"\n${hcl}`), session });
  await step.run(fakeStepContext());
  expect(imports).toHaveLength(1);
  return utils.parseKey(Buffer.from(imports[0].PublicKeyMaterial ?? new Uint8Array()));
}

function rsaBits(key: ReturnType<typeof utils.parseKey>): number | undefined {
  if (key instanceof Error || Array.isArray(key)) throw new Error('not one key');
  return createPublicKey(key.getPublicPEM()).asymmetricKeyDetails?.modulusLength;
}

describe('amazon-ebs temporary key pair size', () => {
  it('is RSA 2048 by default, as EC2 makes it for Packer', async () => {
    const key = await importedKey('');
    expect(!(key instanceof Error) && !Array.isArray(key) && key.type).toBe('ssh-rsa');
    expect(rsaBits(key)).toBe(2048);
  });

  it('honours temporary_key_pair_bits', async () => {
    expect(rsaBits(await importedKey('temporary_key_pair_bits = 3072'))).toBe(3072);
  });

  it('keeps other types as they are', async () => {
    const key = await importedKey('temporary_key_pair_type = "ed25519"');
    expect(!(key instanceof Error) && !Array.isArray(key) && key.type).toBe('ssh-ed25519');
  });
});
