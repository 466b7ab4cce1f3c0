import type { KeyObject } from 'node:crypto';

/**
 * RSA decryption with PKCS#1 v1.5 padding (RFC 8017, RSAES-PKCS1-V1_5-DECRYPT), the scheme EC2
 * encrypts a Windows instance's password with (GetPasswordData). Node 20's own
 * crypto.privateDecrypt refuses RSA_PKCS1_PADDING (CVE-2023-46809, a timing oracle against servers
 * that decrypt what others send) unless Node runs with --security-revert; here the key is the
 * build's own and the ciphertext comes from EC2, so there is no oracle to protect, and the
 * arithmetic is done with BigInt: the private key's CRT parameters from its JWK export, then the
 * 0x00 0x02 padding checked and removed. Errors carry Go's crypto/rsa wording, as Packer shows it.
 */

export const DECRYPTION_ERROR = 'crypto/rsa: decryption error';

function bigIntOf(base64url: string | undefined): bigint {
  if (base64url === undefined || base64url === '') throw new Error('crypto/rsa: missing key parameter');
  const hex = Buffer.from(base64url, 'base64url').toString('hex');
  return hex === '' ? 0n : BigInt(`0x${hex}`);
}

function byteLength(n: bigint): number {
  return Math.ceil(n.toString(16).length / 2);
}

/** base^exponent mod modulus, by square-and-multiply. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

function toBytes(value: bigint, length: number): Buffer {
  const hex = value.toString(16).padStart(length * 2, '0');
  return Buffer.from(hex, 'hex');
}

/** Decrypts `ciphertext` with the RSA private key `key`; throws DECRYPTION_ERROR when it is not one. */
export function rsaPkcs1v15Decrypt(key: KeyObject, ciphertext: Uint8Array): Buffer {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'rsa') {
    throw new Error(`crypto/rsa: not an RSA private key (${key.asymmetricKeyType ?? key.type})`);
  }
  const jwk = key.export({ format: 'jwk' });
  const n = bigIntOf(jwk.n);
  const e = bigIntOf(jwk.e);
  const p = bigIntOf(jwk.p);
  const q = bigIntOf(jwk.q);
  const dp = bigIntOf(jwk.dp);
  const dq = bigIntOf(jwk.dq);
  const qi = bigIntOf(jwk.qi);
  const k = byteLength(n);
  // The ciphertext is exactly the modulus's length, and the padding needs 11 bytes (RFC 8017 7.2.2).
  if (k < 11 || ciphertext.length !== k) throw new Error(DECRYPTION_ERROR);
  const c = BigInt(`0x${Buffer.from(ciphertext).toString('hex')}`);
  if (c >= n) throw new Error(DECRYPTION_ERROR);

  // Garner's recombination of the two half-size exponentiations.
  const m1 = modPow(c, dp, p);
  const m2 = modPow(c, dq, q);
  const h = (((m1 - m2) % p) + p) % p;
  const m = m2 + ((qi * h) % p) * q;
  // A fault in the CRT parameters would give a wrong plaintext, not an error: check it.
  if (modPow(m, e, n) !== c) throw new Error(DECRYPTION_ERROR);

  const em = toBytes(m, k);
  // EM = 0x00 || 0x02 || PS (at least 8 non-zero bytes) || 0x00 || M
  const separator = em.indexOf(0, 2);
  if (em[0] !== 0 || em[1] !== 2 || separator < 10) throw new Error(DECRYPTION_ERROR);
  return em.subarray(separator + 1);
}
