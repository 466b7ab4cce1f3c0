import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

import { CancelledError, errorMessage } from '../../engine/abort';
import { errnoText } from '../../engine/file-errors';
import { type StateBag, type Step, StateKey } from '../../engine/types';
import type { HttpConfig } from '../../schema/common-fields/http';
import { contentHandler, directoryHandler } from './http-file-server';
import { listenInRange } from './port-range';

/**
 * Packer's commonsteps.StepHTTPServer: serves `http_directory` or `http_content` to the machine
 * being built, on a free port of [http_port_min, http_port_max) at http_bind_address, and stops in
 * cleanup. With neither option set no server runs and the port is 0, as in Packer.
 */

/** The server's port (Packer's state "http_port"); 0 when no server runs. */
export const HTTP_PORT = new StateKey<number>('http_port');
/**
 * The address the machine reaches the server at (Packer's state "http_ip"). Not set by this step: a
 * builder's IP discovery step sets it (qemu's user network gives 10.0.2.2, vmware the host's vmnet
 * address...), because only the builder knows how its machine sees the host.
 */
export const HTTP_IP = new StateKey<string>('http_ip');

export function httpServerStep(config: HttpConfig): Step {
  let server: http.Server | undefined;
  let port = 0;
  return {
    name: 'http server',
    async run(ctx) {
      const content =
        config.content !== null && Object.keys(config.content).length > 0 ? config.content : null;
      if (config.directory === '' && content === null) {
        ctx.state.set(HTTP_PORT, 0);
        return;
      }
      let handler;
      if (config.directory !== '') {
        // Go's http.Dir resolves a relative directory against the working directory.
        const root = path.resolve(ctx.build.cwd, config.directory);
        try {
          await fs.promises.stat(root);
        } catch (e) {
          throw new Error(
            `Error finding ${JSON.stringify(config.directory)}: stat ${config.directory}: ${errnoText(e)}`,
          );
        }
        handler = directoryHandler(root);
      } else {
        handler = contentHandler(content ?? {});
      }
      const created = http.createServer(handler);
      try {
        port = await listenInRange(
          created,
          {
            min: config.portMin,
            max: config.portMax,
            address: config.bindAddress,
            network: config.networkProtocol,
          },
          ctx.signal,
        );
      } catch (e) {
        if (e instanceof CancelledError) throw e;
        throw new Error(`Error finding port: ${errorMessage(e)}`);
      }
      server = created;
      ctx.ui.say(`Starting HTTP server on port ${port}`);
      ctx.state.set(HTTP_PORT, port);
    },
    async cleanup(ctx) {
      if (server === undefined) return;
      const stopping = server;
      server = undefined;
      // Packer closes the listener only; open keep-alive connections are closed too so that nothing
      // of the server outlives the build.
      const closed = new Promise<void>((resolve, reject) =>
        stopping.close((e) => (e ? reject(e) : resolve())),
      );
      stopping.closeAllConnections();
      try {
        await closed;
      } catch (e) {
        ctx.ui.error(`Failed closing http server on port ${port}: ${errorMessage(e)}`);
      }
    },
  };
}

/**
 * What a builder's provision step passes to provisionHookData as `http` (Packer's
 * PopulateProvisionHookData reads the same two state entries): PackerHTTPPort once the server
 * step ran, PackerHTTPIP once the builder found its address.
 */
export function httpHookInputs(state: StateBag): { readonly ip?: string; readonly port?: number } {
  const port = state.get(HTTP_PORT);
  const ip = state.get(HTTP_IP);
  return { ...(ip !== undefined ? { ip } : {}), ...(port !== undefined ? { port } : {}) };
}
