import { BuildLog } from '../../src/action/build-log';

function recorder() {
  const lines: string[] = [];
  const log = new BuildLog({
    info: (l) => lines.push(l),
    startGroup: (t) => lines.push(`::group::${t}`),
    endGroup: () => lines.push('::endgroup::'),
  });
  return { lines, log };
}

describe('BuildLog', () => {
  it('streams a single build inside its group', () => {
    const { lines, log } = recorder();
    log.write(undefined, 'Kiln v1\n');
    log.write('a', '==> a: one\n==> a: two\n');
    log.end('a');
    log.write(undefined, 'Builds finished.\n');
    expect(lines).toEqual([
      'Kiln v1',
      "::group::Build 'a'",
      '==> a: one',
      '==> a: two',
      '::endgroup::',
      'Builds finished.',
    ]);
  });

  it('holds parallel builds back and prints each as one whole group', () => {
    const { lines, log } = recorder();
    log.start('a');
    log.start('b');
    log.start('c');
    log.write('b', 'b1');
    log.write('a', 'a1');
    log.write('c', 'c1');
    log.end('c'); // finished while a was live
    log.write('b', 'b2');
    log.end('a');
    log.write('b', 'b3');
    log.end('b');
    expect(lines).toEqual([
      "::group::Build 'a'",
      'a1',
      '::endgroup::',
      "::group::Build 'c'",
      'c1',
      '::endgroup::',
      "::group::Build 'b'",
      'b1',
      'b2',
      'b3',
      '::endgroup::',
    ]);
  });

  it('prints what is held when the run is cut short, and never reopens an ended group', () => {
    const { lines, log } = recorder();
    log.write('a', 'a1');
    log.write('b', 'b1');
    log.end('a');
    log.close();
    log.write('a', 'late');
    expect(lines).toEqual([
      "::group::Build 'a'",
      'a1',
      '::endgroup::',
      "::group::Build 'b'",
      'b1',
      '::endgroup::',
      'late',
    ]);
  });
});
