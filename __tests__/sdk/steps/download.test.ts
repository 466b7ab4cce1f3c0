import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type * as http from 'node:http';
import * as path from 'node:path';

import { CancelledError } from '../../../src/engine/abort';
import { ISO_PATH, SOURCE_IMAGE_URL, downloadStep, isoDownloadStep } from '../../../src/sdk/steps/download';
import { packerCacheDir } from '../../../src/sdk/steps/packer-cache';
import { stepContext, tempDir, testServer } from './helpers';

const IMAGE = randomBytes(300 * 1024);
const OTHER = randomBytes(1024);
const hex = (type: string, data: Buffer = IMAGE): string => createHash(type).update(data).digest('hex');
const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

const GNU_SUMS = `${hex('sha256', OTHER)}  other.iso\n${hex('sha256')} *disk.iso\n`;
const BSD_SUMS = `SHA512 (other.iso) = ${hex('sha512', OTHER)}\nSHA512 (disk.iso) = ${hex('sha512')}\n`;

/** Serves the image and checksum files; `/stall/disk.iso` sends part of the image and then waits. */
function routes(req: http.IncomingMessage, res: http.ServerResponse): void {
  switch (req.url) {
    case '/img/disk.iso':
    case '/mirror/disk.iso':
      res.writeHead(200, { 'content-length': IMAGE.length });
      return void res.end(IMAGE);
    case '/img/SHA256SUMS':
      return void res.end(GNU_SUMS);
    case '/img/CHECKSUM.bsd':
      return void res.end(BSD_SUMS);
    case '/img/SHA1SUMS':
      return void res.end(`${hex('sha1', OTHER)}  other.iso\n`);
    case '/moved/disk.iso':
      res.writeHead(302, { location: '/img/disk.iso' });
      return void res.end();
    case '/corrupt/disk.iso': {
      const bad = Buffer.from(IMAGE);
      bad[1000] ^= 0xff;
      return void res.end(bad);
    }
    case '/drop/disk.iso':
      res.writeHead(200, { 'content-length': IMAGE.length });
      res.write(IMAGE.subarray(0, 1000), () => res.destroy());
      return;
    case '/stall/disk.iso':
      res.writeHead(200, { 'content-length': IMAGE.length });
      res.write(IMAGE.subarray(0, 100 * 1024));
      return; // never ends: the client cancels
    default:
      res.writeHead(404);
      res.end('not found');
  }
}

