import { annotationFor, limitAnnotations } from '../../src/action/annotations';
import { commandArguments, InputError, readInputs } from '../../src/action/inputs';
import { maskParts } from '../../src/action/run';
import { actionOutputs, amiMap } from '../../src/action/outputs';

const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

describe('action inputs', () => {
  it('has the documented defaults', () => {
    const i = readInputs(reader({}));
    expect(i).toMatchObject({
      command: 'build',
      template: '.',
      workingDirectory: '.',
      parallelBuilds: 0,
      onError: 'cleanup',
      force: false,
      failFast: false,
      fmtCheck: false,
      annotate: true,
      summary: true,
      timestampUi: false,
      color: true,
    });
    expect(commandArguments(i)).toEqual(['-parallel-builds=0', '-on-error=cleanup', '-color=true', '.']);
  });

  it('turns inputs into the kiln command line', () => {
    const i = readInputs(
      reader({
        variables: 'region = us-east-1\n\n# comment\nzones=["a","b"]\n',
        'var-files': 'common.pkrvars.hcl\nprod.pkrvars.hcl',
        only: 'amazon-ebs.*',
        except: 'docker.x',
        'parallel-builds': '2',
        'on-error': 'abort',
        force: 'true',
        'fail-fast': 'true',
        'timestamp-ui': 'TRUE',
        color: 'false',
        template: 'images/',
      }),
    );
    expect(commandArguments(i)).toEqual([
      '-var=region=us-east-1',
      '-var=zones=["a","b"]',
      '-var-file=common.pkrvars.hcl',
      '-var-file=prod.pkrvars.hcl',
      '-only=amazon-ebs.*',
      '-except=docker.x',
      '-parallel-builds=2',
      '-on-error=abort',
      '-force',
      '-fail-fast',
      '-timestamp-ui',
      '-color=false',
      'images/',
    ]);
    expect(commandArguments({ ...i, command: 'validate' })).toEqual([
      '-var=region=us-east-1',
      '-var=zones=["a","b"]',
      '-var-file=common.pkrvars.hcl',
      '-var-file=prod.pkrvars.hcl',
      '-only=amazon-ebs.*',
      '-except=docker.x',
      'images/',
    ]);
    expect(commandArguments({ ...i, command: 'fmt', fmtCheck: true })).toEqual([
      '-check',
      '-diff',
      'images/',
    ]);
  });

  it('names the input and what it accepts when one is wrong', () => {
    expect(() => readInputs(reader({ annotate: 'maybe' }))).toThrow(
      new InputError('Input "annotate" must be true or false; got "maybe".'),
    );
    expect(() => readInputs(reader({ 'parallel-builds': '-1' }))).toThrow(/parallel-builds/);
    expect(() => readInputs(reader({ variables: '=x' }))).toThrow(/line 1: expected name=value/);
  });
});

describe('action outputs', () => {
  it('reads AMIs from amazon artifact IDs and nothing from other IDs', () => {
    expect(amiMap('us-east-1:ami-0abc,eu-west-1:ami-0def')).toEqual({
      'us-east-1': 'ami-0abc',
      'eu-west-1': 'ami-0def',
    });
    expect(amiMap('sha256:1234')).toEqual({});
    expect(amiMap('us-east-1:ami-0abc,something')).toEqual({});
  });

  it('maps region to AMI for one AMI build, build to map for several', () => {
    const result = (name: string, id: string) => ({
      name,
      builderType: 'amazon-ebs',
      sourceName: name.split('.')[1],
      artifacts: [{ builderId: 'mitchellh.amazonebs', id, files: [], description: '', state: {} }],
      cancelled: false,
      durationMs: 1,
    });
    const one = actionOutputs({
      run: {
        runId: 'r',
        cancelled: false,
        ledgers: [],
        results: [result('amazon-ebs.a', 'us-east-1:ami-1')],
      },
      diagnostics: [],
      exitCode: 0,
    });
    expect(one['ami-ids']).toEqual({ 'us-east-1': 'ami-1' });
    expect(one.artifacts[0]).toEqual({
      build: 'amazon-ebs.a',
      type: 'amazon-ebs',
      name: 'a',
      builderId: 'mitchellh.amazonebs',
      id: 'us-east-1:ami-1',
      files: [],
      amis: { 'us-east-1': 'ami-1' },
    });
    const two = actionOutputs({
      run: {
        runId: 'r',
        cancelled: false,
        ledgers: [],
        results: [
          result('amazon-ebs.a', 'us-east-1:ami-1'),
          { ...result('amazon-ebs.b', 'eu-west-1:ami-2'), error: 'x' },
        ],
      },
      diagnostics: [],
      exitCode: 1,
    });
    expect(two['ami-ids']).toEqual({
      'amazon-ebs.a': { 'us-east-1': 'ami-1' },
      'amazon-ebs.b': { 'eu-west-1': 'ami-2' },
    });
    expect(two['failed-builds']).toEqual(['amazon-ebs.b']);
    expect(two['artifact-ids']).toEqual({
      'amazon-ebs.a': 'us-east-1:ami-1',
      'amazon-ebs.b': 'eu-west-1:ami-2',
    });
  });
});

