import * as fs from 'node:fs';
import * as path from 'node:path';

import { PluginCrashError, launchComponent } from '../../src/plugins/launch';
import { MAGIC_COOKIE_KEY } from '../../src/plugins/process';
import { tempDir } from '../support/temp';

/**
 * A plugin that dies mid-call. The fake speaks just enough yamux by hand to accept the broker's
 * stream 0 (the ACK frame and the 4-byte id ack), then panics on the first RPC request, as a Go
 * plugin with a nil dereference in Prepare would.
 */

jest.setTimeout(15_000);

const dir = tempDir('kiln-plugin-launch-');
const FAKE = path.join(dir, 'packer-plugin-crashy');
fs.writeFileSync(
  FAKE,
  `#!${process.execPath}
const net = require('net');
if (!process.env.${MAGIC_COOKIE_KEY}) process.exit(1);
const sock = process.env.FAKE_SOCKET;
const server = net.createServer((c) => {
  let got = 0;
  let acked = false;
  c.on('data', (d) => {
    got += d.length;
    // Kiln's SYN window update (12 bytes) and the data frame carrying id 0 (12 + 4).
    if (!acked && got >= 28) {
      acked = true;
      c.write(Buffer.from('000100020000000100000000' + '000000000000000100000004' + '00000000', 'hex'));
    } else if (acked && got > 28) {
      console.error('panic: runtime error: invalid memory address or nil pointer dereference');
      console.error('goroutine 1 [running]:');
      process.exit(2);
    }
  });
});
server.listen(sock, () => console.log('5|0|unix|' + sock));
`,
  { mode: 0o755 },
);

it('reports a plugin that dies during a call by its name, exit status and last output', async () => {
  const component = await launchComponent({
    binary: FAKE,
    kind: 'builder',
    name: 'crashy',
    label: 'crashy',
    env: { FAKE_SOCKET: path.join(dir, 'sock') },
  });
  try {
    const call = component.call('Builder.Prepare', { Configs: [] });
    await expect(call).rejects.toBeInstanceOf(PluginCrashError);
    await expect(call).rejects.toThrow(
      'crashy plugin exited unexpectedly (exit status 2)\nPlugin output:\n' +
        'panic: runtime error: invalid memory address or nil pointer dereference\ngoroutine 1 [running]:',
    );
  } finally {
    await component.close();
  }
});
