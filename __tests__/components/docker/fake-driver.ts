import type { Writable } from 'node:stream';

import type {
  CommitOptions,
  ContainerCommunicatorOptions,
  ContainerConfig,
  DockerDriver,
  DockerOutcome,
  ImageBuild,
  ImageInspection,
} from '../../../src/components/docker/driver';
import type { SweepOutcome } from '../../../src/engine/sweep';
import type { Communicator } from '../../../src/engine/types';

/**
 * A DockerDriver that runs nothing (as packer-plugin-docker's MockDriver): every call is recorded,
 * in order, with its arguments (not signals or streams); results are scripted per operation, a
 * scripted Error makes that operation fail. Containers started and not removed are tracked.
 */

export type DriverCall =
  | { readonly op: 'login'; readonly server: string; readonly username: string; readonly password: string }
  | { readonly op: 'logout'; readonly server: string }
  | { readonly op: 'pull'; readonly image: string; readonly platform: string }
  | { readonly op: 'buildImage'; readonly args: readonly string[] }
  | { readonly op: 'inspectImage'; readonly image: string }
  | { readonly op: 'removeImage'; readonly image: string }
  | { readonly op: 'startContainer'; readonly config: ContainerConfig }
  | { readonly op: 'containerUser'; readonly container: string }
  | { readonly op: 'removeContainer'; readonly container: string }
  | { readonly op: 'commit'; readonly container: string; readonly options: CommitOptions }
  | { readonly op: 'exportContainer'; readonly container: string }
  | {
      readonly op: 'communicator';
      readonly container: string;
      readonly options: ContainerCommunicatorOptions;
    };

export type DriverOp = DriverCall['op'];

export interface FakeResults {
  login: void;
  logout: DockerOutcome;
  pull: void;
  buildImage: ImageBuild;
  inspectImage: ImageInspection;
  removeImage: SweepOutcome;
  startContainer: string;
  containerUser: string;
  removeContainer: SweepOutcome;
  commit: string;
  exportContainer: string;
}

const DEFAULTS: FakeResults = {
  login: undefined,
  logout: { code: 0, stdout: '', stderr: '' },
  pull: undefined,
  buildImage: { code: 0, stdout: '', stderr: '', imageId: 'sha256:built' },
  inspectImage: { ok: true, id: 'sha256:source', user: '', digest: 'busybox@sha256:digest', stderr: '' },
  removeImage: 'deleted',
  startContainer: 'c0ffee',
  containerUser: 'app',
  removeContainer: 'deleted',
  commit: 'sha256:committed',
  exportContainer: 'tar bytes',
};

/** A communicator that only says which container it reaches. */
export interface FakeCommunicator extends Communicator {
  readonly container: string;
  readonly options: ContainerCommunicatorOptions;
}

export class FakeDockerDriver implements DockerDriver {
  readonly calls: DriverCall[] = [];
  /** Started and not removed. */
  readonly running = new Set<string>();
  private readonly results: { [K in keyof FakeResults]?: FakeResults[K] | Error } = {};
  /** Runs inside an operation before it answers (to cancel the build mid-step, say). */
  readonly during: { [K in keyof FakeResults]?: () => void } = {};

  constructor(
    readonly executable = 'docker',
    readonly host = '',
  ) {}

  /** What an operation answers from now on; an Error makes it fail. */
  answer<K extends keyof FakeResults>(op: K, result: FakeResults[K] | Error): this {
    this.results[op] = result;
    return this;
  }

  ops(): DriverOp[] {
    return this.calls.map((c) => c.op);
  }

  private result<K extends keyof FakeResults>(op: K): Promise<FakeResults[K]> {
    this.during[op]?.();
    const r = op in this.results ? this.results[op] : DEFAULTS[op];
    return r instanceof Error ? Promise.reject(r) : Promise.resolve(r as FakeResults[K]);
  }

  login(server: string, username: string, password: string): Promise<void> {
    this.calls.push({ op: 'login', server, username, password });
    return this.result('login');
  }

  logout(server: string): Promise<DockerOutcome> {
    this.calls.push({ op: 'logout', server });
    return this.result('logout');
  }

  async pull(image: string, platform: string, _signal: AbortSignal, progress: (text: string) => void) {
    this.calls.push({ op: 'pull', image, platform });
    await this.result('pull');
    progress(`pulled ${image}`);
  }

  buildImage(args: readonly string[]): Promise<ImageBuild> {
    this.calls.push({ op: 'buildImage', args });
    return this.result('buildImage');
  }

  inspectImage(image: string): Promise<ImageInspection> {
    this.calls.push({ op: 'inspectImage', image });
    return this.result('inspectImage');
  }

  removeImage(image: string): Promise<SweepOutcome> {
    this.calls.push({ op: 'removeImage', image });
    return this.result('removeImage');
  }

  describeStart(config: ContainerConfig): string {
    return `${this.executable} run --name ${config.name} ${config.runCommand.join(' ')}`;
  }

  async startContainer(config: ContainerConfig): Promise<string> {
    this.calls.push({ op: 'startContainer', config });
    const id = await this.result('startContainer');
    this.running.add(id);
    return id;
  }

  containerUser(container: string): Promise<string> {
    this.calls.push({ op: 'containerUser', container });
    return this.result('containerUser');
  }

  async removeContainer(container: string): Promise<SweepOutcome> {
    this.calls.push({ op: 'removeContainer', container });
    const outcome = await this.result('removeContainer');
    this.running.delete(container);
    return outcome;
  }

  commit(container: string, options: CommitOptions): Promise<string> {
    this.calls.push({ op: 'commit', container, options });
    return this.result('commit');
  }

  async exportContainer(container: string, destination: Writable): Promise<void> {
    this.calls.push({ op: 'exportContainer', container });
    const bytes = await this.result('exportContainer');
    await new Promise<void>((resolve, reject) =>
      destination.end(bytes, () => resolve()).once('error', reject),
    );
  }

  communicator(container: string, options: ContainerCommunicatorOptions): FakeCommunicator {
    this.calls.push({ op: 'communicator', container, options });
    const fail = () => Promise.reject(new Error('the fake communicator runs nothing'));
    return {
      type: 'docker',
      container,
      options,
      start: fail,
      upload: fail,
      uploadDir: fail,
      download: fail,
      downloadDir: fail,
      close: () => Promise.resolve(),
    };
  }
}
