import type { Socket } from 'node:net';

import { fixturePath } from '../support/fixtures';
import type { WireChunk } from '../support/plugins';

/**
 * Recorded exchanges with real plugins (__tests__/fixtures/plugins/), and a peer that re-enacts
 * the plugin's side of one: it sends each recorded plugin chunk once Kiln has sent everything that
 * preceded it, and keeps what Kiln sends, to compare byte for byte with the recording.
 */

export interface WireFixture {
  /** Which plugin, at which version and SDK, was recorded. */
  readonly plugin: string;
  /** Its `describe` output. */
  readonly describe: string;
  /** The handshake line it printed. */
  readonly handshake: string;
  readonly wire: readonly WireChunk[];
}

export const DOCKER_WIRE_FIXTURE = fixturePath('plugins', 'docker-v1.1.2-builder-wire.json');

/** What Kiln sent while `peer` played the plugin's side of `wire` (stops early after `timeoutMs`). */
export function replayPlugin(peer: Socket, wire: readonly WireChunk[], timeoutMs = 5000): Promise<Buffer> {
  const received: Buffer[] = [];
  let have = 0;
  let waiter: (() => void) | undefined;
  peer.on('data', (chunk: Buffer) => {
    received.push(chunk);
    have += chunk.length;
    waiter?.();
  });
  const until = (n: number, deadline: number): Promise<boolean> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (have >= n) {
          waiter = undefined;
          clearTimeout(timer);
          resolve(true);
        }
      };
      const timer = setTimeout(
        () => {
          waiter = undefined;
          resolve(false);
        },
        Math.max(deadline - Date.now(), 0),
      );
      waiter = check;
      check();
    });
  return (async () => {
    const deadline = Date.now() + timeoutMs;
    let expected = 0;
    for (const chunk of wire) {
      if (chunk.dir === 'out') {
        expected += chunk.hex.length / 2;
        continue;
      }
      // Kiln has not said (all of) what the plugin answered to: stop, the comparison tells.
      if (!(await until(expected, deadline))) break;
      peer.write(Buffer.from(chunk.hex, 'hex'));
    }
    await until(expected, deadline);
    return Buffer.concat(received);
  })();
}

/** Everything one side sent, in order, as one buffer. */
export const sentBy = (wire: readonly WireChunk[], dir: 'out' | 'in'): Buffer =>
  Buffer.concat(wire.filter((c) => c.dir === dir).map((c) => Buffer.from(c.hex, 'hex')));
