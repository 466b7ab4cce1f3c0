import * as fs from 'node:fs';
import * as path from 'node:path';

import { MAGIC_COOKIE_VALUE, PluginStartError, startPlugin } from '../../src/plugins/process';
import { tempDir } from '../support/temp';
import { readBytes } from './support';

/**
 * The plugin process against a fake plugin binary (a Node script) that behaves as the SDK's
 * plugin.Server does, or misbehaves on request: crash, hang, garbage on stdout.
 */

jest.setTimeout(15_000);

const dir = tempDir('kiln-plugin-process-');
const FAKE = path.join(dir, 'packer-plugin-fake');
fs.writeFileSync(
  FAKE,
  `#!${process.execPath}
const net = require('net');
const fs = require('fs');
const mode = process.env.FAKE_MODE || 'serve';
const args = process.argv.slice(2).join(' ');
if (process.env.PACKER_PLUGIN_MAGIC_COOKIE !== '${MAGIC_COOKIE_VALUE}') {
  console.error('Please do not execute plugins directly. Packer will execute these for you.');
  process.exit(1);
}
console.error('[INFO] args: ' + args);
if (mode === 'crash') { console.error('panic: runtime error: invalid memory address'); process.exit(2); }
if (mode === 'hang') { setInterval(() => {}, 1000); return; }
if (mode === 'garbage') { console.log('hello there'); setInterval(() => {}, 1000); return; }
const ignoreSignals = () => { process.on('SIGTERM', () => {}); process.on('SIGINT', () => {}); };
const server = net.createServer((c) => {
  c.write('ready:' + args);
  c.on('data', () => {});
  c.on('error', () => {});
  // As the SDK: serving one connection; when it ends, so does the plugin (unless told to linger).
  c.on('close', () => { if (mode !== 'linger') { server.close(); process.exit(0); } });
});
ignoreSignals();
if (mode === 'tcp') {
  server.listen(Number(process.env.PACKER_PLUGIN_MIN_PORT), '127.0.0.1', () =>
    console.log('5|0|tcp|127.0.0.1:' + server.address().port));
} else {
  const sock = process.env.FAKE_SOCKET;
  server.listen(sock, () => console.log('5|0|unix|' + sock));
}
`,
  { mode: 0o755 },
);

let n = 0;
const start = (mode: string, extra: { startTimeoutMs?: number; onStderr?: (l: string) => void } = {}) =>
  startPlugin({
    binary: FAKE,
    kind: 'builder',
    name: '-packer-default-plugin-name-',
    label: 'fake',
    env: { FAKE_MODE: mode, FAKE_SOCKET: path.join(dir, `sock-${n++}`) },
    minPort: 0,
    maxPort: 0,
    ...extra,
  });

describe('plugin process', () => {
  it('starts with the cookie and the Packer arguments, connects, logs stderr, and reaps on close', async () => {
    const log: string[] = [];
    const p = await start('serve', { onStderr: (l) => log.push(l) });
    expect(p.handshake.network).toBe('unix');
    const hello = 'ready:start builder --protobuf -packer-default-plugin-name-';
    expect((await readBytes(p.socket, hello.length)).toString()).toBe(hello);
    await p.close();
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(log).toEqual(['[INFO] args: start builder --protobuf -packer-default-plugin-name-']);
    expect(fs.existsSync(p.handshake.address)).toBe(false);
  });

  it('connects over TCP when the plugin listens there', async () => {
    const p = await start('tcp');
    expect(p.handshake.network).toBe('tcp');
    expect((await readBytes(p.socket, 6)).toString()).toBe('ready:');
    await p.close();
  });

  it('kills a plugin that does not exit when its connection closes', async () => {
    const p = await start('linger');
    const t0 = Date.now();
    await p.close(200);
    expect(await p.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('names the plugin, its exit status and its last words when it crashes before the handshake', async () => {
    const failure = start('crash');
    await expect(failure).rejects.toBeInstanceOf(PluginStartError);
    await expect(failure).rejects.toThrow(
      `fake plugin (${FAKE} start builder -packer-default-plugin-name-): plugin exited before we could connect ` +
        '(exit status 2)\nPlugin output:\n[INFO] args: start builder --protobuf -packer-default-plugin-name-\n' +
        'panic: runtime error: invalid memory address',
    );
  });

  it('gives up on a plugin that never answers, and kills it', async () => {
    const t0 = Date.now();
    await expect(start('hang', { startTimeoutMs: 300 })).rejects.toThrow(
      /^fake plugin \(.*\): timeout while waiting for plugin to start\nPlugin output:/,
    );
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("refuses a first line that is not a handshake, with Packer's message", async () => {
    await expect(start('garbage')).rejects.toThrow('Unrecognized remote plugin message: hello there');
  });

  it('reports a binary that cannot be run', async () => {
    await expect(
      startPlugin({ binary: path.join(dir, 'missing'), kind: 'builder', name: 'x', label: 'missing' }),
    ).rejects.toThrow(/^missing plugin \(.*missing start builder x\): spawn .*ENOENT/);
  });
});
