import type { Writable } from 'node:stream';

import type { SweepOutcome } from '../../engine/sweep';
import type { Communicator } from '../../engine/types';

/**
 * Everything the docker builder asks of Docker, behind one interface (as packer-plugin-docker's
 * Driver): the steps never run a program themselves, so they can be tested against a fake that
 * records what was asked (__tests__/components/docker/fake-driver.ts), and another way of reaching
 * an engine (its HTTP API, podman) is one more implementation. The real one is the docker CLI
 * (cli-driver.ts).
 *
 * Failures the builder words itself (with the engine's stderr) come back as results; the others
 * are thrown as `docker <command> failed: <stderr>`, which the steps prefix as Packer does.
 */

/** What a command said when the builder reads its stderr itself (engine unreachable, no such image). */
export interface DockerOutcome {
  /** The exit status; -1 when the program could not be run at all. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `docker image inspect` of the source image. */
export interface ImageInspection {
  /** Whether the engine answered (false: `stderr` says why). */
  readonly ok: boolean;
  /** The image ID (sha256:...). */
  readonly id: string;
  /** The user the image's config runs as ('' when it names none). */
  readonly user: string;
  /** Its first repository digest ('' for an image never pushed or pulled). */
  readonly digest: string;
  readonly stderr: string;
}

/** `docker build` of a Dockerfile `build` block. */
export interface ImageBuild extends DockerOutcome {
  /** The built image's ID (when the build exited 0). */
  readonly imageId?: string;
}

/** How a container is started (Packer's ContainerConfig); `run_command` is already rendered. */
export interface ContainerConfig {
  /** The name the container gets (the ledger knows it by that name before it exists). */
  readonly name: string;
  readonly privileged: boolean;
  readonly platform: string;
  readonly capAdd: readonly string[];
  readonly capDrop: readonly string[];
  readonly tmpfs: readonly string[];
  readonly devices: readonly string[];
  readonly runtime: string;
  /** Host path (home directory expanded), container path; in mounting order. */
  readonly volumes: readonly (readonly [string, string])[];
  /** `run_command` with `{{.Image}}` replaced: the arguments after the options above. */
  readonly runCommand: readonly string[];
}

export interface CommitOptions {
  /** Dockerfile instructions (`changes`). */
  readonly changes: readonly string[];
  readonly author: string;
  readonly message: string;
}

/** How the docker communicator reaches into the container. */
export interface ContainerCommunicatorOptions {
  readonly execUser?: string;
  readonly pty: boolean;
  /** Who uploaded files are given to (`fix_upload_owner`); undefined: left as written. */
  readonly uploadOwner?: string;
}

export interface DockerDriver {
  /** The program the user sees in messages (`docker_path`). */
  readonly executable: string;
  /** The engine's DOCKER_HOST ('' = the default), recorded with each ledger entry. */
  readonly host: string;

  /** `docker login`; throws `docker login failed: ...`. The password never appears in arguments. */
  login(server: string, username: string, password: string, signal: AbortSignal): Promise<void>;
  /** `docker logout`; never throws for a refusal (the caller reports it). */
  logout(server: string): Promise<DockerOutcome>;

  /** `docker pull`, its progress passed on line by line; throws `docker pull failed: ...`. */
  pull(image: string, platform: string, signal: AbortSignal, progress: (text: string) => void): Promise<void>;
  /** `docker build` with the Dockerfile arguments (`-f <file> ... <context>`); removes failed steps' containers. */
  buildImage(args: readonly string[], signal: AbortSignal): Promise<ImageBuild>;
  /** The source image's ID, user and digest. */
  inspectImage(image: string, signal: AbortSignal): Promise<ImageInspection>;
  /** `docker rmi`: 'gone' when there was no such image; throws otherwise. */
  removeImage(image: string, signal: AbortSignal): Promise<SweepOutcome>;

  /** The command line startContainer runs, as shown to the user (`Run command: ...`). */
  describeStart(config: ContainerConfig): string;
  /** `docker run`; returns the container's ID; throws `docker run failed: ...`. */
  startContainer(config: ContainerConfig, signal: AbortSignal): Promise<string>;
  /** The user a container runs as (`docker inspect`); throws `docker inspect failed: ...`. */
  containerUser(container: string, signal: AbortSignal): Promise<string>;
  /** Kills and removes a container with its volumes: 'gone' when there was none; throws otherwise. */
  removeContainer(container: string, signal: AbortSignal): Promise<SweepOutcome>;
  /** `docker commit`; returns the image ID; throws `docker commit failed: ...`. */
  commit(container: string, options: CommitOptions, signal: AbortSignal): Promise<string>;
  /** `docker export` of the container's filesystem into `destination` (ended when done). */
  exportContainer(container: string, destination: Writable, signal: AbortSignal): Promise<void>;

  /** The communicator provisioners use: commands through exec, files in and out. */
  communicator(container: string, options: ContainerCommunicatorOptions): Communicator;
}
