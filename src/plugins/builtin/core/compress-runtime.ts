import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import * as tar from 'tar';

import type { Artifact, PostProcessorRuntime } from '../../../engine/types';
import { renderGoTemplate } from '../../../template/interpolation/index';

/**
 * The `compress` post-processor: Packer reads the archive and compression format from the output
 * name (`x.tar.gz`, `x.tar`, `x.gz`; anything else: tar + gzip), or from `format`. Kiln
 * writes tar archives (file names are base names, as Packer's) and gzip, streaming; the other
 * formats Packer knows (zip, lz4, bgzf, xz, bzip2) are refused with a clear error for now.
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

export const COMPRESS: PostProcessorRuntime = {
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
    for (const f of [archive, algorithm]) {
      if (f !== undefined && f !== 'tar' && f !== 'pgzip') {
        throw new Error(
          `The ${f} format of the compress post-processor is not supported by Kiln yet (use .tar, .tar.gz or .gz).`,
        );
      }
    }
    if (archive === undefined && input.files.length !== 1) {
      throw new Error('Can only have 1 input file when not using tar/zip. Perhaps you need to use tar.');
    }
    const absolute = path.resolve(ctx.build.cwd, target);
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
    const stages: (Readable | Writable)[] = [];
    if (archive === 'tar') {
      // Each file under its base name, as Packer's tar.FileInfoHeader does.
      const files = input.files.map((f) => path.resolve(ctx.build.cwd, f));
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
    } else {
      stages.push(fs.createReadStream(path.resolve(ctx.build.cwd, input.files[0])));
    }
    const level = view.number('compression_level') ?? -1;
    if (algorithm === 'pgzip') {
      ctx.ui.say(`Using pgzip compression with 1 cores for ${target}`);
      stages.push(zlib.createGzip({ level: level < 0 ? 6 : Math.min(level, 9) }));
    }
    ctx.ui.say(`Compressing ${input.files.join(', ')} to ${target}`);
    await pipeline([...stages, fs.createWriteStream(absolute)] as never, { signal: ctx.signal });
    ctx.ui.say(`Archive ${target} completed`);
    return { artifact: new CompressedArtifact(target, absolute), keepInput: false, forceOverride: false };
  },
};
