/**
 * The runner's log for a build run: one collapsible group per build. Parallel builds interleave, and
 * groups cannot: one build is shown live in its open group while the lines of the others are held;
 * when the live build ends, builds that finished meanwhile are printed as whole groups, and the
 * next running one goes live (its held lines first).
 */

export interface GroupSink {
  info(line: string): void;
  startGroup(title: string): void;
  endGroup(): void;
}

export class BuildLog {
  private live: string | undefined;
  private readonly held = new Map<string, string[]>();
  private readonly ended = new Set<string>();

  constructor(
    private readonly sink: GroupSink,
    private readonly title: (build: string) => string = (b) => `Build '${b}'`,
  ) {}

  /** Builds whose group is finished: later lines of theirs are printed as they come. */
  private readonly done = new Set<string>();

  start(build: string): void {
    if (build === this.live || this.held.has(build) || this.done.has(build)) return;
    if (this.live === undefined) this.goLive(build, []);
    else this.held.set(build, []);
  }

  /**
   * Text written for `build` (possibly several lines; a build's first text opens its group);
   * undefined: the run's own lines.
   */
  write(build: string | undefined, text: string): void {
    if (build !== undefined) this.start(build);
    const lines = text.replace(/\n$/, '').split('\n');
    const held = build === undefined ? undefined : this.held.get(build);
    if (held !== undefined) held.push(...lines);
    else for (const line of lines) this.sink.info(line);
  }

  end(build: string): void {
    this.done.add(build);
    if (build !== this.live) {
      if (this.held.has(build)) this.ended.add(build);
      return;
    }
    this.sink.endGroup();
    this.live = undefined;
    for (const done of [...this.ended]) this.flush(done);
    const next = this.held.keys().next();
    if (!next.done) {
      const lines = this.held.get(next.value) ?? [];
      this.held.delete(next.value);
      this.goLive(next.value, lines);
    }
  }

  /** Prints whatever is still held (a run cut short) and closes the open group. */
  close(): void {
    if (this.live !== undefined) {
      this.sink.endGroup();
      this.live = undefined;
    }
    for (const build of [...this.held.keys()]) this.flush(build);
  }

  private goLive(build: string, lines: readonly string[]): void {
    this.live = build;
    this.sink.startGroup(this.title(build));
    for (const line of lines) this.sink.info(line);
  }

  private flush(build: string): void {
    const lines = this.held.get(build) ?? [];
    this.held.delete(build);
    this.ended.delete(build);
    this.sink.startGroup(this.title(build));
    for (const line of lines) this.sink.info(line);
    this.sink.endGroup();
  }
}
