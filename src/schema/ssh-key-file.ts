import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';

/**
 * What the SDK's communicator Prepare checks about `ssh_private_key_file` and
 * `ssh_certificate_file` (and their bastion twins): the path expands `~`, the file exists, holds an
 * unencrypted PEM private key that golang.org/x/crypto/ssh can parse, and a certificate, when given,
 * is a currently valid OpenSSH user certificate. Messages are the Go ones, as Packer prints them.
 */

/** pathing.ExpandUser: `~` and `~name/...` (only the current user's name can be looked up here). */
export function expandUser(path: string): { ok: true; path: string } | { ok: false; message: string } {
  if (!path.startsWith('~')) return { ok: true, path };
  const sep = path.search(/[/\\]/);
  const end = sep < 0 ? path.length : sep;
  const name = path.slice(0, end);
  const me = os.userInfo();
  if (name !== '~' && name.slice(1) !== me.username) {
    return { ok: false, message: `user: unknown user ${name.slice(1)}` };
  }
  return { ok: true, path: me.homedir + path.slice(end) };
}

/** Go's os.Stat / os.Open error text for a Node error: `stat x: no such file or directory`. */
function goFileError(op: string, path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    ENOTDIR: 'not a directory',
    EISDIR: 'is a directory',
    ELOOP: 'too many levels of symbolic links',
    ENAMETOOLONG: 'file name too long',
  };
  return `${op} ${path}: ${(code && reasons[code]) ?? (e as Error).message}`;
}

/**
 * The problem with a private key file (and optional certificate) as prepareSSH words it, without
 * its "ssh_private_key_file is invalid: " prefix; undefined when the key is usable.
 */
export function privateKeyFileProblem(keyFile: string, certificateFile: string): string | undefined {
  const expanded = expandUser(keyFile);
  if (!expanded.ok) return expanded.message;
  const path = expanded.path;
  try {
    fs.statSync(path);
  } catch (e) {
    return goFileError('stat', path, e);
  }
  const keyProblem = parsePrivateKeyFile(path);
  if (keyProblem !== undefined) return `Error setting up SSH config: ${keyProblem}`;
  if (certificateFile === '') return undefined;
  const cert = expandUser(certificateFile);
  // The SDK formats this one with Ruby-style "#{err}", which Go prints literally.
  if (!cert.ok) return 'invalid identity certificate: #{err}';
  return certificateProblem(cert.path);
}

interface PemBlock {
  readonly type: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly bytes: Buffer;
  readonly text: string;
}

/** encoding/pem's Decode, enough of it to find the first block, its headers and its body. */
function pemDecode(text: string): PemBlock | undefined {
  const m = /-----BEGIN ([^\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return undefined;
  const headers = new Map<string, string>();
  let body = m[2];
  const headerEnd = body.search(/\r?\n\r?\n/);
  if (headerEnd >= 0 && /^[A-Za-z-]+:/.test(body)) {
    for (const line of body.slice(0, headerEnd).split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    }
    body = body.slice(headerEnd).trimStart();
  }
  if (!/^[A-Za-z0-9+/=\s]*$/.test(body)) return undefined;
  return { type: m[1], headers, bytes: Buffer.from(body.replace(/\s+/g, ''), 'base64'), text: m[0] };
}

/** The SDK's parseKeyFile then ssh.ParsePrivateKey; the problem, or undefined. */
function parsePrivateKeyFile(path: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path, 'latin1');
  } catch (e) {
    return goFileError('open', path, e);
  }
  const block = pemDecode(text);
  if (!block) return `Failed to read key '${path}': no key found`;
  if (block.headers.get('Proc-Type') === '4,ENCRYPTED') {
    return `Failed to read key '${path}': password protected keys are\nnot supported. Please decrypt the key prior to use.`;
  }
  switch (block.type) {
    case 'RSA PRIVATE KEY':
    case 'PRIVATE KEY':
    case 'EC PRIVATE KEY':
    case 'DSA PRIVATE KEY':
      try {
        crypto.createPrivateKey({ key: block.text, format: 'pem' });
        return undefined;
      } catch {
        return 'x509: failed to parse private key';
      }
    case 'OPENSSH PRIVATE KEY':
      return openSSHKeyProblem(block.bytes);
    default:
      return `ssh: unsupported key type "${block.type}"`;
  }
}