describe('annotations', () => {
  it('places single-line ranges with columns (GitHub wants the last column, inclusive)', () => {
    expect(
      annotationFor({
        severity: 'error',
        summary: 'S',
        detail: 'D',
        file: 'a',
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 9,
      }),
    ).toEqual({
      level: 'error',
      title: 'S',
      message: 'D',
      file: 'a',
      startLine: 2,
      endLine: 2,
      startColumn: 3,
      endColumn: 8,
    });
    expect(
      annotationFor({
        severity: 'warning',
        summary: 'S',
        detail: '',
        file: 'a',
        line: 2,
        column: 3,
        endLine: 4,
        endColumn: 1,
      }),
    ).toEqual({ level: 'warning', title: 'S', message: 'S', file: 'a', startLine: 2, endLine: 4 });
  });

  it('keeps within 10 errors and 10 warnings, the last saying how many more', () => {
    const make = (level: 'error' | 'warning', n: number) =>
      Array.from({ length: n }, (_, i) => ({ level, title: `${level} ${i}`, message: 'm' }));
    const out = limitAnnotations([...make('error', 14), ...make('warning', 10)]);
    expect(out.filter((a) => a.level === 'error')).toHaveLength(10);
    expect(out.filter((a) => a.level === 'warning')).toHaveLength(10);
    expect(out[9]).toEqual({
      level: 'error',
      title: '5 more errors',
      message:
        '5 more errors than GitHub shows as annotations; the job summary and the step log list them all.',
    });
    expect(out[8].title).toBe('error 8');
    expect(out[19].title).toBe('warning 9');
  });
});

describe('masking', () => {
  it('registers each line of a multi-line secret, not the PEM armour', () => {
    const key =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nQyNTUxOQAAACDx\n-----END OPENSSH PRIVATE KEY-----\n';
    expect(maskParts(key)).toEqual([key, 'b3BlbnNzaC1rZXktdjEAAAAA', 'QyNTUxOQAAACDx']);
    expect(maskParts('hunter2')).toEqual(['hunter2']);
  });
});

describe('the plan and merge commands', () => {
  it('plan asks for the JSON plan with the grouping; merge gets the manifest and the expanded paths', () => {
    const plan = readInputs(
      reader({ command: 'plan', group: 'source-type', only: 'docker.*', template: 't/' }),
    );
    expect(commandArguments(plan)).toEqual(['-only=docker.*', '-format=json', '-group=source-type', 't/']);
    const merge = readInputs(reader({ command: 'merge', 'result-files': 'results/\n# c\nmore/*.json' }));
    expect(merge.resultFiles).toEqual(['results/', 'more/*.json']);
    expect(commandArguments(merge, { resultPaths: ['results/', 'more/a.json'] })).toEqual([
      '-manifest=packer-manifest.json',
      'results/',
      'more/a.json',
    ]);
    const build = readInputs(reader({}));
    expect(commandArguments(build, { resultFile: '/tmp/r.json' })).toContain('-result-file=/tmp/r.json');
  });

  it('refuses an unknown grouping, and merge without result files', () => {
    expect(() => readInputs(reader({ command: 'plan', group: 'cloud' }))).toThrow(
      /Input "group" must be one of/,
    );
    expect(() => readInputs(reader({ command: 'merge' }))).toThrow(/Input "result-files" is required/);
  });
});
