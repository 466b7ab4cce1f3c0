import type { BuildEvent } from '../engine/types';

/**
 * The timeline of a run, gathered from engine events: each build's span and the spans of its
 * steps, provisioners and post-processors (for the job summary's Gantt chart, and the result
 * file `kiln merge` draws one chart across jobs from).
 */

export interface Span {
  readonly name: string;
  /** Milliseconds since the run started. */
  readonly start: number;
  readonly end: number;
  readonly failed: boolean;
}

export interface BuildTimeline {
  readonly build: string;
  readonly spans: readonly Span[];
}

export class TimelineRecorder {
  private origin: number | undefined;
  private readonly builds = new Map<string, Span[]>();
  private readonly open = new Map<string, number>();

  event(e: BuildEvent): void {
    if (e.type === 'run-start') this.origin = e.time;
    const origin = (this.origin ??= e.time);
    switch (e.type) {
      case 'build-start':
        this.builds.set(e.build, []);
        break;
      case 'step-start':
        this.open.set(`${e.build}\u0000${e.step}`, e.time - origin);
        break;
      case 'step-end': {
        const key = `${e.build}\u0000${e.step}`;
        const start = this.open.get(key) ?? e.time - origin - e.durationMs;
        this.open.delete(key);
        const spans = this.builds.get(e.build) ?? [];
        spans.push({ name: e.step, start, end: e.time - origin, failed: e.error !== undefined });
        this.builds.set(e.build, spans);
        break;
      }
      default:
        break;
    }
  }

  /** When the run started (epoch milliseconds): spans are relative to it. */
  startedAt(): number | undefined {
    return this.origin;
  }

  /** Builds in the order they started; spans in the order they began. */
  timelines(): BuildTimeline[] {
    return [...this.builds].map(([build, spans]) => ({
      build,
      spans: [...spans].sort((a, b) => a.start - b.start || b.end - a.end),
    }));
  }
}
