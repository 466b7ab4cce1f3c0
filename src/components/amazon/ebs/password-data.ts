import { type KeyObject, createPrivateKey } from 'node:crypto';

import { loadSsh2 } from '../../../communicators/ssh/load-ssh2';
import { rsaPkcs1v15Decrypt } from './rsa-pkcs1-decrypt';

/**
 * A Windows instance's password from GetPasswordData's PasswordData (Packer's
 * decryptPasswordDataWithPrivateKey): base64 of the password encrypted with the key pair's RSA
 * public key, PKCS#1 v1.5. The private key is PEM (PKCS#1 or PKCS#8, as `ssh_private_key_file`
 * usually is) or OpenSSH's format (Kiln's temporary keys, src/communicators/ssh/keygen.ts, where
 * Packer's come from EC2's CreateKeyPair as PKCS#1 PEM). Like Packer, an encrypted key is refused.
 */

function rsaKeyOf(privateKey: string): KeyObject {
  if (/Proc-Type:\s*4,ENCRYPTED|DEK-Info:|BEGIN ENCRYPTED PRIVATE KEY/.test(privateKey)) {
    throw new Error("encrypted private key isn't yet supported");
  }
  let key: KeyObject;
  if (privateKey.includes('BEGIN OPENSSH PRIVATE KEY')) {
    const parsed = loadSsh2().utils.parseKey(privateKey);
    const first = Array.isArray(parsed) ? parsed[0] : parsed;
    if (first === undefined || first instanceof Error) {
      throw new Error(`cannot read the private key: ${first?.message ?? 'no key'}`);
    }
    if (first.type !== 'ssh-rsa') {
      throw new Error(
        `the private key is ${first.type}, not RSA: EC2 encrypts Windows passwords for RSA key pairs only`,
      );
    }
    key = createPrivateKey(first.getPrivatePEM());
  } else {
    key = createPrivateKey(privateKey);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new Error(
      `the private key is ${key.asymmetricKeyType ?? 'unknown'}, not RSA: EC2 encrypts Windows passwords for RSA key pairs only`,
    );
  }
  return key;
}

export function decryptPasswordData(passwordData: string, privateKey: string): string {
  const encrypted = Buffer.from(passwordData.replace(/\s+/g, ''), 'base64');
  return rsaPkcs1v15Decrypt(rsaKeyOf(privateKey), encrypted).toString('utf8');
}
