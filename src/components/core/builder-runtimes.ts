import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';

import { NoneCommunicator } from '../../communicators/none';
import { connectSsh } from '../../communicators/ssh/connect';
import { sleep } from '../../engine/abort';
import { provisionHookData } from '../../engine/provision-hook-data';
import { formatGoDuration } from '../../text/go-duration';
import { communicatorSettings } from '../../schema/communicator-settings';
import { PROVISION_STEP, builderStepsOptions, runSteps } from '../../engine/steps';
import {
  type Artifact,
  type BuilderRuntime,
  type Communicator,
  type StepCleanupContext,
  type StepContext,
  StateKey,
} from '../../engine/types';
import { createFileWriteStream, makeDirectory, writingFileAsync } from '../../engine/file-errors';

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

export const FILE_BUILDER: BuilderRuntime = {
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
      {
        name: PROVISION_STEP,
        run: (step: StepContext) =>
          provision.run(new NoneCommunicator('the file builder creates no machine'), {}, step),
        cleanup: (step: StepCleanupContext) => provision.cleanup(step),
      },
    ];
    const result = await runSteps(steps, ctx, builderStepsOptions(ctx));
    if (result.outcome !== 'success') throw result.error;
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

const COMMUNICATOR = new StateKey<Communicator>('communicator');

/**
 * The `null` builder: connects to an existing machine with the configured communicator (ssh or
 * none) and runs the provisioners there.
 */
export const NULL_BUILDER: BuilderRuntime = {
  type: 'null',
  async run(config, ctx, provision) {
    const settings = communicatorSettings(config.view, 'ssh');
    const steps = [
      {
        name: 'connect',
        async run(step: StepContext): Promise<void> {
          if (settings.pauseBeforeConnectingMs > 0) {
            step.ui.say(`Pausing ${formatGoDuration(settings.pauseBeforeConnectingMs)} before connecting...`);
            await sleep(settings.pauseBeforeConnectingMs, step.signal);
          }
          step.state.set(
            COMMUNICATOR,
            settings.type === 'none'
              ? new NoneCommunicator()
              : await connectSsh(settings.ssh, step.ui, step.signal),
          );
        },
        async cleanup(step: StepContext): Promise<void> {
          await step.state.get(COMMUNICATOR)?.close();
        },
      },
      {
        name: PROVISION_STEP,
        cleanup: (step: StepCleanupContext) => provision.cleanup(step),
        run: (step: StepContext) => {
          const ssh = settings.ssh;
          // Packer's null builder keeps the instance ID "Null"; with no communicator the SDK's
          // StepConnect stores no communicator configuration, so Host, User... are not set here.
          const data = provisionHookData({
            instanceId: 'Null',
            runId: step.build.runId,
            ...(settings.type === 'none'
              ? {}
              : {
                  communicator: {
                    type: settings.type,
                    host: ssh.host,
                    port: ssh.port,
                    user: ssh.username,
                    password: ssh.password,
                    sshPrivateKeyFile: ssh.privateKeyFile,
                    sshAgentAuth: ssh.agentAuth,
                  },
                }),
          });
          return provision.run(step.state.require(COMMUNICATOR), data, step);
        },
      },
    ];
    const result = await runSteps(steps, ctx, builderStepsOptions(ctx));
    if (result.outcome !== 'success') throw result.error;
    return NULL_ARTIFACT;
  },
};
