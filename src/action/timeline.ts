/** The run's timeline lives with the CLI, which records it in result files too (cli/timeline.ts). */
export { type BuildTimeline, type Span, TimelineRecorder } from '../cli/timeline';
