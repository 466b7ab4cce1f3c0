import { createHash, randomUUID } from 'node:crypto';
import { StringType } from '../../values/types';
import { Value } from '../../values/value';
import { FunctionError } from './function';
import { registerFamily } from './index';

/** uuidv4() and uuidv5(namespace, name) as go-cty-funcs implements them with google/uuid. */

const NAMESPACES: ReadonlyMap<string, string> = new Map([
  ['dns', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'],
  ['url', '6ba7b811-9dad-11d1-80b4-00c04fd430c8'],
  ['oid', '6ba7b812-9dad-11d1-80b4-00c04fd430c8'],
  ['x500', '6ba7b814-9dad-11d1-80b4-00c04fd430c8'],
]);

/** google/uuid.Parse: plain, {braced}, urn:uuid: prefixed, or 32 bare hex digits. Returns 16 bytes. */
export function parseUuid(s: string): Buffer {
  let body: string;
  switch (s.length) {
    case 36:
      body = s;
      break;
    case 45:
      if (s.slice(0, 9).toLowerCase() !== 'urn:uuid:')
        throw new Error(`invalid urn prefix: "${s.slice(0, 9)}"`);
      body = s.slice(9);
      break;
    case 38:
      if (s[0] !== '{' || s[37] !== '}') throw new Error('invalid bracketed UUID format');
      body = s.slice(1, 37);
      break;
    case 32:
      if (!/^[0-9a-fA-F]{32}$/.test(s)) throw new Error('invalid UUID format');
      return Buffer.from(s, 'hex');
    default:
      throw new Error(`invalid UUID length: ${Buffer.byteLength(s, 'utf8')}`);
  }
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(body)) {
    throw new Error('invalid UUID format');
  }
  return Buffer.from(body.replace(/-/g, ''), 'hex');
}

function formatUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function uuidV5(namespace: Buffer, name: string): string {
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest().subarray(0, 16);
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  return formatUuid(Buffer.from(hash));
}

registerFamily((table) => {
  table.set('uuidv4', {
    params: [],
    returnType: () => StringType,
    impl: () => Value.string(randomUUID()),
  });
  table.set('uuidv5', {
    params: [
      { name: 'namespace', type: StringType },
      { name: 'name', type: StringType },
    ],
    returnType: () => StringType,
    impl: (args) => {
      const ns = args[0].asString();
      let nsBytes: Buffer;
      try {
        nsBytes = parseUuid(NAMESPACES.get(ns) ?? ns);
      } catch (e) {
        throw new FunctionError(`uuidv5() doesn't support namespace ${ns} (${(e as Error).message})`);
      }
      return Value.string(uuidV5(nsBytes, args[1].asString()));
    },
  });
});
