import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import * as tar from 'tar';
import * as yazl from 'yazl';

import type { Artifact, PostProcessorRuntime } from '../../engine/types';
import type { COMPRESS_FIELDS } from './post-processors';
import { renderGoTemplate } from '../../gotemplate/index';
import { createFileWriteStream, makeDirectory } from '../../engine/file-errors';
import { Lz4FrameEncoder } from './lz4-frame';

/**
 * The `compress` post-processor: Packer reads the archive and compression format from the output
 * name (`x.tar.gz`, `x.tar.lz4`, `x.zip`, `x.gz`...; anything else: tar + gzip), or from `format`.
 * Kiln writes tar archives (entries under their base names, as Packer's) and zip archives (entries
 * under the paths the artifact lists, as Packer's), gzip and LZ4 frames, all streaming. Packer's
 * bgzf, xz and bzip2 are refused with a clear error.
 */

const EXTENSIONS: Readonly<Record<string, string>> = {
  tar: 'tar',
  zip: 'zip',
  gz: 'pgzip',
  lz4: 'lz4',
  bgzf: 'bgzf',
  xz: 'xz',
  bzip2: 'bzip2',
};

/** Packer's detectFromFilename. */
export function detectFormat(output: string, format: string): { archive?: string; algorithm?: string } {
  const name = format !== '' ? `${output}.${format}` : output;
  const groups = [...name.matchAll(/\.([a-z0-9]+)/g)].map((m) => m[1]);
  if (groups.length === 0) return { archive: 'tar', algorithm: 'pgzip' };
  const last = groups[groups.length - 1];
  const archive = groups.length > 1 && groups[groups.length - 2] === 'tar' ? 'tar' : undefined;
  if (last === 'zip' || last === 'tar') return { archive: last };
  const algorithm = EXTENSIONS[last];
  if (algorithm !== undefined) return { archive, algorithm };
  return { archive: 'tar', algorithm: 'pgzip' };
}

class CompressedArtifact implements Artifact {
  readonly builderId = 'packer.post-processor.compress';
  readonly id = '';
  readonly state = {};
  readonly files: readonly string[];
  readonly description: string;

  constructor(
    readonly file: string,
    private readonly absolute: string,
  ) {
    this.files = [file];
    this.description = `compressed artifacts in: ${file}`;
  }

  destroy(): Promise<void> {
    return fs.promises.rm(this.absolute, { force: true });
  }
}

export const COMPRESS: PostProcessorRuntime<typeof COMPRESS_FIELDS> = {
  type: 'compress',
  async postProcess(config, input, ctx) {
    const view = config.view;
    const template = view.string('output') || 'packer_{{.BuildName}}_{{.BuilderType}}';
    const rendered = renderGoTemplate(template, {
      data: { BuildName: ctx.build.buildName, BuilderType: ctx.build.builderType },
    });
    if (!rendered.ok) throw new Error(`Error interpolating output value: ${rendered.message}`);
    const target = rendered.value;
    const { archive, algorithm } = detectFormat(target, view.string('format') ?? '');
    if (algorithm !== undefined && !['pgzip', 'lz4'].includes(algorithm)) {
      throw new Error(
        `The ${algorithm} compression of the compress post-processor is not supported by Kiln ` +
          '(use .tar.gz, .tgz, .gz, .tar.lz4, .lz4, .zip or .tar).',
      );
    }
    if (archive === undefined && input.files.length !== 1) {
      throw new Error(
        `Can only have 1 input file when not using tar/zip. Found ${input.files.length} files: [${input.files.join(' ')}]`,
      );
    }
    const absolute = path.resolve(ctx.build.cwd, target);
    makeDirectory(path.dirname(absolute));
    const stages: (Readable | Writable)[] = [];
    const level = view.number('compression_level') ?? -1;
    const compression = algorithm ?? 'no compression';
    if (algorithm === 'pgzip') {
      ctx.ui.say(`Using pgzip compression with 1 cores for ${target}`);
    } else if (algorithm === 'lz4') {
      ctx.ui.say(`Using lz4 compression with 1 cores for ${target}`);
    }
    const files = input.files.map((f) => path.resolve(ctx.build.cwd, f));
    if (archive === 'tar') {
      ctx.ui.say(`Tarring ${target} with ${compression}`);
      // Each file under its base name, as Packer's tar.FileInfoHeader does.
      const pack = tar.c(
        {
          portable: true,
          cwd: path.parse(files[0] ?? ctx.build.cwd).root,
          onWriteEntry: (entry) => {
            entry.path = path.basename(entry.path);
          },
        },
        files.map((f) => path.relative(path.parse(f).root, f)),
      );
      stages.push(pack as unknown as Readable);
    } else if (archive === 'zip') {
      ctx.ui.say(`Zipping ${target}`);
      const zip = new yazl.ZipFile();
      input.files.forEach((name, i) => {
        // Packer names entries by the paths the artifact gives; a zip entry cannot be absolute.
        const entry = name.split(path.sep).join('/').replace(/^\/+/, '');
        zip.addReadStream(fs.createReadStream(files[i]), entry, { mode: fs.statSync(files[i]).mode });
      });
      zip.end();
      stages.push(zip.outputStream as Readable);
    } else {
      ctx.ui.say(`Archiving ${input.files[0]} with ${compression}`);
      stages.push(fs.createReadStream(files[0]));
    }
    if (algorithm === 'pgzip') stages.push(zlib.createGzip({ level: level < 0 ? 6 : Math.min(level, 9) }));
    else if (algorithm === 'lz4') stages.push(new Lz4FrameEncoder());
    await pipeline([...stages, createFileWriteStream(absolute)] as never, { signal: ctx.signal });
    ctx.ui.say(`Archive ${target} completed`);
    return { artifact: new CompressedArtifact(target, absolute), keepInput: false, forceOverride: false };
  },
};
