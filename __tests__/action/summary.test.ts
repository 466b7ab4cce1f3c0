import * as fs from 'fs';
import * as path from 'path';

import type { DiagnosticRecord } from '../../src/action/diagnostics';
import { SUMMARY_LIMIT, shortDuration, summaryMarkdown } from '../../src/action/summary';
import { TimelineRecorder } from '../../src/action/timeline';
import type { BuildEvent, RunResult } from '../../src/engine/types';

const goldenDir = path.join(__dirname, 'golden');
/** Compares with a golden file; KILN_UPDATE_GOLDEN=1 rewrites it (then review the diff). */
function expectGolden(name: string, actual: string): void {
  const file = path.join(goldenDir, name);
  if (process.env.KILN_UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

const T0 = 1_700_000_000_000;
const events: BuildEvent[] = [
  { type: 'run-start', runId: 'run-1', builds: ['docker.app', 'amazon-ebs.base'], time: T0 },
  { type: 'build-start', build: 'docker.app', builderType: 'docker', ledger: '/tmp/l1', time: T0 + 5 },
  {
    type: 'build-start',
    build: 'amazon-ebs.base',
    builderType: 'amazon-ebs',
    ledger: '/tmp/l2',
    time: T0 + 6,
  },
  { type: 'step-start', build: 'docker.app', step: 'pull', time: T0 + 10 },
  { type: 'step-end', build: 'docker.app', step: 'pull', time: T0 + 1210, durationMs: 1200 },
  { type: 'step-start', build: 'amazon-ebs.base', step: 'launch: source instance', time: T0 + 20 },
  { type: 'step-start', build: 'docker.app', step: 'provision', time: T0 + 1300 },
  { type: 'step-start', build: 'docker.app', step: 'provisioner shell', time: T0 + 1310 },
  { type: 'step-end', build: 'docker.app', step: 'provisioner shell', time: T0 + 4310, durationMs: 3000 },
  { type: 'step-end', build: 'docker.app', step: 'provision', time: T0 + 4320, durationMs: 3020 },
  {
    type: 'step-end',
    build: 'amazon-ebs.base',
    step: 'launch: source instance',
    time: T0 + 65_020,
    durationMs: 65_000,
    error: 'UnauthorizedOperation',
  },
  { type: 'step-start', build: 'docker.app', step: 'post-processor docker-tag', time: T0 + 4400 },
  {
    type: 'step-end',
    build: 'docker.app',
    step: 'post-processor docker-tag',
    time: T0 + 4400,
    durationMs: 0,
  },
];

const run: RunResult = {
  runId: 'run-1',
  cancelled: false,
  ledgers: [],
  results: [
    {
      name: 'docker.app',
      builderType: 'docker',
      sourceName: 'app',
      artifacts: [
        {
          builderId: 'packer.post-processor.docker-tag',
          id: 'sha256:abc|def',
          files: [],
          description: '',
          state: {},
        },
      ],
      cancelled: false,
      durationMs: 4_500,
    },
    {
      name: 'amazon-ebs.base',
      builderType: 'amazon-ebs',
      sourceName: 'base',
      artifacts: [
        {
          builderId: 'mitchellh.amazonebs',
          id: 'eu-west-1:ami-0def,us-east-1:ami-0abc',
          files: [],
          description: '',
          state: {},
        },
      ],
      error: 'Error launching source instance: UnauthorizedOperation\n```\nnot a fence',
      cancelled: false,
      durationMs: 65_100,
    },
  ],
};

const diagnostics: DiagnosticRecord[] = [
  {
    severity: 'warning',
    summary: 'Undefined variable',
    detail: 'A "var" | "value" <pipe> in the detail',
    file: 'images/base.pkr.hcl',
    line: 3,
    column: 1,
    endLine: 5,
    endColumn: 2,
  },
  { severity: 'error', summary: 'No place', detail: '' },
];

describe('summaryMarkdown', () => {
  it('renders a build run: table, failures, Gantt timeline, diagnostics and links (golden)', () => {
    const timeline = new TimelineRecorder();
    for (const e of events) timeline.event(e);
    expectGolden(
      'build-summary.md',
      summaryMarkdown({
        command: 'build',
        template: 'images',
        exitCode: 1,
        version: '0.1.0',
        run,
        timelines: timeline.timelines(),
        diagnostics,
        manifest: 'images/manifest.json',
        blobUrl: 'https://github.com/octo/images/blob/abc',
        runUrl: 'https://github.com/octo/images/actions/runs/42',
      }),
    );
  });

  it('renders fmt-check results with each diff (golden)', () => {
    expectGolden(
      'fmt-check-summary.md',
      summaryMarkdown({
        command: 'fmt',
        fmtCheck: true,
        template: '.',
        exitCode: 3,
        version: '0.1.0',
        diagnostics: [],
        unformatted: [
          {
            file: 'a.pkr.hcl',
            diff: '--- old/a.pkr.hcl\n+++ new/a.pkr.hcl\n@@ -1,2 +1,2 @@\n-a=1\n+a = 1\n',
          },
          { file: 'b.pkrvars.hcl' },
        ],
      }),
    );
  });

  it('lists the AMIs of each build, one row per region, and has no AMI section without them', () => {
    const ami = (name: string, id: string) => ({
      name,
      builderType: 'amazon-ebs',
      sourceName: name.split('.')[1],
      artifacts: [{ builderId: 'mitchellh.amazonebs', id, files: [], description: '', state: {} }],
      cancelled: false,
      durationMs: 1000,
    });
    const md = summaryMarkdown({
      command: 'build',
      template: '.',
      exitCode: 0,
      version: '0.1.0',
      diagnostics: [],
      run: {
        runId: 'r',
        cancelled: false,
        ledgers: [],
        results: [
          ami('amazon-ebs.a', 'us-east-2:ami-0a2,ca-central-1:ami-0ca'),
          run.results[0],
          ami('amazon-ebs.b', 'eu-west-1:ami-0b1'),
        ],
      },
    });
    const section = md.slice(md.indexOf('### AMIs'), md.indexOf('\n---\n'));
    expect(section).toBe(
      [
        '### AMIs',
        '',
        '| Build | Region | AMI |',
        '| --- | --- | --- |',
        '| `amazon-ebs.a` | us-east-2 | `ami-0a2` |',
        '|  | ca-central-1 | `ami-0ca` |',
        '| `amazon-ebs.b` | eu-west-1 | `ami-0b1` |',
        '',
      ].join('\n'),
    );
    const none = summaryMarkdown({
      command: 'build',
      template: '.',
      exitCode: 0,
      version: '0.1.0',
      diagnostics: [],
      run: { ...run, results: [run.results[0]] },
    });
    expect(none).not.toContain('### AMIs');
  });

  it('says a valid template is valid', () => {
    const md = summaryMarkdown({
      command: 'validate',
      template: '.',
      exitCode: 0,
      version: '0.1.0',
      diagnostics: [],
    });
    expect(md).toContain('## ✅ Kiln validate succeeded');
    expect(md).toContain('The configuration is valid.');
  });

  it("stays under GitHub's 1 MiB limit however much there is to say", () => {
    const many: DiagnosticRecord[] = Array.from({ length: 5000 }, (_, i) => ({
      severity: 'error',
      summary: `Problem ${i}`,
      detail: 'x'.repeat(2000),
      file: 'a.pkr.hcl',
      line: i + 1,
    }));
    const huge = 'y'.repeat(3 * 1024 * 1024);
    const md = summaryMarkdown({
      command: 'fmt',
      template: '.',
      exitCode: 1,
      version: '0.1.0',
      diagnostics: many,
      unformatted: [{ file: 'a', diff: huge }],
    });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_LIMIT + 200);
    expect(md).toContain('4800 more are in the step log.');
    expect(md).toMatch(/more characters\)/);
  });

  it('prints durations briefly', () => {
    expect([850, 12_340, 245_000, 3_725_000].map(shortDuration)).toEqual([
      '850ms',
      '12.3s',
      '4m 05s',
      '1h 02m',
    ]);
  });
});

describe('the summary of a -fail-fast run', () => {
  it('marks the builds fail-fast cancelled and says which failure stopped the run', () => {
    const stopped: RunResult = {
      runId: 'run-2',
      cancelled: false,
      ledgers: [],
      results: [
        { ...run.results[1], cancelled: false },
        {
          name: 'docker.slow',
          builderType: 'docker',
          sourceName: 'slow',
          artifacts: [],
          error: 'Build was cancelled.',
          cancelled: true,
          durationMs: 1_000,
        },
      ],
      failFast: { build: 'amazon-ebs.base', error: 'x', cancelled: ['docker.slow'] },
    };
    const md = summaryMarkdown({
      command: 'build',
      template: '.',
      exitCode: 1,
      version: '0.1.0',
      run: stopped,
      diagnostics: [],
    });
    expect(md).toContain('| `docker.slow` | ⏹️ cancelled (fail-fast) |');
    expect(md).toContain(
      '**Fail-fast:** `amazon-ebs.base` failed, so 1 other build was cancelled: `docker.slow`.',
    );
    expect(md).toContain('**`amazon-ebs.base` failed:**');
  });
});