describe('the download step', () => {
  let cwd: string;
  let cache: string;
  let server: Awaited<ReturnType<typeof testServer>>;
  const env = () => ({ PACKER_CACHE_DIR: cache });

  beforeEach(async () => {
    cwd = tempDir('download');
    cache = path.join(cwd, 'cache');
    server = await testServer(routes);
  });
  afterEach(async () => {
    await server.close();
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  async function download(urls: string[], checksum: string, extra: object = {}) {
    const { ctx, said } = stepContext(cwd);
    await downloadStep({ urls, checksum, extension: 'iso', env: env(), ...extra }).run(ctx);
    return { file: ctx.state.require(ISO_PATH), used: ctx.state.require(SOURCE_IMAGE_URL), said };
  }

  const forms = {
    prefixed: (type: string) => `${type}:${hex(type)}`,
    'upper-case': (type: string) => `${type.toUpperCase()}:${hex(type).toUpperCase()}`,
    bare: (type: string) => hex(type),
  };
  it.each(
    ['md5', 'sha1', 'sha256', 'sha512'].flatMap((type) =>
      (Object.keys(forms) as (keyof typeof forms)[]).map((form) => [type, form] as const),
    ),
  )('verifies a %s checksum written %s, and caches the file under sha1(type:hex)', async (type, form) => {
    const checksum = forms[form](type);
    const url = `${server.url}/img/disk.iso`;
    const { file, used, said } = await download([url], checksum);
    const key = `${type}:${hex(type)}`;
    expect(file).toBe(path.join(cache, `${sha1(key)}.iso`));
    expect(fs.readFileSync(file).equals(IMAGE)).toBe(true);
    expect(used).toBe(url);
    const shown = `${url}?checksum=${encodeURIComponent(key)}`;
    expect(said.say).toEqual(['Retrieving ISO', `Trying ${url}`, `Trying ${shown}`, `${shown} => ${file}`]);
    // Nothing else is left in the cache (no temporary file).
    expect(fs.readdirSync(cache)).toEqual([path.basename(file)]);
  });

  it.each([
    ['GNU format', 'SHA256SUMS', 'sha256'],
    ['BSD format', 'CHECKSUM.bsd', 'sha512'],
  ])('finds the checksum in a %s checksum file served over HTTP', async (_format, name, type) => {
    const { file } = await download([`${server.url}/img/disk.iso`], `file:${server.url}/img/${name}`);
    expect(file).toBe(path.join(cache, `${sha1(`${type}:${hex(type)}`)}.iso`));
  });

  it.each([
    ['a plain path', (p: string) => p],
    ['a file:// URL', (p: string) => `file://${p}`],
    ['a relative path', () => './sums/SHA256SUMS'],
    ['a relative file:// URL', () => 'file://./sums/SHA256SUMS'],
  ])('reads a local checksum file given as %s', async (_how, ref) => {
    fs.mkdirSync(path.join(cwd, 'sums'));
    const sums = path.join(cwd, 'sums', 'SHA256SUMS');
    fs.writeFileSync(sums, GNU_SUMS);
    const { file } = await download([`${server.url}/img/disk.iso`], `file:${ref(sums)}`);
    expect(fs.readFileSync(file).equals(IMAGE)).toBe(true);
  });

  it('reads a BSD checksum file from a local path', async () => {
    fs.writeFileSync(path.join(cwd, 'CHECKSUM'), BSD_SUMS);
    const { file } = await download([`${server.url}/img/disk.iso`], `file:${path.join(cwd, 'CHECKSUM')}`);
    expect(path.basename(file)).toBe(`${sha1(`sha512:${hex('sha512')}`)}.iso`);
  });

  it('says when a checksum file has no entry for the file', async () => {
    const sums = `${server.url}/img/SHA1SUMS`;
    await expect(download([`${server.url}/img/disk.iso`], `file:${sums}`)).rejects.toThrow(
      `no checksum found in: ${sums} in "file:${sums}"`,
    );
  });

  it('says when a checksum file cannot be fetched', async () => {
    const sums = `${server.url}/img/NOSUMS`;
    await expect(download([`${server.url}/img/disk.iso`], `file:${sums}`)).rejects.toThrow(
      `Error downloading checksum file: bad response code: 404 in "file:${sums}"`,
    );
  });

  it("gives go-getter's error on a mismatch and keeps nothing of the download", async () => {
    const checksum = `sha256:${hex('sha256')}`;
    const { ctx, said } = stepContext(cwd);
    const step = downloadStep({
      urls: [`${server.url}/corrupt/disk.iso`],
      checksum,
      extension: 'iso',
      env: env(),
    });
    const target = path.join(cache, `${sha1(checksum)}.iso`);
    const bad = Buffer.from(IMAGE);
    bad[1000] ^= 0xff;
    await expect(step.run(ctx)).rejects.toThrow(
      `error downloading ISO: [Checksums did not match for ${target}.\nExpected: ${hex('sha256')}\nGot: ${hex('sha256', bad)}\n*sha256.digest]`,
    );
    expect(said.say).toContain(`Checksum did not match, removing ${target}`);
    expect(fs.readdirSync(cache)).toEqual([]);
    expect(ctx.state.get(ISO_PATH)).toBeUndefined();
  });

  it('uses the cached file on a second run without any request', async () => {
    const url = `${server.url}/img/disk.iso`;
    const first = await download([url], `sha256:${hex('sha256')}`);
    expect(server.requests).toEqual(['/img/disk.iso']);
    const second = await download([url], hex('sha256'));
    expect(second.file).toBe(first.file);
    expect(server.requests).toEqual(['/img/disk.iso']);
  });

  it('downloads again over a cached file that no longer matches', async () => {
    const url = `${server.url}/img/disk.iso`;
    const { file } = await download([url], hex('sha256'));
    fs.writeFileSync(file, 'damaged');
    await download([url], hex('sha256'));
    expect(server.requests).toHaveLength(2);
    expect(fs.readFileSync(file).equals(IMAGE)).toBe(true);
  });

  it('is cancelled mid-download by the signal and leaves no partial file', async () => {
    const controller = new AbortController();
    const { ctx } = stepContext(cwd, {}, controller.signal);
    const step = downloadStep({
      urls: [`${server.url}/stall/disk.iso`],
      checksum: hex('sha256'),
      env: env(),
    });
    const running = step.run(ctx);
    // Wait until part of the image has been written, then cancel.
    for (;;) {
      const partial = fs.existsSync(cache) ? fs.readdirSync(cache) : [];
      if (partial.length > 0 && fs.statSync(path.join(cache, partial[0])).size > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    expect(fs.readdirSync(cache)).toEqual([]);
  });

  it('treats a connection that drops mid-download as a failure and keeps nothing of it', async () => {
    const url = `${server.url}/drop/disk.iso`;
    await expect(download([url], hex('sha256'))).rejects.toThrow(
      `error downloading ISO: [${url}: unexpected EOF]`,
    );
    expect(fs.readdirSync(cache)).toEqual([]);
  });

  it('downloads once for builds of one run that want the same file at the same time', async () => {
    const url = `${server.url}/img/disk.iso`;
    const [a, b] = await Promise.all([download([url], hex('sha256')), download([url], hex('sha256'))]);
    expect(a.file).toBe(b.file);
    expect(server.requests).toEqual(['/img/disk.iso']);
  });

  it('falls back to the next URL when one fails, and says why', async () => {
    const urls = [`${server.url}/missing/disk.iso`, `${server.url}/mirror/disk.iso`];
    const { used, said } = await download(urls, hex('sha256'));
    expect(used).toBe(urls[1]);
    expect(said.say).toContain('Download failed bad response code: 404');
  });

  it('lists every error when no URL works', async () => {
    const urls = [`${server.url}/missing/a.iso`, 'http://127.0.0.1:1/b.iso', 'ftp://example.com/c.iso'];
    await expect(download(urls, 'none')).rejects.toThrow(
      /^error downloading ISO: \[bad response code: 404 Get "http:\/\/127\.0\.0\.1:1\/b\.iso": .*ECONNREFUSED.* Kiln downloads http, https and local files, not ftp: ftp:\/\/example\.com\/c\.iso\]$/,
    );
  });

  it('follows redirects', async () => {
    const { file } = await download([`${server.url}/moved/disk.iso`], hex('md5'));
    expect(fs.readFileSync(file).equals(IMAGE)).toBe(true);
  });

  it('without a checksum names the cache file after the URL and downloads every time', async () => {
    const url = `${server.url}/img/disk.iso`;
    const { file } = await download([url], 'none');
    expect(file).toBe(path.join(cache, `${sha1(url)}.iso`));
    await download([url], 'none');
    expect(server.requests).toHaveLength(2);
  });

  it('reports progress in at most ten messages', async () => {
    const { said } = await download([`${server.url}/img/disk.iso`], hex('sha1'));
    expect(said.message.length).toBeGreaterThan(0);
    expect(said.message.length).toBeLessThanOrEqual(10);
    expect(said.message[said.message.length - 1]).toBe('disk.iso: 100% (300.0 KiB of 300.0 KiB)');
  });

  it('saves to iso_target_path: a file, or a directory when it has no extension', async () => {
    const url = `${server.url}/img/disk.iso`;
    const asFile = await download([url], hex('sha1'), { targetPath: 'images/ubuntu.img' });
    expect(asFile.file).toBe(path.join(cwd, 'images/ubuntu.img'));
    const asDir = await download([url], hex('sha1'), { targetPath: 'isos', extension: '' });
    expect(asDir.file).toBe(path.join(cwd, 'isos', `${sha1(`sha1:${hex('sha1')}`)}.iso`));
  });

  describe('local files', () => {
    it.each([
      ['a plain path', (p: string) => p],
      ['a relative path', () => 'disk.iso'],
      ['a file:// URL', (p: string) => `file://${p}`],
    ])('are used in place, given as %s, after checking their checksum', async (_how, ref) => {
      const local = path.join(cwd, 'disk.iso');
      fs.writeFileSync(local, IMAGE);
      const { file } = await download([ref(local)], `sha256:${hex('sha256')}`);
      expect(file).toBe(local);
      expect(fs.existsSync(cache)).toBe(false);
    });

    it('that do not match are refused and left alone', async () => {
      const local = path.join(cwd, 'disk.iso');
      fs.writeFileSync(local, OTHER);
      await expect(download([local], hex('sha256'))).rejects.toThrow(
        `error downloading ISO: [Checksums did not match for ${local}.\nExpected: ${hex('sha256')}\nGot: ${hex('sha256', OTHER)}\n*sha256.digest]`,
      );
      expect(fs.existsSync(local)).toBe(true);
    });

    it('that are missing are an error', async () => {
      const local = path.join(cwd, 'nope.iso');
      await expect(download([local], 'none')).rejects.toThrow(
        `error downloading ISO: [source path error: stat ${local}: no such file or directory]`,
      );
    });
  });

  it('takes an ISOConfig as the builder decoded it', async () => {
    const { ctx } = stepContext(cwd);
    const url = `${server.url}/img/disk.iso`;
    await isoDownloadStep(
      { urls: [url], checksum: hex('sha256'), targetPath: '', targetExtension: 'img' },
      env(),
    ).run(ctx);
    expect(ctx.state.require(ISO_PATH)).toBe(path.join(cache, `${sha1(`sha256:${hex('sha256')}`)}.img`));
  });

  it('rejects a checksum it cannot read before trying any URL', async () => {
    await expect(download([`${server.url}/img/disk.iso`], 'sha256:xyz')).rejects.toThrow(
      `invalid checksum: encoding/hex: invalid byte: U+0078 'x' in "sha256:xyz"`,
    );
    expect(server.requests).toEqual([]);
  });

  it('does nothing without URLs', async () => {
    const { ctx, said } = stepContext(cwd);
    await downloadStep({ urls: [], checksum: 'none' }).run(ctx);
    expect(said.say).toEqual([]);
    expect(ctx.state.get(ISO_PATH)).toBeUndefined();
  });
});

describe("Packer's cache directory", () => {
  it('is PACKER_CACHE_DIR, relative to the working directory', () => {
    expect(packerCacheDir({ PACKER_CACHE_DIR: 'pc', HOME: '/home/u' }, '/work', 'linux')).toBe('/work/pc');
    expect(packerCacheDir({ PACKER_CACHE_DIR: '/abs' }, '/work', 'linux')).toBe('/abs');
  });

  it('is else $XDG_CACHE_HOME/packer or ~/.cache/packer on Unix, ./packer_cache on Windows', () => {
    expect(packerCacheDir({ XDG_CACHE_HOME: '/xdg', HOME: '/home/u' }, '/work', 'linux')).toBe('/xdg/packer');
    expect(packerCacheDir({ HOME: '/home/u' }, '/work', 'darwin')).toBe('/home/u/.cache/packer');
    expect(packerCacheDir({ HOME: '/home/u' }, '/work', 'win32')).toBe(path.resolve('/work', 'packer_cache'));
  });
});
