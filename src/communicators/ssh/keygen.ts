import { loadSsh2 } from './load-ssh2';

/**
 * Temporary SSH key pairs (ssh_temporary_key_pair_type / _bits), as Packer's sshkey.GeneratePair
 * makes them: rsa (default, 4096 bits, at least 1024), ecdsa (256, 384 or 521; default 521) and
 * ed25519. The private key is in OpenSSH's format, the public key an authorized_keys line.
 * Generation is asynchronous: a 4096-bit RSA key takes seconds and must not stall other builds.
 */

export type KeyPairType = 'rsa' | 'ecdsa' | 'ed25519';

export interface SshKeyPair {
  readonly type: KeyPairType;
  /** OpenSSH private key (PEM armour "OPENSSH PRIVATE KEY"). */
  readonly privateKey: string;
  /** `<algorithm> <base64>\n`, as ssh.MarshalAuthorizedKey writes it (no comment). */
  readonly publicKey: string;
}

/** Checks the type and size as Packer does; returns the size to generate, or a problem. */
export function keyPairSize(type: string, bits: number): { type: KeyPairType; bits?: number } | string {
  const t = (type || 'rsa').toLowerCase();
  switch (t) {
    case 'rsa':
      if (bits === 0) return { type: t, bits: 4096 };
      if (bits < 1024) return 'sshkey: invalid private key rsa size: must be more than 1024';
      return { type: t, bits };
    case 'ecdsa':
      if (bits === 0) return { type: t, bits: 521 };
      if (![256, 384, 521].includes(bits))
        return 'sshkey: invalid private key ecdsa size, must be one of 256, 384 or 521';
      return { type: t, bits };
    case 'ed25519':
      return { type: t };
    case 'dsa':
      return 'Kiln cannot generate dsa keys (OpenSSH no longer accepts them): use `rsa`, `ecdsa` or `ed25519`';
    default:
      return (
        `sshkey: unknown private key algorithm "${type}": possible algorithm types are ` +
        '`dsa` | `ecdsa` | `ed25519` | `rsa` ( the default )'
      );
  }
}

export function generateKeyPair(type: string, bits = 0): Promise<SshKeyPair> {
  const size = keyPairSize(type, bits);
  if (typeof size === 'string') return Promise.reject(new Error(size));
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, keys: { private: string; public: string }): void => {
      if (err) return reject(new Error(`Error creating temporary SSH key: ${err.message}`));
      // ssh2 writes `<algorithm> <base64> <comment>`; Packer's line has no comment.
      const [algorithm, blob] = keys.public.trim().split(/\s+/);
      resolve({ type: size.type, privateKey: keys.private, publicKey: `${algorithm} ${blob}\n` });
    };
    const { utils } = loadSsh2();
    if (size.type === 'ed25519') utils.generateKeyPair('ed25519', done);
    else if (size.type === 'rsa') utils.generateKeyPair('rsa', { bits: size.bits as number }, done);
    else utils.generateKeyPair('ecdsa', { bits: size.bits as 256 | 384 | 521 }, done);
  });
}