/** Reads SSH wire-format fields (RFC 4251): uint32-length-prefixed strings and big-endian integers. */
class WireReader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}
  string(): Buffer | undefined {
    if (this.offset + 4 > this.buf.length) return undefined;
    const n = this.buf.readUInt32BE(this.offset);
    if (this.offset + 4 + n > this.buf.length) return undefined;
    const out = this.buf.subarray(this.offset + 4, this.offset + 4 + n);
    this.offset += 4 + n;
    return out;
  }
  uint32(): number | undefined {
    if (this.offset + 4 > this.buf.length) return undefined;
    const n = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return n;
  }
  uint64(): bigint | undefined {
    if (this.offset + 8 > this.buf.length) return undefined;
    const n = this.buf.readBigUInt64BE(this.offset);
    this.offset += 8;
    return n;
  }
}

const OPENSSH_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');

/** x/crypto/ssh's parseOpenSSHPrivateKey up to what decides usability: the format and the cipher. */
function openSSHKeyProblem(bytes: Buffer): string | undefined {
  if (bytes.length < OPENSSH_MAGIC.length || !bytes.subarray(0, OPENSSH_MAGIC.length).equals(OPENSSH_MAGIC)) {
    return 'ssh: invalid openssh private key format';
  }
  const r = new WireReader(bytes.subarray(OPENSSH_MAGIC.length));
  const cipher = r.string();
  const kdf = r.string();
  if (cipher === undefined || kdf === undefined) return 'ssh: invalid openssh private key format';
  if (cipher.toString('latin1') !== 'none' || kdf.toString('latin1') !== 'none') {
    return 'ssh: this private key is passphrase protected';
  }
  return undefined;
}

/** Public key fields after the nonce in an OpenSSH certificate, by certificate key type. */
const CERT_KEY_FIELDS: Readonly<Record<string, number>> = {
  'ssh-rsa-cert-v01@openssh.com': 2, // e, n
  'ssh-dss-cert-v01@openssh.com': 4, // p, q, g, y
  'ecdsa-sha2-nistp256-cert-v01@openssh.com': 2, // curve, point
  'ecdsa-sha2-nistp384-cert-v01@openssh.com': 2,
  'ecdsa-sha2-nistp521-cert-v01@openssh.com': 2,
  'ssh-ed25519-cert-v01@openssh.com': 1, // key
  'sk-ecdsa-sha2-nistp256-cert-v01@openssh.com': 3, // curve, point, application
  'sk-ssh-ed25519-cert-v01@openssh.com': 2, // key, application
};

const CERT_TIME_INFINITY = 2n ** 64n - 1n;

/** The SDK's ReadCertificate: readable, an authorized_keys line holding a certificate, valid now. */
function certificateProblem(path: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path, 'latin1');
  } catch (e) {
    return `unable to read certificate file: ${goFileError('open', path, e)}`;
  }
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const fields = line?.trim().split(/\s+/) ?? [];
  const keyType = fields[0];
  const blob =
    fields[1] !== undefined && /^[A-Za-z0-9+/]+=*$/.test(fields[1])
      ? Buffer.from(fields[1], 'base64')
      : undefined;
  if (keyType === undefined || blob === undefined) return 'unable to parse public key: ssh: no key found';
  const keyFields = CERT_KEY_FIELDS[keyType];
  if (keyFields === undefined) return 'Error loading certificate';

  const r = new WireReader(blob);
  const declared = r.string();
  r.string(); // nonce
  for (let i = 0; i < keyFields; i++) r.string();
  r.uint64(); // serial
  r.uint32(); // certificate type
  r.string(); // key id
  r.string(); // valid principals
  const validAfter = r.uint64();
  const validBefore = r.uint64();
  if (declared?.toString('latin1') !== keyType || validAfter === undefined || validBefore === undefined) {
    return 'unable to parse public key: ssh: short read';
  }
  const now = BigInt(Math.floor(Date.now() / 1000));
  // Go converts the unsigned times to int64, so a time beyond 2^63 reads as negative.
  const signed = (v: bigint): bigint => BigInt.asIntN(64, v);
  if (signed(validAfter) < 0n || now < signed(validAfter))
    return `${path} not a valid cert: ssh: cert is not yet valid`;
  if (validBefore !== CERT_TIME_INFINITY && (now >= signed(validBefore) || signed(validBefore) < 0n)) {
    return `${path} not a valid cert: ssh: cert has expired`;
  }
  return undefined;
}
