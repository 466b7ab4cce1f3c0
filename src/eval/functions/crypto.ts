import { createHash, createPrivateKey, randomBytes } from 'node:crypto';
import bcryptjs from 'bcryptjs';
import { NumberType, StringType } from '../../values/types';
import { Value } from '../../values/value';
import { FunctionError, type FunctionSpec } from './function';
import { registerFamily } from './index';
import { goInt } from './support/go-int';
import { decodeStdBase64 } from './support/base64';

/**
 * Hashing and encryption functions (go-cty-funcs crypto package): md5, sha1, sha256, sha512 hash the
 * UTF-8 bytes of a string to lowercase hex; bcrypt hashes a password; rsadecrypt decrypts
 * PKCS#1 v1.5 ciphertext with a PKCS#1 PEM private key.
 */

function stringHash(algorithm: string): FunctionSpec {
  return {
    params: [{ name: 'str', type: StringType }],
    returnType: () => StringType,
    impl: (args) => Value.string(createHash(algorithm).update(args[0].asString(), 'utf8').digest('hex')),
  };
}

// Go's bcrypt silently raises costs below its minimum to the default, and rejects costs above 31.
const BCRYPT_MIN_COST = 4;
const BCRYPT_MAX_COST = 31;
const BCRYPT_DEFAULT_COST = 10;
const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** bcrypt's own base64 (no padding, its alphabet), as used for the 16-byte salt. */
function bcryptBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i];
    const b1 = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const b2 = i + 2 < bytes.length ? bytes[i + 2] : 0;
    out += BCRYPT_ALPHABET[b0 >> 2] + BCRYPT_ALPHABET[((b0 & 3) << 4) | (b1 >> 4)];
    if (i + 1 < bytes.length) out += BCRYPT_ALPHABET[((b1 & 15) << 2) | (b2 >> 6)];
    if (i + 2 < bytes.length) out += BCRYPT_ALPHABET[b2 & 63];
  }
  return out;
}

const bcryptSpec: FunctionSpec = {
  params: [{ name: 'str', type: StringType }],
  varParam: { name: 'cost', type: NumberType },
  returnType: () => StringType,
  impl: (args) => {
    let cost = BigInt(BCRYPT_DEFAULT_COST);
    if (args.length > 1) {
      try {
        cost = goInt(args[1]);
      } catch (e) {
        throw new FunctionError((e as Error).message);
      }
    }
    if (args.length > 2) throw new FunctionError('bcrypt() takes no more than two arguments');
    const password = args[0].asString();
    if (Buffer.byteLength(password, 'utf8') > 72) {
      throw new FunctionError('error occured generating password bcrypt: password length exceeds 72 bytes');
    }
    if (cost > BigInt(BCRYPT_MAX_COST)) {
      throw new FunctionError(
        `error occured generating password crypto/bcrypt: cost ${cost} is outside allowed range (${BCRYPT_MIN_COST},${BCRYPT_MAX_COST})`,
      );
    }
    const rounds = cost < BigInt(BCRYPT_MIN_COST) ? BCRYPT_DEFAULT_COST : Number(cost);
    // Go emits the "$2a$" variant; build the salt ourselves so the prefix matches.
    const salt = `$2a$${String(rounds).padStart(2, '0')}$${bcryptBase64(randomBytes(16))}`;
    return Value.string(bcryptjs.hashSync(password, salt));
  },
};

/** Extracts the first PEM block (Go's pem.Decode skips anything before it). */
function firstPemBlock(
  text: string,
): { type: string; headers: Map<string, string>; der: Buffer } | undefined {
  const m = /-----BEGIN ([^-\r\n]*)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return undefined;
  const headers = new Map<string, string>();
  const lines = m[2].split(/\r?\n/);
  let i = 0;
  for (; i < lines.length; i++) {
    const h = /^([^:\s]+):\s*(.*)$/.exec(lines[i]);
    if (!h) break;
    headers.set(h[1], h[2]);
  }
  const body = lines.slice(i).join('').replace(/\s+/g, '');
  return { type: m[1], headers, der: Buffer.from(body, 'base64') };
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

function b64urlToBigInt(s: string): bigint {
  const hex = Buffer.from(s, 'base64url').toString('hex');
  return hex === '' ? 0n : BigInt(`0x${hex}`);
}

/** Reads one DER header at `at`: [tag, offset of contents, content length]. */
function derHeader(der: Buffer, at: number): [number, number, number] | undefined {
  if (at + 2 > der.length) return undefined;
  const tag = der[at];
  let len = der[at + 1];
  let off = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || off + n > der.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[off + i];
    off += n;
  }
  return [tag, off, len];
}

