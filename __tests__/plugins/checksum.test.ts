import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { UnsupportedProtocolError } from '../../src/plugins/describe';
import { checksumMatches } from '../../src/plugins/discovery/checksum';
import { describeInstalled } from '../../src/plugins/discovery/described';
import { tempDir } from '../support/temp';

/**
 * An installed plugin's checksum (plugins/discovery/checksum.ts): checked against its _SHA256SUM
 * as Packer checks it, and remembered by the file's identity on disk so that a later run does not
 * read an unchanged 40 MB binary again — while any change to the binary or its checksum file is
 * still seen.
 */

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function installed(content = 'plugin binary v1'): { binary: string; dir: string } {
  const dir = tempDir('kiln-checksum-');
  const binary = path.join(dir, 'packer-plugin-x_v1.0.0_x5.0_linux_amd64');
  fs.writeFileSync(binary, content);
  fs.writeFileSync(`${binary}_SHA256SUM`, sha(content));
  return { binary, dir };
}

describe('checksumMatches', () => {
  const noCache = { cacheDirectory: undefined };

  it("is true only when the binary's digest is the one its _SHA256SUM names", () => {
    const { binary } = installed();
    expect(checksumMatches(binary, noCache)).toBe(true);
    fs.writeFileSync(`${binary}_SHA256SUM`, sha('something else'));
    expect(checksumMatches(binary, noCache)).toBe(false);
    fs.writeFileSync(`${binary}_SHA256SUM`, 'not a digest');
    expect(checksumMatches(binary, noCache)).toBe(false);
    fs.rmSync(`${binary}_SHA256SUM`);
    expect(checksumMatches(binary, noCache)).toBe(false);
  });

  it('accepts the digest in upper case and with a file name after it, as Packer reads the first 64 characters', () => {
    const { binary } = installed();
    fs.writeFileSync(`${binary}_SHA256SUM`, `${sha('plugin binary v1').toUpperCase()}  packer-plugin-x\n`);
    expect(checksumMatches(binary, noCache)).toBe(true);
  });

  it('hashes a binary larger than its read buffer whole', () => {
    const dir = tempDir('kiln-checksum-');
    const binary = path.join(dir, 'big');
    const data = Buffer.alloc(3 * (1 << 20) + 12345, 7);
    data[data.length - 1] = 1;
    fs.writeFileSync(binary, data);
    fs.writeFileSync(`${binary}_SHA256SUM`, sha(data));
    expect(checksumMatches(binary, noCache)).toBe(true);
    data[data.length - 1] = 2;
    fs.writeFileSync(binary, data);
    expect(checksumMatches(binary, noCache)).toBe(false);
  });

  describe('with a cache', () => {
    it('reads an unchanged binary once: a later check takes its remembered digest', () => {
      const { binary } = installed();
      const cache = tempDir('kiln-checksum-cache-');
      expect(checksumMatches(binary, { cacheDirectory: cache })).toBe(true);
      const entries = fs.readdirSync(cache);
      expect(entries).toHaveLength(1);
      const entry = path.join(cache, entries[0]);
      expect(fs.statSync(entry).mode & 0o777).toBe(0o600);
      const remembered = JSON.parse(fs.readFileSync(entry, 'utf8')) as { identity: string; sha256: string };
      expect(remembered.sha256).toBe(sha('plugin binary v1'));

      // Proof that the binary is not read again: a remembered digest for the same identity decides.
      fs.writeFileSync(entry, JSON.stringify({ ...remembered, sha256: sha('another binary') }));
      expect(checksumMatches(binary, { cacheDirectory: cache })).toBe(false);
      expect(checksumMatches(binary, { cacheDirectory: undefined })).toBe(true);
    });

    it('sees a binary rewritten since (even to the same size) and a changed _SHA256SUM', () => {
      const { binary } = installed('plugin binary v1');
      const cache = tempDir('kiln-checksum-cache-');
      expect(checksumMatches(binary, { cacheDirectory: cache })).toBe(true);
      fs.writeFileSync(binary, 'plugin binary v2');
      expect(checksumMatches(binary, { cacheDirectory: cache })).toBe(false);
      fs.writeFileSync(`${binary}_SHA256SUM`, sha('plugin binary v2'));
      expect(checksumMatches(binary, { cacheDirectory: cache })).toBe(true);
      fs.writeFileSync(`${binary}_SHA256SUM`, sha('plugin binary v1'));
      expect(checksumMatches(binary, { cacheDirectory: cache })).toBe(false);
    });

    it('hashes again when the entry is unreadable, and works without a writable cache', () => {
      const { binary } = installed();
      const cache = tempDir('kiln-checksum-cache-');
      expect(checksumMatches(binary, { cacheDirectory: cache })).toBe(true);
      const [entry] = fs.readdirSync(cache);
      fs.writeFileSync(path.join(cache, entry), '{not json');
      expect(checksumMatches(binary, { cacheDirectory: cache })).toBe(true);
      expect(checksumMatches(binary, { cacheDirectory: path.join(cache, 'missing', 'dir') })).toBe(true);
    });
  });
});

