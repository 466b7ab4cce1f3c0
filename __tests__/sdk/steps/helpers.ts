import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { MapStateBag } from '../../../src/engine/state';
import type { BuildInfo, StepContext, StepsOutcome } from '../../../src/engine/types';

/** What a step said, by level. */
export interface Said {
  readonly say: string[];
  readonly message: string[];
  readonly error: string[];
}

/** A StepContext for running one step by hand, in `cwd`. */
export function stepContext(
  cwd: string,
  over: Partial<BuildInfo> = {},
  signal: AbortSignal = new AbortController().signal,
): { ctx: StepContext; said: Said } {
  const said: Said = { say: [], message: [], error: [] };
  const build: BuildInfo = {
    name: 'qemu.box',
    buildName: 'box',
    builderType: 'qemu',
    runId: 'run-1',
    tempDir: cwd,
    force: false,
    onError: 'cleanup',
    debug: false,
    templateDir: cwd,
    cwd,
    ...over,
  };
  const ctx: StepContext = {
    build,
    signal,
    state: new MapStateBag(),
    ledger: {
      path: path.join(cwd, 'ledger'),
      runId: 'run-1',
      record: () => undefined,
      release: () => undefined,
      outstanding: () => [],
    },
    ui: {
      say: (t) => said.say.push(t),
      message: (t) => said.message.push(t),
      error: (t) => said.error.push(t),
      output: () => undefined,
      addSecret: () => undefined,
    },
  };
  return { ctx, said };
}

export const cleanupContext = (ctx: StepContext, outcome: StepsOutcome) => ({ ...ctx, outcome });

/** A fresh directory, removed by the returned function. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `kiln-${prefix}-`));
}

/** A loopback HTTP server for a test; `requests` lists the paths asked for, in order. */
export async function testServer(
  handler: http.RequestListener,
): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** GET (or another method) on loopback; the status, headers and body as text. */
export function request(
  url: string,
  options: http.RequestOptions = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent: false, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
