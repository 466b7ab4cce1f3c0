import { load, show, summaries } from './helpers';
import { tempTemplate } from '../support/temp';

describe('locals', () => {
  it('evaluates in dependency order, whatever the declaration order and file', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': 'locals {\n  c = "${local.b}-c"\n  b = "${local.a}-b"\n}\n',
      'b.pkr.hcl': 'locals {\n  a = upper(var.x)\n}\nvariable "x" {\n  default = "x"\n}\n',
      'c.pkr.json': JSON.stringify({
        locals: { d: '${local.c}-d' },
        local: { e: { expression: '${local.d}!' } },
      }),
    });
    const s = await load(dir);
    expect(s.diagnostics).toEqual([]);
    expect(s.initDiagnostics).toEqual([]);
    expect(show(s, 'local.e')).toBe('X-b-c-d!');
    expect([...s.locals.keys()]).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('evaluates each local once and lets later locals see data and path', async () => {
    const dir = tempTemplate({
      't.pkr.hcl':
        'locals {\n  id = uuidv4()\n  same = local.id == local.id\n  both = [local.id, local.id]\n  d = data\n  r = path.root\n}\n',
    });
    const s = await load(dir);
    expect(s.initDiagnostics).toEqual([]);
    expect(show(s, 'local.both[0] == local.both[1] && local.both[0] == local.id')).toBe('true');
    expect(show(s, 'local.d')).toBe('{}');
    expect(show(s, 'local.r')).toBe('.');
  });

  it('reports a cycle naming the locals involved, and evaluates the rest', async () => {
    const dir = tempTemplate({
      't.pkr.hcl':
        'locals {\n  a = local.b\n  b = "${local.c}"\n  c = local.a\n  self = local.self\n  dep = local.a\n  ok = 1\n}\n',
    });
    const s = await load(dir);
    expect(summaries(s.initDiagnostics)).toEqual(['failed to prepare execution graph']);
    // go-multierror's list around the errors.Join of dag.Validate.
    expect(s.initDiagnostics[0].detail).toBe(
      'An error occurred while building the graph for datasources/locals: 1 error occurred:\n\t* Cycle: local.a, local.b, local.c\nSelf reference: local.self\n\n',
    );
    expect(s.initDiagnostics[0].subject?.start.line).toBe(2);
    expect([...s.locals.keys()]).toEqual(['ok']);
  });

  it('reports a reference to an unknown local while building the graph, and evaluates the rest', async () => {
    const dir = tempTemplate({ 't.pkr.hcl': 'locals {\n  a = local.nope\n  b = 2\n  c = local.a\n}\n' });
    const s = await load(dir);
    expect(summaries(s.initDiagnostics)).toEqual(['failed to prepare execution graph']);
    expect(s.initDiagnostics[0].detail).toBe(
      'An error occurred while building the graph for datasources/locals: 1 error occurred:\n\t* could not get dependency "local.nope" for "local.a", "local.nope" missing in template\n\n',
    );
    expect(s.initDiagnostics[0].subject?.start.line).toBe(2);
    expect(show(s, 'local.b')).toBe('2');
    // Whatever depends on a local that could not be evaluated is skipped without more errors.
    expect([...s.locals.keys()]).toEqual(['b']);
    expect(show(s, 'local.a')).toBe('!Unsupported attribute');
  });

  it('lists every missing reference and cycle in one error, in graph order', async () => {
    const dir = tempTemplate({
      't.pkr.hcl': 'locals {\n  a = [local.x, local["y"]]\n  b = local.c\n  c = local.b\n}\n',
    });
    const s = await load(dir);
    expect(s.initDiagnostics.map((d) => d.detail)).toEqual([
      'An error occurred while building the graph for datasources/locals: 3 errors occurred:\n' +
        '\t* could not get dependency "local.x" for "local.a", "local.x" missing in template\n' +
        '\t* could not get dependency "local.y" for "local.a", "local.y" missing in template\n' +
        '\t* Cycle: local.b, local.c\n\n',
    ]);
  });

  it('reports duplicate definitions across locals blocks and local blocks', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': 'locals {\n  x = 1\n}\n',
      'b.pkr.hcl':
        'local "x" {\n  expression = 2\n}\nlocal "1y" {\n  expression = 3\n}\nlocal "z" {\n  sensitive = true\n}\n',
    });
    const s = await load(dir);
    expect(summaries(s.diagnostics)).toEqual([
      'Invalid local name',
      'Missing required argument',
      'Duplicate local definition',
    ]);
    expect(s.diagnostics[2].detail).toBe(
      'Local variable "x" is defined twice in your templates. Other definition found at "a.pkr.hcl:2,7-8"',
    );
    expect(show(s, 'local.x')).toBe('1');
  });

  it('marks sensitive local blocks', async () => {
    const dir = tempTemplate({
      't.pkr.hcl':
        'local "k" {\n  expression = "secret"\n  sensitive  = true\n}\nlocals {\n  derived = "${local.k}!"\n}\n',
    });
    const s = await load(dir);
    expect(s.locals.get('k')?.isSensitive()).toBe(true);
    expect(show(s, 'local.k')).toBe('<sensitive>');
    expect(show(s, 'local.derived')).toBe('<sensitive>');
  });

  it('reports unknown top-level blocks and top-level arguments as Packer does', async () => {
    const dir = tempTemplate({ 't.pkr.hcl': 'foo {\n}\nx = 1\npacker {\n  bad = 1\n}\n' });
    // The packer block is read first (for required_version), then the rest: arguments, then blocks.
    expect((await load(dir)).diagnostics.map((d) => [d.summary, d.subject?.start.line])).toEqual([
      ['Unsupported argument', 5],
      ['Unsupported argument', 3],
      ['Unsupported block type', 1],
    ]);
  });
});
