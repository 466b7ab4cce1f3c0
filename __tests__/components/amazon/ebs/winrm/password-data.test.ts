import {
  constants,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  publicEncrypt,
} from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { decryptPasswordData } from '../../../../../src/components/amazon/ebs/password-data';
import {
  DECRYPTION_ERROR,
  modPow,
  rsaPkcs1v15Decrypt,
} from '../../../../../src/components/amazon/ebs/rsa-pkcs1-decrypt';

/**
 * RSA PKCS#1 v1.5 decryption against vectors OpenSSL made (`openssl pkeyutl -encrypt -pkeyopt
 * rsa_padding_mode:pkcs1`, see __tests__/fixtures/rsa-pkcs1/README.md), and the password data of
 * GetPasswordData read with every key form a build may hold.
 */

const FIXTURES = path.resolve(__dirname, '../../../../fixtures/rsa-pkcs1');
const read = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const PASSWORD = 'Kiln-W1nd0ws-P@ss!';

describe('rsaPkcs1v15Decrypt', () => {
  it.each([1024, 2048, 4096])("decrypts OpenSSL's PKCS#1 v1.5 ciphertext with a %i-bit key", (bits) => {
    const key = createPrivateKey(read(`key-${bits}.pem`));
    const plain = rsaPkcs1v15Decrypt(key, Buffer.from(read(`password-${bits}.b64`), 'base64'));
    expect(plain.toString('utf8')).toBe(PASSWORD);
  });

  it('keeps UTF-8 bytes and an empty message', () => {
    const key = createPrivateKey(read('key-2048.pem'));
    const utf8 = rsaPkcs1v15Decrypt(key, Buffer.from(read('utf8-2048.b64'), 'base64'));
    expect(utf8.toString('utf8')).toBe(`päss wörd ✓ ${'x'.repeat(40)}`);
    expect(rsaPkcs1v15Decrypt(key, Buffer.from(read('empty-2048.b64'), 'base64'))).toHaveLength(0);
  });

  it('agrees with Node encrypting (publicEncrypt with PKCS#1 padding is still allowed)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    for (const message of ['a', PASSWORD, 'x'.repeat(245)]) {
      const c = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(message));
      expect(rsaPkcs1v15Decrypt(privateKey, c).toString('utf8')).toBe(message);
    }
  });

  it("refuses what is not PKCS#1 v1.5 for this key, with Go's message", () => {
    const key = createPrivateKey(read('key-2048.pem'));
    const good = Buffer.from(read('password-2048.b64'), 'base64');
    const flipped = Buffer.from(good);
    flipped[100] ^= 0x01;
    const bad = [
      Buffer.from(read('oaep-2048.b64'), 'base64'), // another padding
      flipped, // another message: the padding does not survive
      good.subarray(1), // shorter than the modulus
      Buffer.concat([Buffer.alloc(1), good]), // longer
      Buffer.alloc(good.length, 0xff), // larger than the modulus
      Buffer.from(read('password-1024.b64'), 'base64'), // another key's
    ];
    for (const c of bad) expect(() => rsaPkcs1v15Decrypt(key, c)).toThrow(DECRYPTION_ERROR);
  });

  it('refuses a key that is not an RSA private key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    expect(() => rsaPkcs1v15Decrypt(privateKey, Buffer.alloc(32))).toThrow(/not an RSA private key/);
    expect(() => rsaPkcs1v15Decrypt(publicKey, Buffer.alloc(32))).toThrow(/not an RSA private key/);
    const rsaPublic = createPublicKey(read('key-1024.pem'));
    expect(() => rsaPkcs1v15Decrypt(rsaPublic, Buffer.alloc(128))).toThrow(/not an RSA private key/);
  });

  it('computes modular powers', () => {
    expect(modPow(4n, 13n, 497n)).toBe(445n);
    expect(modPow(2n, 0n, 7n)).toBe(1n);
    expect(modPow(5n, 3n, 1n)).toBe(0n);
  });
});

describe('decryptPasswordData', () => {
  const data = read('password-2048.b64');

  it.each(['key-2048.pem', 'key-2048.pkcs8.pem', 'key-2048.openssh'])(
    'reads the password with %s',
    (file) => {
      expect(decryptPasswordData(data, read(file))).toBe(PASSWORD);
    },
  );

  it('accepts the base64 split over lines, as EC2 may send it', () => {
    const wrapped = (data.match(/.{1,76}/g) ?? []).join('\r\n');
    expect(decryptPasswordData(`\n${wrapped}\n`, read('key-2048.pem'))).toBe(PASSWORD);
  });

  it("refuses an encrypted key with Packer's message, and keys that are not RSA", () => {
    expect(() => decryptPasswordData(data, read('key-encrypted.pem'))).toThrow(
      "encrypted private key isn't yet supported",
    );
    expect(() => decryptPasswordData(data, read('key-ed25519.openssh'))).toThrow(
      /ssh-ed25519, not RSA: EC2 encrypts Windows passwords for RSA key pairs only/,
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(() => decryptPasswordData(data, ec.toString())).toThrow(/is ec, not RSA/);
  });

  it('fails on password data made for another key', () => {
    expect(() => decryptPasswordData(read('password-1024.b64'), read('key-2048.pem'))).toThrow(
      DECRYPTION_ERROR,
    );
  });
});
