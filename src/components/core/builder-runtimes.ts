import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';

import { NoneCommunicator } from '../../communicators/none';
import { provisionHookData } from '../../engine/provision-hook-data';
import type { CommunicatorFields, WithCommunicator } from '../../schema/communicator';
import { communicatorSettings } from '../../schema/communicator-settings';
import { sharedView } from '../../schema/shared-view';
import type { Artifact, BuilderRuntime, StepContext } from '../../engine/types';
import { connectStep } from '../../sdk/steps/connect';
import { provisionStep } from '../../sdk/steps/provision';
import { runBuilderSteps } from '../../sdk/steps/run-builder-steps';
import { createFileWriteStream, makeDirectory, writingFileAsync } from '../../engine/file-errors';
import { connectWithSettings, connectedCommunicator } from '../common/communicator';
import type { FILE_FIELDS, NULL_FIELDS } from './builders';

/**
 * The `file` builder: writes `content`, or copies `source`, to `target` (relative paths from the
 * working directory, as Packer's), then lets provisioners run (they have no machine to reach).
 */

/** Packer's file artifact: its ID is the word "File"; the file is its only file. */
class FileArtifact implements Artifact {
  readonly builderId = 'packer.file';
  readonly id = 'File';
  readonly state = {};
  readonly files: readonly string[];
  readonly description: string;

  constructor(private readonly target: string) {
    this.files = [target];
    this.description = `Stored file: ${target}`;
  }

  destroy(): Promise<void> {
    return fs.promises.rm(this.target, { force: true });
  }
}

export const FILE_BUILDER: BuilderRuntime<typeof FILE_FIELDS> = {
  type: 'file',
  async run(config, ctx, provision) {
    const view = config.view;
    const target = view.string('target') ?? '';
    const source = view.string('source');
    const absolute = (p: string): string => path.resolve(ctx.build.cwd, p);
    const steps = [
      {
        name: 'write file',
        async run(step: StepContext): Promise<void> {
          makeDirectory(path.dirname(absolute(target)));
          if (source !== undefined && source !== '') {
            step.ui.say(`Copying ${source} to ${target}`);
            await pipeline(fs.createReadStream(absolute(source)), createFileWriteStream(absolute(target)), {
              signal: step.signal,
            });
          } else {
            step.ui.say(`Writing content to ${target}`);
            await writingFileAsync(absolute(target), () =>
              fs.promises.writeFile(absolute(target), view.string('content') ?? '', { signal: step.signal }),
            );
          }
        },
      },
      provisionStep(provision, {
        communicator: () => new NoneCommunicator('the file builder creates no machine'),
      }),
    ];
    await runBuilderSteps(steps, ctx);
    return new FileArtifact(target);
  },
};

/** Packer's null artifact: nothing was made. */
const NULL_ARTIFACT: Artifact = {
  builderId: 'fnoeding.null',
  id: 'Null',
  files: [],
  description: 'Did not export anything. This is the null builder',
  state: {},
  destroy: () => Promise.resolve(),
};

/**
 * The `null` builder: connects to an existing machine with the configured communicator (ssh,
 * winrm or none) and runs the provisioners there.
 */
export const NULL_BUILDER: BuilderRuntime<WithCommunicator<typeof NULL_FIELDS>> = {
  type: 'null',
  async run(config, ctx, provision) {
    const settings = communicatorSettings(sharedView<CommunicatorFields>()(config.view), 'ssh');
    const steps = [
      connectStep({
        connect: connectWithSettings(settings),
        pauseBeforeConnectingMs: settings.pauseBeforeConnectingMs,
      }),
      provisionStep(provision, {
        // Packer's null builder keeps the instance ID "Null"; with no communicator the SDK's
        // StepConnect stores no communicator configuration, so Host, User... are not set here.
        hookData: (step) =>
          provisionHookData({
            instanceId: 'Null',
            runId: step.build.runId,
            ...(settings.type === 'none' ? {} : { communicator: connectedCommunicator(settings) }),
          }),
      }),
    ];
    await runBuilderSteps(steps, ctx);
    return NULL_ARTIFACT;
  },
};
