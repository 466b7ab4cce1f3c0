import type { Readable } from 'node:stream';

/**
 * Backpressure for command output. Kiln prints a command's output as it arrives; when whoever reads
 * Kiln's own output falls behind (`kiln build | slow-reader`, a paused terminal), queueing it would
 * grow without bound (a provisioner printing gigabytes). Instead the surface reports a backlog and
 * the producer stops reading the command's stream until it clears: the pipe from the command fills
 * and the command itself waits, as it would writing to a slow terminal.
 */

/**
 * undefined while output flows; while the reader of Kiln's output is behind, a promise that
 * resolves once it has caught up.
 */
export type OutputBacklog = () => Promise<void> | undefined;

/** Pauses `streams` until `wait` settles (nothing when there is nothing to wait for). */
export function pauseWhile(streams: readonly Readable[], wait: Promise<void> | undefined): void {
  if (wait === undefined) return;
  for (const s of streams) s.pause();
  const resume = (): void => {
    for (const s of streams) if (!s.destroyed) s.resume();
  };
  wait.then(resume, resume);
}
