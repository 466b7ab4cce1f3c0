import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';

import type { Artifact, PostProcessorRuntime } from '../../engine/types';
import type { ARTIFICE_FIELDS, CHECKSUM_FIELDS } from './post-processors';
import { renderGoTemplate } from '../../gotemplate/index';
import { makeDirectory, writingFile } from '../../engine/file-errors';

/** The artifice post-processor's artifacts (docker-import takes them, as the plugin does). */
export const ARTIFICE_BUILDER_ID = 'packer.post-processor.artifice';

/**
 * `checksum` and `artifice`, as Packer runs them. checksum hashes every file of its input
 * (streaming) into one file per checksum type, `<hex>\t<basename>` per line, appended; artifice
 * replaces the input's files with the ones it names.
 */

const NODE_HASH: Readonly<Record<string, string>> = {
  md5: 'md5',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
};

class FilesArtifact implements Artifact {
  readonly id = '';
  readonly state = {};
  readonly description: string;

  constructor(
    readonly builderId: string,
    readonly files: readonly string[],
    private readonly cwd: string,
  ) {
    this.description = `Created artifact from files: ${files.join(', ')}`;
  }

  async destroy(): Promise<void> {
    for (const f of this.files)
      await fs.promises.rm(path.resolve(this.cwd, f), { recursive: true, force: true });
  }
}

export const CHECKSUM: PostProcessorRuntime<typeof CHECKSUM_FIELDS> = {
  type: 'checksum',
  async postProcess(config, input, ctx) {
    const view = config.view;
    const output =
      view.string('output') || 'packer_{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum';
    const created: string[] = [];
    for (const type of view.strings('checksum_types') ?? ['md5']) {
      const algorithm = NODE_HASH[type];
      if (algorithm === undefined) throw new Error(`Unrecognized checksum type: ${type}`);
      for (const file of input.files) {
        const rendered = renderGoTemplate(output, {
          data: { BuildName: ctx.build.buildName, BuilderType: ctx.build.builderType, ChecksumType: type },
        });
        if (!rendered.ok) throw new Error(rendered.message);
        const target = path.resolve(ctx.build.cwd, rendered.value);
        if (!fs.existsSync(target) && !created.includes(rendered.value)) created.push(rendered.value);
        makeDirectory(path.dirname(target));
        const hash = createHash(algorithm);
        await pipeline(fs.createReadStream(path.resolve(ctx.build.cwd, file)), hash, { signal: ctx.signal });
        const line = `${hash.digest('hex')}\t${path.basename(file)}\n`;
        writingFile(target, () => fs.appendFileSync(target, line, { mode: 0o644 }));
      }
    }
    const artifact = new FilesArtifact(
      'packer.post-processor.checksum',
      [...input.files, ...created],
      ctx.build.cwd,
    );
    // Packer keeps the input whatever keep_input_artifact says: it is what was checksummed.
    return { artifact, keepInput: true, forceOverride: true };
  },
};

export const ARTIFICE: PostProcessorRuntime<typeof ARTIFICE_FIELDS> = {
  type: 'artifice',
  async postProcess(config, input, ctx) {
    if (input.files.length > 0) ctx.ui.say(`Discarding files from artifact: ${input.files.join(', ')}`);
    const files = config.view.strings('files') ?? [];
    for (const f of files) {
      if (!fs.existsSync(path.resolve(ctx.build.cwd, f)))
        throw new Error(`Unable to stat artifact file ${f}`);
    }
    const artifact = new FilesArtifact(ARTIFICE_BUILDER_ID, files, ctx.build.cwd);
    ctx.ui.say(`Using these artifact files: ${files.join(', ')}`);
    return { artifact, keepInput: true, forceOverride: false };
  },
};
