import type { BuildEvent } from '../../src/engine/types';
import { EngineUI, MaskedStream, Masker, uiWith } from '../../src/engine/ui';

/** Masking a command's output as a stream, not chunk by chunk (issue 20, item 3). */

describe('MaskedStream', () => {
  const stream = () => new MaskedStream(new Masker(['S3CR3T', 'other-secret']));

  it('masks a secret split across chunks, holding back only a possible start of one', () => {
    const s = stream();
    expect(s.write('pw=S3CR')).toBe('pw=');
    expect(s.write('3T and more\n')).toBe('<sensitive> and more\n');
    expect(s.write('S')).toBe('');
    expect(s.write('3')).toBe('');
    expect(s.write('C')).toBe('');
    expect(s.write('R3T')).toBe('<sensitive>');
  });

  it('releases a held-back prefix once it cannot be a secret, or at a line end, or at flush', () => {
    const s = stream();
    expect(s.write('x S3C')).toBe('x ');
    expect(s.write('ret')).toBe('S3Cret');
    expect(s.write('oth')).toBe('');
    expect(s.write('\n')).toBe('oth\n');
    expect(s.write('tail S3CR3')).toBe('tail ');
    expect(s.flush()).toBe('S3CR3');
    expect(s.flush()).toBe('');
  });

  it('a line of a multi-line secret is masked on its own', () => {
    const s = new MaskedStream(new Masker(['first-line\nsecond-line']));
    expect(s.write('first-li')).toBe('');
    expect(s.write('ne\nsecond')).toBe('<sensitive>\n');
    expect(s.write('-line\n')).toBe('<sensitive>\n');
  });
});

describe('EngineUI output', () => {
  it('emits masked output; what is held back comes out before the next message and at the end', () => {
    const events: BuildEvent[] = [];
    const ui = new EngineUI('b', (e) => events.push(e), new Masker(['S3CR3T']));
    ui.output('stdout', 'a S3');
    ui.output('stderr', 'S3CR');
    ui.output('stdout', 'CR3T b S3');
    ui.say('next');
    ui.output('stderr', '3T');
    ui.flushOutput();
    const shown = events.map((e) =>
      e.type === 'output' ? `${e.stream}:${e.text}` : e.type === 'ui' ? `say:${e.text}` : e.type,
    );
    expect(shown).toEqual([
      'stdout:a ',
      'stdout:<sensitive> b ',
      'stdout:S3',
      'stderr:S3CR',
      'say:next',
      'stderr:3T',
    ]);
  });
});

describe('Masker', () => {
  it('masks each line of a multi-line secret, and the listener hears of the secret once, whole', () => {
    const heard: string[] = [];
    const m = new Masker([], (s) => heard.push(s));
    m.add('line-one\r\nline-two');
    m.add('line-one\r\nline-two');
    expect(heard).toEqual(['line-one\r\nline-two']);
    expect(m.mask('a line-one b line-two c')).toBe('a <sensitive> b <sensitive> c');
  });

  it('masking twice changes nothing, even for a secret found inside <sensitive>', () => {
    const m = new Masker(['it', 'secret-x']);
    const once = m.mask('it is secret-x');
    expect(once).toBe('<sensitive> is <sensitive>');
    expect(m.mask(once)).toBe(once);
  });

  it('takes a secret literally, whatever characters it holds', () => {
    const m = new Masker(['p@ss.w*rd(1)|$&']);
    expect(m.mask('pXssXwwrd1 p@ss.w*rd(1)|$& end')).toBe('pXssXwwrd1 <sensitive> end');
  });
});

describe('uiWith', () => {
  it("replaces the given methods and delegates every other one to the build's EngineUI, bound to it", async () => {
    const events: BuildEvent[] = [];
    const asked: string[] = [];
    const base = new EngineUI(
      'b',
      (e) => events.push(e),
      new Masker([]),
      (q) => {
        asked.push(q);
        return Promise.resolve('yes');
      },
    );
    const said: string[] = [];
    const ui = uiWith(base, { say: (text) => said.push(text) });
    ui.say('only here');
    ui.addSecret('hunter2');
    ui.message('a hunter2 b');
    ui.error('oops');
    ui.output('stdout', 'out hunter2\n');
    base.flushOutput();
    expect(await ui.ask?.('go on?', new AbortController().signal)).toBe('yes');
    expect(said).toEqual(['only here']);
    expect(asked).toEqual(['==> b: go on?']);
    const shown = events.map((e) =>
      e.type === 'output' ? `${e.stream}:${e.text}` : e.type === 'ui' ? `${e.level}:${e.text}` : e.type,
    );
    expect(shown).toEqual(['message:a <sensitive> b', 'error:oops', 'stdout:out <sensitive>\n']);
  });
});
