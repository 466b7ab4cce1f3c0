import { generateKeyPairSync, publicEncrypt, constants } from 'node:crypto';
import bcryptjs from 'bcryptjs';
import { StringType } from '../../../src/values/types';
import { Value } from '../../../src/values/value';
import { callError, caller, num, str } from './family-harness';

const call = caller();

describe('hash functions', () => {
  it('hash the UTF-8 bytes to lowercase hex', () => {
    expect(call('md5', str('hello')).asString()).toBe('5d41402abc4b2a76b9719d911017c592');
    expect(call('sha1', str('hello')).asString()).toBe('aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d');
    expect(call('sha256', str('')).asString()).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(call('sha512', str('ü')).asString()).toHaveLength(128);
  });
  it('propagates unknowns and rejects null', () => {
    expect(call('md5', Value.unknown(StringType)).isKnown()).toBe(false);
    expect(() => call('md5', Value.nullOf(StringType))).toThrow('argument must not be null');
  });
});

describe('bcrypt', () => {
  it('produces a $2a$ hash with the default cost 10 that verifies', () => {
    const h = call('bcrypt', str('secret')).asString();
    expect(h).toMatch(/^\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(bcryptjs.compareSync('secret', h)).toBe(true);
  });
  it('honours the cost, raising costs below 4 to the default as Go does', () => {
    expect(call('bcrypt', str('x'), num(5)).asString()).toMatch(/^\$2a\$05\$/);
    expect(call('bcrypt', str('x'), num(3)).asString()).toMatch(/^\$2a\$10\$/);
  });
  it('reports bad costs and argument counts', () => {
    expect(callError(() => call('bcrypt', str('x'), num(32)))).toBe(
      'error occured generating password crypto/bcrypt: cost 32 is outside allowed range (4,31)',
    );
    expect(callError(() => call('bcrypt', str('x'), num(1.5)))).toMatch(/^value must be a whole number/);
    expect(callError(() => call('bcrypt', str('x'), num(4), num(4)))).toBe(
      'bcrypt() takes no more than two arguments',
    );
    expect(callError(() => call('bcrypt', str('x'.repeat(73))))).toMatch(/password length exceeds 72 bytes/);
  });
});

describe('rsadecrypt', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
  const encrypt = (text: string): string =>
    publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(text)).toString(
      'base64',
    );

  it('decrypts PKCS#1 v1.5 ciphertext with a PKCS#1 PEM key', () => {
    expect(call('rsadecrypt', str(encrypt('hëllo')), str(pem)).asString()).toBe('hëllo');
    expect(call('rsadecrypt', str(encrypt('x')), str(`junk before\n${pem}`)).asString()).toBe('x');
  });
  it('reports Packer errors', () => {
    expect(callError(() => call('rsadecrypt', str('abc'), str(pem)))).toBe(
      'failed to decode input "abc": cipher text must be base64-encoded',
    );
    expect(callError(() => call('rsadecrypt', str(encrypt('x')), str('nope')))).toBe(
      'failed to parse key: no key found',
    );
    const pkcs8 = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(callError(() => call('rsadecrypt', str(encrypt('x')), str(pkcs8)))).toBe(
      'x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)',
    );
    expect(callError(() => call('rsadecrypt', str(Buffer.alloc(128, 1).toString('base64')), str(pem)))).toBe(
      'crypto/rsa: decryption error',
    );
    const encrypted = pem.replace(
      '-----BEGIN RSA PRIVATE KEY-----\n',
      '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\n',
    );
    expect(callError(() => call('rsadecrypt', str(encrypt('x')), str(encrypted)))).toMatch(
      /password protected keys/,
    );
  });
});
