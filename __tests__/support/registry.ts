import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import bcrypt from 'bcryptjs';

import { freePort, waitUntil } from './net';

export interface Registry {
  /** host:port on 127.0.0.1 */
  readonly address: string;
  stop(): void;
}

/**
 * A docker-registry on 127.0.0.1 (Debian's docker-registry package) for push and login tests;
 * with `users`, it requires basic authentication against a bcrypt htpasswd file.
 */
export async function startRegistry(users?: Record<string, string>): Promise<Registry> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-registry-'));
  const config = path.join(dir, 'config.yml');
  let auth = '';
  if (users) {
    const htpasswd = path.join(dir, 'htpasswd');
    fs.writeFileSync(
      htpasswd,
      Object.entries(users)
        .map(([u, p]) => `${u}:${bcrypt.hashSync(p, 5)}\n`)
        .join(''),
    );
    auth = `auth:\n  htpasswd:\n    realm: kiln-test\n    path: ${htpasswd}\n`;
  }
  fs.writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n${auth}`,
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  const address = `127.0.0.1:${port}`;
  await waitUntil(() =>
    fetch(`http://${address}/v2/`).then(
      (r) => r.ok || r.status === 401,
      () => false,
    ),
  );
  return {
    address,
    stop: () => {
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