describe('describeInstalled', () => {
  const DESCRIPTION =
    '{"version":"1.0.0","sdk_version":"0.6.10","api_version":"x5.0","builders":["-packer-default-plugin-name-"],' +
    '"post_processors":[],"provisioners":[],"datasources":[],"protocol_version":"v2"}';

  /** A plugin binary that counts its `describe` runs and prints `output`. */
  function plugin(output: string): { binary: string; runs: () => number } {
    const dir = tempDir('kiln-described-');
    const binary = path.join(dir, 'packer-plugin-x_v1.0.0_x5.0_linux_amd64');
    const count = path.join(dir, 'runs');
    fs.writeFileSync(binary, `#!/bin/sh\necho run >> '${count}'\ncat <<'JSON'\n${output}\nJSON\n`, {
      mode: 0o755,
    });
    return {
      binary,
      runs: () => (fs.existsSync(count) ? fs.readFileSync(count, 'utf8').split('\n').length - 1 : 0),
    };
  }

  it('runs describe once per binary content: a later run reads the remembered output, checked the same way', async () => {
    const p = plugin(DESCRIPTION);
    const cache = tempDir('kiln-described-cache-');
    const digest = sha(fs.readFileSync(p.binary));
    const first = await describeInstalled(p.binary, digest, { cacheDirectory: cache });
    expect(first).toMatchObject({
      version: '1.0.0',
      protocolVersion: 'v2',
      builders: ['-packer-default-plugin-name-'],
    });
    expect(p.runs()).toBe(1);
    expect(await describeInstalled(p.binary, digest, { cacheDirectory: cache })).toEqual(first);
    expect(p.runs()).toBe(1);
    // Another content is another entry.
    expect(await describeInstalled(p.binary, sha('other'), { cacheDirectory: cache })).toEqual(first);
    expect(p.runs()).toBe(2);
    // Without a cache, describe runs every time.
    await describeInstalled(p.binary, digest, { cacheDirectory: undefined });
    expect(p.runs()).toBe(3);
  });

  it('keeps no output that is not a description, and a remembered refusal refuses again', async () => {
    const bad = plugin('not json');
    const cache = tempDir('kiln-described-cache-');
    const digest = sha(fs.readFileSync(bad.binary));
    await expect(describeInstalled(bad.binary, digest, { cacheDirectory: cache })).rejects.toThrow(
      'failed to get plugin description from executable',
    );
    await expect(describeInstalled(bad.binary, digest, { cacheDirectory: cache })).rejects.toThrow();
    expect(bad.runs()).toBe(2);
    expect(fs.readdirSync(cache)).toEqual([]);

    const old = plugin(DESCRIPTION.replace('"0.6.10"', '"0.5.2"').replace(',"protocol_version":"v2"', ''));
    const oldDigest = sha(fs.readFileSync(old.binary));
    const refused = describeInstalled(old.binary, oldDigest, {
      cacheDirectory: cache,
      source: 'github.com/acme/x',
    });
    await expect(refused).rejects.toBeInstanceOf(UnsupportedProtocolError);
    await expect(
      describeInstalled(old.binary, oldDigest, { cacheDirectory: cache, source: 'github.com/acme/x' }),
    ).rejects.toBeInstanceOf(UnsupportedProtocolError);
    expect(old.runs()).toBe(1);
  });
});
