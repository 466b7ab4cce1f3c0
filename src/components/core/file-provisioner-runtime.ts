import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';

import type { ProvisionerRuntime } from '../../engine/types';
import type { BREAKPOINT_FIELDS, FILE_FIELDS } from './provisioners';
import { createFileWriteStream, makeDirectory } from '../../engine/file-errors';

/**
 * The `file` provisioner, as Packer runs it: uploads (or, with direction = "download", downloads)
 * files and directories through the build's communicator. A destination ending in `/` is a
 * directory that receives the source under its own name; a source directory ending in `/` sends
 * its contents rather than itself.
 */
export const FILE_PROVISIONER: ProvisionerRuntime<typeof FILE_FIELDS> = {
  type: 'file',
  async provision(config, ctx) {
    const view = config.view;
    const destination = view.string('destination') ?? '';
    const sources = [
      ...(view.string('source') ? [view.string('source') as string] : []),
      ...(view.strings('sources') ?? []),
    ];
    const content = view.string('content');
    const { communicator, signal } = ctx;

    if (view.string('direction') === 'download') {
      for (const src of sources) {
        const local = path.resolve(ctx.build.cwd, destination);
        ctx.ui.say(`Downloading ${src} => ${destination}`);
        if (src.endsWith('/')) {
          await communicator.downloadDir(src, local, [], signal);
          continue;
        }
        const target = destination.endsWith('/') ? path.join(local, path.posix.basename(src)) : local;
        makeDirectory(path.dirname(target));
        // A failed write (a full disk) ends the download with `<target>: <reason>`.
        const out = createFileWriteStream(target);
        let failed: Error | undefined;
        out.on('error', (e) => (failed ??= e));
        try {
          await communicator.download(src, out, signal);
        } finally {
          await new Promise<void>((resolve) =>
            out.writableFinished || out.destroyed ? resolve() : out.end(resolve),
          );
        }
        if (failed !== undefined) throw failed;
      }
      return;
    }

    if (content !== undefined && sources.length === 0) {
      ctx.ui.say(`Uploading content => ${destination}`);
      await communicator.upload(
        destination,
        Readable.from([Buffer.from(content)]),
        { size: Buffer.byteLength(content) },
        signal,
      );
      return;
    }
    for (const src of sources) {
      const local = path.resolve(ctx.build.cwd, src);
      ctx.ui.say(`Uploading ${src} => ${destination}`);
      const stat = fs.statSync(local);
      if (stat.isDirectory()) {
        await communicator.uploadDir(destination, src.endsWith('/') ? `${local}/` : local, [], signal);
        continue;
      }
      const target = destination.endsWith('/') ? destination + path.basename(src) : destination;
      await communicator.upload(
        target,
        fs.createReadStream(local),
        { mode: stat.mode & 0o777, size: stat.size, name: path.basename(local) },
        signal,
      );
    }
  },
};

/** `breakpoint`: waits for Enter on a terminal; in CI (no terminal) it says so and goes on. */
export const BREAKPOINT_PROVISIONER: ProvisionerRuntime<typeof BREAKPOINT_FIELDS> = {
  type: 'breakpoint',
  async provision(config, ctx) {
    const note = config.view.string('note') ?? '';
    if (config.view.bool('disable')) {
      ctx.ui.say(
        note
          ? `Breakpoint provisioner with note "${note}" disabled; continuing...`
          : 'Breakpoint provisioner disabled; continuing...',
      );
      return;
    }
    ctx.ui.say(`Pausing at breakpoint provisioner${note ? ` with note "${note}"` : ''}.`);
    if (!ctx.ui.ask) {
      ctx.ui.say('Not running on a terminal: continuing without waiting.');
      return;
    }
    await ctx.ui.ask('Press enter to continue.', ctx.signal);
  },
};
