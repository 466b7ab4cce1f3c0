/**
 * Entry point of the remote worker process. HCL functions are synchronous and HTTP clients are
 * not, so remote.ts starts this program with spawnSync for each call and waits for its reply (see
 * remote-protocol.ts for the messages). Bundled on its own as dist/remote-worker/index.js, which
 * carries the AWS SDK: the action runs without node_modules, and the CLI never loads the SDK.
 */
import type { RemoteReply, RemoteRequest } from './remote-protocol';
import { readConsulKey, readVaultSecret } from './remote-http';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function perform(req: RemoteRequest): Promise<RemoteReply> {
  switch (req.kind) {
    case 'consul':
      return readConsulKey(req, req.timeoutMs);
    case 'vault':
      return readVaultSecret(req, req.timeoutMs);
    case 'aws': {
      // Loaded only for this kind: the SDK costs far more to load than the other requests take.
      const { getSecretValue } = await import('./remote-aws');
      return getSecretValue(req, req.timeoutMs);
    }
    default:
      return {
        ok: false,
        error: `unknown remote request kind ${JSON.stringify((req as { kind?: unknown }).kind)}`,
      };
  }
}

async function main(): Promise<void> {
  let reply: RemoteReply;
  try {
    reply = await perform(JSON.parse(await readStdin()) as RemoteRequest);
  } catch (e) {
    reply = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  // Exit once the reply is written: pooled sockets (the SDK keeps some) would keep Node alive.
  process.stdout.write(`${JSON.stringify(reply)}\n`, () => process.exit(0));
}

void main();
