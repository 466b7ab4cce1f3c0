import * as fs from 'fs';
import * as path from 'path';

import { parseSha256Sums } from '../../../src/plugins/install/checksums';
import { proxyFor } from '../../../src/plugins/install/http';
import { formatLockFile, lockFilePath, readLockFile } from '../../../src/plugins/install/lock-file';
import { tempDir } from '../../support/temp';

describe('the lock file', () => {
  const lock = new Map([
    [
      'github.com/hashicorp/docker',
      {
        source: 'github.com/hashicorp/docker',
        version: '1.1.2',
        constraints: '~> 1.1',
        hashes: ['h1:AAAA', 'zh:' + 'ab'.repeat(32)],
      },
    ],
    ['github.com/a/b', { source: 'github.com/a/b', version: '0.1.0', constraints: '', hashes: ['h1:BBBB'] }],
  ]);

  it("is written in Terraform's layout, plugins sorted, and reads back the same", () => {
    const text = formatLockFile(lock);
    expect(text).toBe(
      '# This file is maintained automatically by "kiln init".\n# Manual edits may be lost in future updates.\n\n' +
        'plugin "github.com/a/b" {\n  version     = "0.1.0"\n  hashes = [\n    "h1:BBBB",\n  ]\n}\n\n' +
        'plugin "github.com/hashicorp/docker" {\n  version     = "1.1.2"\n  constraints = "~> 1.1"\n  hashes = [\n' +
        `    "h1:AAAA",\n    "zh:${'ab'.repeat(32)}",\n  ]\n}\n`,
    );
    const dir = tempDir('kiln-lock-');
    fs.writeFileSync(path.join(dir, '.kiln.lock.hcl'), text);
    expect(readLockFile(path.join(dir, '.kiln.lock.hcl'))).toEqual(lock);
  });

  it('is absent when there is no file, and a broken one names its problem and line', () => {
    const dir = tempDir('kiln-lock-');
    expect(readLockFile(path.join(dir, '.kiln.lock.hcl'))).toBeUndefined();
    fs.writeFileSync(path.join(dir, '.kiln.lock.hcl'), 'plugin "x/y/z" {\n  hashes = 3\n}\n');
    expect(() => readLockFile(path.join(dir, '.kiln.lock.hcl'))).toThrow(
      /not a valid lock file:[\s\S]*version/,
    );
  });

  it('sits beside a template file, or in a template directory', () => {
    const dir = tempDir('kiln-lock-');
    fs.writeFileSync(path.join(dir, 'a.pkr.hcl'), '');
    expect(lockFilePath('a.pkr.hcl', dir)).toBe(path.join(dir, '.kiln.lock.hcl'));
    expect(lockFilePath('.', dir)).toBe(path.join(dir, '.kiln.lock.hcl'));
  });
});

describe('SHA256SUMS', () => {
  it('reads sha256sum lines, binary-mode stars and all, and skips anything else', () => {
    const d = 'c'.repeat(64);
    expect(parseSha256Sums(`${d}  a.zip\n${d.toUpperCase()} *b.zip\n\nnot a line\nshort  c.zip\n`)).toEqual([
      { filename: 'a.zip', sha256: d },
      { filename: 'b.zip', sha256: d },
    ]);
  });
});

describe('proxies from the environment (as Go reads them)', () => {
  const url = (u: string): URL => new URL(u);
  it('HTTPS_PROXY for https, HTTP_PROXY for http, lowercase names too, a scheme added when missing', () => {
    expect(proxyFor(url('https://releases.hashicorp.com/x'), { HTTPS_PROXY: 'http://p:3128' })).toBe(
      'http://p:3128',
    );
    expect(proxyFor(url('https://releases.hashicorp.com/x'), { https_proxy: 'p:3128' })).toBe(
      'http://p:3128',
    );
    expect(
      proxyFor(url('https://releases.hashicorp.com/x'), { HTTP_PROXY: 'http://p:3128' }),
    ).toBeUndefined();
    expect(proxyFor(url('http://mirror.local/x'), { HTTP_PROXY: 'http://p:3128' })).toBe('http://p:3128');
  });
  it('never for loopback; NO_PROXY by name, subdomain, leading dot, port, CIDR and *', () => {
    const env = (no: string): Record<string, string> => ({ HTTPS_PROXY: 'http://p:1', NO_PROXY: no });
    expect(proxyFor(url('https://127.0.0.1:8443/'), env(''))).toBeUndefined();
    expect(proxyFor(url('https://localhost/'), env(''))).toBeUndefined();
    expect(proxyFor(url('https://github.com/'), env('github.com'))).toBeUndefined();
    expect(proxyFor(url('https://api.github.com/'), env('github.com'))).toBeUndefined();
    expect(proxyFor(url('https://api.github.com/'), env('.github.com'))).toBeUndefined();
    expect(proxyFor(url('https://github.com/'), env('.github.com'))).toBe('http://p:1');
    expect(proxyFor(url('https://notgithub.com/'), env('github.com'))).toBe('http://p:1');
    expect(proxyFor(url('https://mirror:8443/'), env('mirror:8443'))).toBeUndefined();
    expect(proxyFor(url('https://mirror/'), env('mirror:8443'))).toBe('http://p:1');
    expect(proxyFor(url('https://10.1.2.3/'), env('10.0.0.0/8'))).toBeUndefined();
    expect(proxyFor(url('https://11.1.2.3/'), env('10.0.0.0/8'))).toBe('http://p:1');
    expect(proxyFor(url('https://anything/'), env('*'))).toBeUndefined();
  });
});
