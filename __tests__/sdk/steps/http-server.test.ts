import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import { provisionHookData } from '../../../src/engine/provision-hook-data';
import type { HttpConfig } from '../../../src/schema/common-fields/http';
import { HTTP_IP, HTTP_PORT, httpHookInputs, httpServerStep } from '../../../src/sdk/steps/http-server';
import { candidatePorts } from '../../../src/sdk/steps/port-range';
import { cleanupContext, request, stepContext, tempDir } from './helpers';

const config = (over: Partial<HttpConfig>): HttpConfig => ({
  directory: '',
  content: null,
  portMin: 8000,
  portMax: 9000,
  bindAddress: '127.0.0.1',
  interface: '',
  networkProtocol: 'tcp',
  ...over,
});

/** A free loopback port range of `size` ports (ephemeral ports are rarely taken in a test run). */
async function freeRange(size: number): Promise<{ min: number; max: number }> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const min = Math.min(port, 65535 - size);
  return { min, max: min + size };
}

/** Raw HTTP, for paths a client library would normalise (`/../x`). */
function rawGet(port: number, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

describe('the HTTP server step', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = tempDir('http');
  });
  afterEach(() => fs.rmSync(cwd, { recursive: true, force: true }));

  /** Runs the step, gives its port to `use`, and always cleans up. */
  async function serving(
    cfg: HttpConfig,
    use: (base: string, port: number) => Promise<void>,
  ): Promise<string[]> {
    const { ctx, said } = stepContext(cwd);
    const step = httpServerStep(cfg);
    await step.run(ctx);
    const port = ctx.state.require(HTTP_PORT);
    try {
      await use(`http://127.0.0.1:${port}`, port);
    } finally {
      await step.cleanup?.(cleanupContext(ctx, 'success'));
    }
    return said.say;
  }

  it('runs no server and sets port 0 when there is nothing to serve', async () => {
    const { ctx, said } = stepContext(cwd);
    await httpServerStep(config({ content: {} })).run(ctx);
    expect(ctx.state.require(HTTP_PORT)).toBe(0);
    expect(said.say).toEqual([]);
  });

  describe('http_directory', () => {
    beforeEach(() => {
      fs.mkdirSync(path.join(cwd, 'http', 'sub'), { recursive: true });
      fs.mkdirSync(path.join(cwd, 'http', 'site'));
      fs.writeFileSync(path.join(cwd, 'http', 'ks.cfg'), 'install\nreboot\n');
      fs.writeFileSync(path.join(cwd, 'http', 'sub', 'user-data'), '#cloud-config\n');
      fs.writeFileSync(path.join(cwd, 'http', 'site', 'index.html'), '<html>hi</html>');
      fs.writeFileSync(path.join(cwd, 'secret.txt'), 'outside');
    });

    it('serves files, relative to the working directory', async () => {
      const said = await serving(config({ directory: 'http' }), async (base, port) => {
        const ks = await request(`${base}/ks.cfg`);
        expect(ks.status).toBe(200);
        expect(ks.body).toBe('install\nreboot\n');
        expect(ks.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect((await request(`${base}/sub/user-data`)).body).toBe('#cloud-config\n');
        const head = await request(`${base}/ks.cfg`, { method: 'HEAD' });
        expect([head.status, head.body, head.headers['content-length']]).toEqual([200, '', '15']);
        expect(port).toBeGreaterThanOrEqual(8000);
      });
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/^Starting HTTP server on port \d+$/);
    });

    it('answers 404 for a missing file', async () => {
      await serving(config({ directory: 'http' }), async (base) => {
        const missing = await request(`${base}/nope.cfg`);
        expect([missing.status, missing.body]).toEqual([404, '404 page not found\n']);
      });
    });

    it('redirects a directory to its slash form, serves its index.html, and lists one without', async () => {
      await serving(config({ directory: 'http' }), async (base) => {
        const bare = await request(`${base}/sub`);
        expect([bare.status, bare.headers.location]).toEqual([301, 'sub/']);
        const listing = await request(`${base}/sub/`);
        expect(listing.status).toBe(200);
        expect(listing.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(listing.body).toContain('<a href="user-data">user-data</a>');
        expect((await request(`${base}/site/`)).body).toBe('<html>hi</html>');
        const index = await request(`${base}/site/index.html`);
        expect([index.status, index.headers.location]).toEqual([301, './']);
        const fileWithSlash = await request(`${base}/ks.cfg/`);
        expect([fileWithSlash.status, fileWithSlash.headers.location]).toEqual([301, '../ks.cfg']);
      });
    });

    it('serves a byte range', async () => {
      await serving(config({ directory: 'http' }), async (base) => {
        const part = await request(`${base}/ks.cfg`, { headers: { range: 'bytes=8-13' } });
        expect([part.status, part.body, part.headers['content-range']]).toEqual([
          206,
          'reboot',
          'bytes 8-13/15',
        ]);
      });
    });

    it.each([
      '/../secret.txt',
      '/../../../../etc/passwd',
      '/%2e%2e/secret.txt',
      '/sub/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/sub/%2E%2E/%2E%2E/secret.txt',
    ])('never leaves the directory (%s)', async (target) => {
      await serving(config({ directory: 'http' }), async (_base, port) => {
        const response = await rawGet(port, target);
        expect(response).not.toContain('outside');
        expect(response).not.toContain('root:');
        expect(response).toMatch(/^HTTP\/1\.1 (404|400)/);
      });
    });

    it('refuses a directory that does not exist', async () => {
      const { ctx } = stepContext(cwd);
      await expect(httpServerStep(config({ directory: 'missing' })).run(ctx)).rejects.toThrow(
        'Error finding "missing": stat missing: no such file or directory',
      );
    });
  });

  describe('http_content', () => {
    const content = { '/ks.cfg': 'install\n', '/cloud/user-data': '#cloud-config\n' };

    it('serves each path', async () => {
      await serving(config({ content }), async (base) => {
        expect((await request(`${base}/ks.cfg`)).body).toBe('install\n');
        expect((await request(`${base}/cloud/user-data`)).body).toBe('#cloud-config\n');
        // Cleaned as Packer cleans it.
        expect((await request(`${base}/cloud/./user-data`)).body).toBe('#cloud-config\n');
      });
    });

    it('answers 404 with a suggestion for a near miss', async () => {
      await serving(config({ content }), async (base, port) => {
        const near = await request(`${base}/ks.cgf`);
        expect([near.status, near.body]).toEqual([404, '/ks.cgf not found. Did you mean "/ks.cfg"?\n']);
        const far = await request(`${base}/nothing-like-it`);
        expect([far.status, far.body]).toEqual([404, '/nothing-like-it not found.\n']);
        expect(await rawGet(port, '/../ks.cfg')).toContain('install');
      });
    });
  });

  describe('ports', () => {
    it('picks a port within [min, max)', async () => {
      const range = await freeRange(20);
      await serving(
        config({ content: { '/a': 'b' }, portMin: range.min, portMax: range.max }),
        async (_b, port) => {
          expect(port).toBeGreaterThanOrEqual(range.min);
          expect(port).toBeLessThan(range.max);
        },
      );
    });

    it('uses exactly the port when min and max are equal', async () => {
      const { min } = await freeRange(1);
      await serving(config({ content: { '/a': 'b' }, portMin: min, portMax: min }), async (_b, port) => {
        expect(port).toBe(min);
      });
    });

    it('skips busy ports and fails once every port of the range is taken', async () => {
      // Every port of the range but the last held here; a range where another process holds one
      // (the whole suite runs in parallel) is given up for another.
      const listen = (s: net.Server, p: number) =>
        new Promise<void>((resolve, reject) => {
          s.once('error', reject);
          s.listen(p, '127.0.0.1', () => resolve());
        });
      const blockers: net.Server[] = [];
      let range = await freeRange(3);
      for (let attempt = 0; ; attempt++) {
        try {
          for (let p = range.min; p < range.max - 1; p++) {
            const s = net.createServer();
            await listen(s, p);
            blockers.push(s);
          }
          break;
        } catch (err) {
          for (const s of blockers.splice(0)) await new Promise((resolve) => s.close(resolve));
          if (attempt >= 10) throw err;
          range = await freeRange(3);
        }
      }
      try {
        const cfg = config({ content: { '/a': 'b' }, portMin: range.min, portMax: range.max });
        await serving(cfg, async (_b, port) => expect(port).toBe(range.max - 1));

        const last = net.createServer();
        await listen(last, range.max - 1);
        blockers.push(last);
        const { ctx } = stepContext(cwd);
        const step = httpServerStep(cfg);
        await expect(step.run(ctx)).rejects.toThrow(
          new RegExp(
            `^Error finding port: no free port from ${range.min} to ${range.max - 1} on 127\\.0\\.0\\.1 \\(port \\d+ cannot be opened: listen tcp 127\\.0\\.0\\.1:\\d+: bind: address already in use\\)$`,
          ),
        );
        await step.cleanup?.(cleanupContext(ctx, 'failed'));
        expect(ctx.state.get(HTTP_PORT)).toBeUndefined();
      } finally {
        for (const s of blockers) await new Promise((resolve) => s.close(resolve));
      }
    });

    it('tries each port of the range once, in some order', () => {
      const ports = candidatePorts(8000, 8010);
      expect([...ports].sort((a, b) => a - b)).toEqual([
        8000, 8001, 8002, 8003, 8004, 8005, 8006, 8007, 8008, 8009,
      ]);
      expect(candidatePorts(9000, 9000)).toEqual([9000]);
    });
  });

  it('stops serving in cleanup, open connections included', async () => {
    const { ctx } = stepContext(cwd);
    const step = httpServerStep(config({ content: { '/a': 'b' } }));
    await step.run(ctx);
    const port = ctx.state.require(HTTP_PORT);
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await step.cleanup?.(cleanupContext(ctx, 'success'));
    await closed;
    await expect(request(`http://127.0.0.1:${port}/a`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it("gives a builder's provision step the port and the address it found", async () => {
    const { ctx } = stepContext(cwd);
    expect(httpHookInputs(ctx.state)).toEqual({});
    ctx.state.set(HTTP_PORT, 8123);
    expect(httpHookInputs(ctx.state)).toEqual({ port: 8123 });
    const data = () => provisionHookData({ runId: 'r', http: httpHookInputs(ctx.state) });
    expect([data().PackerHTTPPort, data().PackerHTTPAddr]).toEqual([
      '8123',
      'ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER',
    ]);
    ctx.state.set(HTTP_IP, '10.0.2.2');
    expect(httpHookInputs(ctx.state)).toEqual({ ip: '10.0.2.2', port: 8123 });
    expect(data()).toMatchObject({
      PackerHTTPIP: '10.0.2.2',
      PackerHTTPPort: '8123',
      PackerHTTPAddr: '10.0.2.2:8123',
    });
  });
});