/** True when the DER has PKCS#1's shape: SEQUENCE { INTEGER version, INTEGER modulus, ... }. */
function looksLikePkcs1(der: Buffer): boolean {
  const outer = derHeader(der, 0);
  if (!outer || outer[0] !== 0x30) return false;
  const version = derHeader(der, outer[1]);
  if (!version || version[0] !== 0x02) return false;
  const modulus = derHeader(der, version[1] + version[2]);
  return modulus !== undefined && modulus[0] === 0x02;
}

function parsePkcs1PrivateKey(der: Buffer): { n: bigint; d: bigint; size: number } {
  let key;
  try {
    // OpenSSL would also accept PKCS#8 here; Go's ParsePKCS1PrivateKey does not.
    if (!looksLikePkcs1(der)) throw new Error('not PKCS#1');
    key = createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  } catch {
    // Go suggests the right parser when the DER is another known private-key format.
    for (const [type, hint] of [
      ['sec1', 'ParseECPrivateKey'],
      ['pkcs8', 'ParsePKCS8PrivateKey'],
    ] as const) {
      try {
        createPrivateKey({ key: der, format: 'der', type });
        throw new FunctionError(
          `x509: failed to parse private key (use ${hint} instead for this key format)`,
        );
      } catch (e) {
        if (e instanceof FunctionError) throw e;
      }
    }
    throw new FunctionError('x509: failed to parse private key: malformed PKCS#1 structure');
  }
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.n !== 'string' || typeof jwk.d !== 'string') {
    throw new FunctionError('x509: failed to parse private key');
  }
  const n = b64urlToBigInt(jwk.n);
  return { n, d: b64urlToBigInt(jwk.d), size: Buffer.from(jwk.n, 'base64url').length };
}

/**
 * RSA with PKCS#1 v1.5 padding done by hand: recent Node releases refuse PKCS#1 v1.5 private
 * decryption (the Marvin attack mitigation), but Packer supports it, so we must too.
 */
function rsaDecryptPkcs1v15(ciphertext: Buffer, key: { n: bigint; d: bigint; size: number }): Buffer {
  const fail = (): never => {
    throw new FunctionError('crypto/rsa: decryption error');
  };
  if (ciphertext.length > key.size || key.size < 11) fail();
  const c = ciphertext.length === 0 ? 0n : BigInt(`0x${ciphertext.toString('hex')}`);
  if (c >= key.n) fail();
  const m = modPow(c, key.d, key.n);
  const em = Buffer.from(m.toString(16).padStart(key.size * 2, '0'), 'hex');
  if (em[0] !== 0 || em[1] !== 2) fail();
  const sep = em.indexOf(0, 2);
  if (sep < 10) fail();
  return em.subarray(sep + 1);
}

const rsadecryptSpec: FunctionSpec = {
  params: [
    { name: 'ciphertext', type: StringType },
    { name: 'privatekey', type: StringType },
  ],
  returnType: () => StringType,
  impl: (args) => {
    const s = args[0].asString();
    const bytes = decodeStdBase64(s);
    if (bytes === undefined) {
      throw new FunctionError(
        `failed to decode input ${JSON.stringify(s)}: cipher text must be base64-encoded`,
      );
    }
    const block = firstPemBlock(args[1].asString());
    if (!block) throw new FunctionError('failed to parse key: no key found');
    if (block.headers.get('Proc-Type') === '4,ENCRYPTED') {
      throw new FunctionError(
        'failed to parse key: password protected keys are not supported. Please decrypt the key prior to use',
      );
    }
    const plain = rsaDecryptPkcs1v15(bytes, parsePkcs1PrivateKey(block.der));
    return Value.string(plain.toString('utf8'));
  },
};

registerFamily((table) => {
  table.set('md5', stringHash('md5'));
  table.set('sha1', stringHash('sha1'));
  table.set('sha256', stringHash('sha256'));
  table.set('sha512', stringHash('sha512'));
  table.set('bcrypt', bcryptSpec);
  table.set('rsadecrypt', rsadecryptSpec);
});
