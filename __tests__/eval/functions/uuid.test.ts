import { callError, caller, str } from './family-harness';

const call = caller();

describe('uuidv4', () => {
  it('returns a random version-4 UUID', () => {
    const a = call('uuidv4').asString();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(call('uuidv4').asString()).not.toBe(a);
  });
});

describe('uuidv5', () => {
  it('hashes with the named namespaces (Terraform documentation values)', () => {
    expect(call('uuidv5', str('dns'), str('www.terraform.io')).asString()).toBe(
      'a5008fae-b28c-5ba5-96cd-82b4c53552d6',
    );
    expect(call('uuidv5', str('url'), str('https://www.terraform.io/')).asString()).toBe(
      '9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5',
    );
    expect(call('uuidv5', str('oid'), str('1.3.6.1.4')).asString()).toBe(
      'af9d40a5-7a36-5c07-b23a-851cd99fbfa5',
    );
    expect(call('uuidv5', str('x500'), str('CN=Example')).asString()).toBe(
      'fc36744a-3783-5ebd-aac6-5c7766b1e223',
    );
  });
  it('accepts a UUID namespace in any google/uuid form', () => {
    const dns = call('uuidv5', str('dns'), str('x')).asString();
    for (const ns of [
      '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
      '{6ba7b810-9dad-11d1-80b4-00c04fd430c8}',
      'urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8',
      '6ba7b8109dad11d180b400c04fd430c8',
    ]) {
      expect(call('uuidv5', str(ns), str('x')).asString()).toBe(dns);
    }
  });
  it('rejects unknown namespaces with Packer wording', () => {
    expect(callError(() => call('uuidv5', str('foo'), str('x')))).toBe(
      "uuidv5() doesn't support namespace foo (invalid UUID length: 3)",
    );
    expect(callError(() => call('uuidv5', str('6ba7b810-9dad-11d1-80b4-00c04fd430cz'), str('x')))).toMatch(
      /invalid UUID format/,
    );
    expect(callError(() => call('uuidv5', str('dns')))).toBe(
      'wrong number of arguments (2 required; 1 given)',
    );
  });
});
