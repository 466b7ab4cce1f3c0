import { EvalContext } from '../../src/eval/context';
import { expandDynamicBlocks, isUnknownBody } from '../../src/eval/dynblock';
import {
  BoundVariables,
  evaluateSyntaxExpression,
  scopedExpression,
  syntaxExpressionVariables,
} from '../../src/eval/json';
import type { BodySchema, HclBody, SyntaxExpression } from '../../src/hcl/body';
import { expressionRange, mergeBodies } from '../../src/hcl/body';
import type { Diagnostic } from '../../src/hcl/diagnostics';
import { absTraversalForExpr, exprList, literalString } from '../../src/hcl/static-expr';
import { typeConstraintOf } from '../../src/template/decode';
import { Value } from '../../src/values/value';
import { testFunctions } from './harness';
import { at, parseBody, summarize } from '../support/diagnostics';

/** Schemas by block type, for a small nested configuration language. */
const SCHEMAS: Record<string, BodySchema> = {
  root: {
    attributes: [{ name: 'name' }],
    blocks: [
      { type: 'tag', labelNames: [] },
      { type: 'disk', labelNames: ['device'] },
      { type: 'rule', labelNames: ['kind', 'name'] },
    ],
  },
  tag: { attributes: [{ name: 'key' }, { name: 'value' }], blocks: [] },
  disk: {
    attributes: [{ name: 'size' }],
    blocks: [
      { type: 'partition', labelNames: [] },
      { type: 'options', labelNames: [] },
    ],
  },
  partition: { attributes: [{ name: 'label' }, { name: 'disk' }], blocks: [] },
  options: { attributes: [{ name: 'note' }], blocks: [] },
  rule: { attributes: [{ name: 'port' }], blocks: [] },
};

const vars = {
  var: Value.object({
    tags: Value.map({ env: Value.string('prod'), team: Value.string('infra') }),
    names: Value.list([Value.string('a'), Value.string('b')]),
    secret: Value.list([Value.string('s1'), Value.string('s2')]).mark('sensitive'),
    nothing: Value.DynamicNull,
    later: Value.DynamicUnknown,
    later_list: Value.unknown({ kind: 'list', element: { kind: 'string' } }),
    word: Value.string('w'),
  }),
};
const ctx = new EvalContext({ variables: vars, functions: testFunctions });

function show(v: Value): string {
  let s: string;
  if (!v.isKnown()) s = '(unknown)';
  else if (v.isNull()) s = 'null';
  else if (v.type.kind === 'string') s = v.unmark()[0].asString();
  else if (v.type.kind === 'number') s = v.unmark()[0].asNumber().toString();
  else s = `(${v.type.kind})`;
  return v.isSensitive() ? `${s} (sensitive)` : s;
}

interface Decoded {
  readonly type: string;
  readonly labels: readonly string[];
  readonly attrs: Record<string, string>;
  readonly blocks: readonly Decoded[];
}

/** Decodes a body recursively with SCHEMAS, evaluating arguments in evalCtx; collects diagnostics. */
function decode(
  body: HclBody,
  type: string,
  labels: readonly string[],
  diags: Diagnostic[],
  evalCtx = ctx,
): Decoded {
  const { content, diagnostics } = body.content(SCHEMAS[type]);
  diags.push(...diagnostics);
  const attrs: Record<string, string> = {};
  for (const [name, attr] of content.attributes) {
    const r = evaluateSyntaxExpression(attr.expr, evalCtx);
    diags.push(...r.diagnostics);
    attrs[name] = show(r.value);
  }
  return {
    type,
    labels,
    attrs,
    blocks: content.blocks.map((b) => decode(b.body, b.type, b.labels, diags, evalCtx)),
  };
}

function expandAndDecode(src: string, filename?: string): { root: Decoded; diags: Diagnostic[] } {
  const diags: Diagnostic[] = [];
  const root = decode(expandDynamicBlocks(parseBody(src, filename), ctx), 'root', [], diags);
  return { root, diags };
}

/** Blocks as `type[labels] {k=v, ...}` lines, depth-first. */
function outline(d: Decoded, depth = 0): string[] {
  const attrs = Object.entries(d.attrs)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const head = `${'  '.repeat(depth)}${d.type}${d.labels.length ? `[${d.labels.join(',')}]` : ''} {${attrs}}`;
  return [head, ...d.blocks.flatMap((b) => outline(b, depth + 1))];
}

describe('expanding dynamic blocks (native syntax)', () => {
  it('generates blocks in place of the dynamic block, between the static ones, with tag.key and tag.value', () => {
    const { root, diags } = expandAndDecode(`
name = "n"
tag {
  key = "first"
}
dynamic "tag" {
  for_each = var.tags
  content {
    key   = tag.key
    value = upper(tag.value)
  }
}
tag {
  key = "last"
}
`);
    expect(summarize(diags)).toEqual([]);
    expect(outline(root)).toEqual([
      'root {name=n}',
      '  tag {key=first}',
      '  tag {key=env, value=PROD}',
      '  tag {key=team, value=INFRA}',
      '  tag {key=last}',
    ]);
  });

  it('names the iterator after the iterator argument, and then only that name is bound', () => {
    const { root, diags } = expandAndDecode(`
dynamic "tag" {
  for_each = var.names
  iterator = t
  content {
    key   = t.key
    value = t.value
  }
}
`);
    expect(summarize(diags)).toEqual([]);
    expect(outline(root)).toEqual(['root {}', '  tag {key=0, value=a}', '  tag {key=1, value=b}']);

    const bad = expandAndDecode(`
dynamic "tag" {
  for_each = var.names
  iterator = t
  content {
    key = tag.key
  }
}
`);
    expect(bad.diags.map((d) => [d.summary, at(d.subject)])).toEqual([
      ['Unknown variable', '6:11-6:14'],
      ['Unknown variable', '6:11-6:14'],
    ]);
  });

  it('evaluates labels per element and points label ranges at the label expressions', () => {
    const body = expandDynamicBlocks(
      parseBody(`
dynamic "disk" {
  for_each = var.tags
  labels   = ["/dev/\${disk.key}"]
  content {
    size = disk.value
  }
}
dynamic "rule" {
  for_each = ["http"]
  labels   = ["ingress", rule.value]
  content {
    port = 80
  }
}
`),
      ctx,
    );
    const { content, diagnostics } = body.content(SCHEMAS.root);
    expect(summarize(diagnostics)).toEqual([]);
    expect(
      content.blocks.map((b) => [b.type, b.labels, b.labelRanges.map(at), at(b.typeRange), at(b.range)]),
    ).toEqual([
      ['disk', ['/dev/env'], ['4:15-4:33'], '2:9-2:15', '2:1-2:15'],
      ['disk', ['/dev/team'], ['4:15-4:33'], '2:9-2:15', '2:1-2:15'],
      ['rule', ['ingress', 'http'], ['11:15-11:24', '11:26-11:36'], '9:9-9:15', '9:1-9:15'],
    ]);
  });

  it('expands dynamic blocks nested in content, with every enclosing iterator in scope', () => {
    const { root, diags } = expandAndDecode(`
dynamic "disk" {
  for_each = { sda = ["boot", "root"], sdb = ["data"] }
  iterator = d
  labels   = [d.key]
  content {
    size = upper(d.key)
    dynamic "partition" {
      for_each = d.value
      content {
        label = "\${d.key}\${partition.key + 1}-\${partition.value}"
        disk  = d.key
      }
    }
    options {
      note = "static block inside \${d.key}"
    }
  }
}
`);
    expect(summarize(diags)).toEqual([]);
    expect(outline(root)).toEqual([
      'root {}',
      '  disk[sda] {size=SDA}',
      '    partition {label=sda1-boot, disk=sda}',
      '    partition {label=sda2-root, disk=sda}',
      '    options {note=static block inside sda}',
      '  disk[sdb] {size=SDB}',
      '    partition {label=sdb1-data, disk=sdb}',
      '    options {note=static block inside sdb}',
    ]);
  });

  it('lets an inner iterator of the same name shadow the outer one', () => {
    const { root, diags } = expandAndDecode(`
dynamic "disk" {
  for_each = { sda = ["x"] }
  iterator = it
  labels   = [it.key]
  content {
    dynamic "partition" {
      for_each = it.value
      iterator = it
      content {
        label = it.value
      }
    }
  }
}
`);
    expect(summarize(diags)).toEqual([]);
    expect(outline(root)).toEqual(['root {}', '  disk[sda] {}', '    partition {label=x}']);
  });

  it('iterates lists and tuples by index, maps and objects by key, sets by value', () => {
    const keys = (forEach: string): string[] => {
      const { root, diags } = expandAndDecode(`
dynamic "tag" {
  for_each = ${forEach}
  content {
    key   = tag.key
    value = tag.value
  }
}
`);
      expect(summarize(diags)).toEqual([]);
      return root.blocks.map((b) => `${b.attrs.key}=${b.attrs.value}`);
    };
    expect(keys('["x", "y"]')).toEqual(['0=x', '1=y']);
    expect(keys('var.names')).toEqual(['0=a', '1=b']);
    expect(keys('{ b = "2", a = "1" }')).toEqual(['a=1', 'b=2']);
    expect(keys('var.tags')).toEqual(['env=prod', 'team=infra']);
    expect(keys('[]')).toEqual([]);
    expect(keys('{}')).toEqual([]);
  });

  it('iterates a set with the element as both key and value', () => {
    const body = expandDynamicBlocks(
      parseBody(`
dynamic "tag" {
  for_each = var.set
  content {
    key = tag.key
    value = tag.value
  }
}
`),
      new EvalContext({
        variables: { var: Value.object({ set: Value.set([Value.string('q'), Value.string('p')]) }) },
      }),
    );
    const diags: Diagnostic[] = [];
    const root = decode(body, 'root', [], diags);
    expect(summarize(diags)).toEqual([]);
    expect(root.blocks.map((b) => `${b.attrs.key}=${b.attrs.value}`).sort()).toEqual(['p=p', 'q=q']);
  });

  it('evaluates content arguments later, in the decoder context plus the iterator', () => {
    const body = expandDynamicBlocks(
      parseBody(`
dynamic "tag" {
  for_each = var.names
  content {
    key   = tag.value
    value = build.name
  }
}
`),
      ctx,
    );
    const { content } = body.content(SCHEMAS.root);
    const tagBody = content.blocks[0].body.content(SCHEMAS.tag);
    const value = tagBody.content.attributes.get('value');
    const key = tagBody.content.attributes.get('key');
    if (!value || !key) throw new Error('missing attributes');

    // The iterator needs nothing from outside; build.name does.
    expect(
      syntaxExpressionVariables(value.expr).map((t) => t.map((s) => ('name' in s ? s.name : '[]'))),
    ).toEqual([['build', 'name']]);
    expect(syntaxExpressionVariables(key.expr)).toEqual([]);
    expect(at(expressionRange(value.expr))).toBe('6:13-6:23');

    // A decoder context that also has a variable named like the iterator: the iterator wins.
    const later = new EvalContext({
      variables: { build: Value.object({ name: Value.string('b1') }), tag: Value.string('shadowed') },
    });
    expect(show(evaluateSyntaxExpression(value.expr, later).value)).toBe('b1');
    expect(show(evaluateSyntaxExpression(key.expr, later).value)).toBe('a');
    // With no context at all, only the iterator is in scope (hcl's NewChild of a nil context).
    expect(show(evaluateSyntaxExpression(key.expr, undefined).value)).toBe('a');
  });

  it('leaves arguments outside dynamic blocks untouched', () => {
    const body = expandDynamicBlocks(parseBody('name = var.word\ntag {\n  key = var.word\n}\n'), ctx);
    const { content } = body.content(SCHEMAS.root);
    expect(content.attributes.get('name')?.expr.syntax).toBe('native');
    expect(content.blocks[0].body.content(SCHEMAS.tag).content.attributes.get('key')?.expr.syntax).toBe(
      'native',
    );
  });

  it('reads for_each in the expansion context, not the decoder context', () => {
    const body = expandDynamicBlocks(
      parseBody('dynamic "tag" {\n  for_each = var.names\n  content {}\n}\n'),
      new EvalContext({ variables: {} }),
    );
    const { diagnostics } = body.content(SCHEMAS.root);
    expect(diagnostics.map((d) => [d.summary, at(d.subject)])).toEqual([['Unknown variable', '2:14-2:17']]);
  });
});

describe('unknown, null, wrongly typed and marked for_each values', () => {
  it('an unknown for_each gives one block whose arguments are all unknown, with no error', () => {
    for (const forEach of ['var.later', 'var.later_list']) {
      const { root, diags } = expandAndDecode(`
dynamic "disk" {
  for_each = ${forEach}
  labels   = ["fixed"]
  content {
    size = 10
    partition {
      label = disk.value
    }
  }
}
`);
      expect(summarize(diags)).toEqual([]);
      expect(outline(root)).toEqual([
        'root {}',
        '  disk[fixed] {size=(unknown)}',
        '    partition {label=(unknown)}',
      ]);
    }
  });

  it('marks an unknown for_each body as unknown, nested blocks and remainders included', () => {
    const body = expandDynamicBlocks(
      parseBody('dynamic "tag" {\n  for_each = var.later\n  content {\n    key = 1\n  }\n}\nname = "x"\n'),
      ctx,
    );
    const { content } = body.content(SCHEMAS.root);
    expect(content.blocks).toHaveLength(1);
    expect(isUnknownBody(content.blocks[0].body)).toBe(true);
    const partial = content.blocks[0].body.partialContent({ attributes: [], blocks: [] });
    expect(isUnknownBody(partial.remain)).toBe(true);
    expect(isUnknownBody(body)).toBe(false);
  });

  it('still checks an unknown for_each content against the schema', () => {
    const { diags } = expandAndDecode(`
dynamic "tag" {
  for_each = var.later
  content {
    colour = "red"
  }
}
`);
    expect(summarize(diags)).toEqual([
      ['Unsupported argument', 'An argument named "colour" is not expected here.', '5:5-5:11'],
    ]);
  });

  it('an iterator-dependent label is an error while for_each is unknown', () => {
    const { diags } = expandAndDecode(`
dynamic "disk" {
  for_each = var.later
  labels   = [disk.key]
  content {}
}
`);
    expect(summarize(diags)).toEqual([
      [
        'Invalid dynamic block label',
        'This value is not yet known. Dynamic block labels must be immediately-known values.',
        '4:15-4:23',
      ],
    ]);
  });

  it.each([
    ['var.nothing', 'Cannot use a null value in for_each.'],
    ['null', 'Cannot use a null value in for_each.'],
    ['"abc"', 'Cannot use a string value in for_each. An iterable collection is required.'],
    ['42', 'Cannot use a number value in for_each. An iterable collection is required.'],
    ['true', 'Cannot use a bool value in for_each. An iterable collection is required.'],
    ['var.word', 'Cannot use a string value in for_each. An iterable collection is required.'],
  ])('for_each = %s is refused', (forEach, detail) => {
    const { root, diags } = expandAndDecode(`
tag {
  key = "kept"
}
dynamic "tag" {
  for_each = ${forEach}
  content {}
}
`);
    expect(summarize(diags)).toEqual([
      ['Invalid dynamic for_each value', detail, `6:14-6:${14 + forEach.length}`],
    ]);
    expect(outline(root)).toEqual(['root {}', '  tag {key=kept}']);
  });

  it('passes the marks of a sensitive for_each to every argument it generates, nested ones too', () => {
    const { root, diags } = expandAndDecode(`
dynamic "disk" {
  for_each = var.secret
  labels   = ["d\${disk.key}"]
  content {
    size = disk.value
    partition {
      label = "static \${disk.value}"
    }
    dynamic "partition" {
      for_each = [1]
      content {
        label = "p"
      }
    }
  }
}
tag {
  key = "plain"
}
`);
    expect(summarize(diags)).toEqual([]);
    expect(outline(root)).toEqual([
      'root {}',
      '  disk[d0] {size=s1 (sensitive)}',
      '    partition {label=static s1 (sensitive)}',
      '    partition {label=p (sensitive)}',
      '  disk[d1] {size=s2 (sensitive)}',
      '    partition {label=static s2 (sensitive)}',
      '    partition {label=p (sensitive)}',
      '  tag {key=plain}',
    ]);
  });

  it('keeps the marks through partialContent remainders', () => {
    const body = expandDynamicBlocks(
      parseBody(
        'dynamic "tag" {\n  for_each = var.secret\n  content {\n    key = "k"\n    value = "v"\n  }\n}\n',
      ),
      ctx,
    );
    const tagBody = body.content(SCHEMAS.root).content.blocks[0].body;
    const first = tagBody.partialContent({ attributes: [{ name: 'key' }], blocks: [] });
    const rest = first.remain.content({ attributes: [{ name: 'value' }], blocks: [] });
    expect(show(evaluateSyntaxExpression(first.content.attributes.get('key')!.expr, ctx).value)).toBe(
      'k (sensitive)',
    );
    expect(show(evaluateSyntaxExpression(rest.content.attributes.get('value')!.expr, ctx).value)).toBe(
      'v (sensitive)',
    );
  });

  it('refuses a label that carries a mark', () => {
    const markedElements = new EvalContext({
      variables: { var: Value.object({ l: Value.list([Value.string('x').mark('sensitive')]) }) },
    });
    const body = expandDynamicBlocks(
      parseBody('dynamic "disk" {\n  for_each = var.l\n  labels = [disk.value]\n  content {}\n}\n'),
      markedElements,
    );
    expect(summarize(body.content(SCHEMAS.root).diagnostics)).toEqual([
      [
        'Invalid dynamic block label',
        'This value has dynamic marks that make it unsuitable for use as a block label.',
        '3:13-3:23',
      ],
    ]);
  });
});

describe('dynamic block errors', () => {
  const errors = (src: string, partial = false): [string, string, string][] => {
    const body = expandDynamicBlocks(parseBody(src), ctx);
    return summarize(
      partial ? body.partialContent(SCHEMAS.root).diagnostics : body.content(SCHEMAS.root).diagnostics,
    );
  };

  it('reports a dynamic block of a type the schema does not know at its type label, but not in partialContent', () => {
    const src = 'dynamic "nope" {\n  for_each = []\n  content {}\n}\n';
    expect(errors(src)).toEqual([
      ['Unsupported block type', 'Blocks of type "nope" are not expected here.', '1:9-1:15'],
    ]);
    expect(errors(src, true)).toEqual([]);
    // ...and then in the remainder's content().
    const remain = expandDynamicBlocks(parseBody(src), ctx).partialContent(SCHEMAS.root).remain;
    expect(summarize(remain.content({ attributes: [], blocks: [] }).diagnostics)).toEqual([
      ['Unsupported block type', 'Blocks of type "nope" are not expected here.', '1:9-1:15'],
    ]);
  });

  it('requires an iterator to be a single name', () => {
    expect(errors('dynamic "tag" {\n  for_each = []\n  iterator = a.b\n  content {}\n}\n')).toEqual([
      ['Invalid dynamic iterator name', 'Dynamic iterator must be a single variable name.', '3:14-3:17'],
    ]);
    expect(
      errors('dynamic "tag" {\n  for_each = []\n  iterator = "t"\n  content {}\n}\n').map((d) => d[0]),
    ).toEqual(['Invalid expression']);
  });

  it('requires for_each, and labels exactly when the block type has labels', () => {
    expect(errors('dynamic "tag" {\n  content {}\n}\n')).toEqual([
      [
        'Missing required argument',
        'The argument "for_each" is required, but no definition was found.',
        '1:15-1:15',
      ],
    ]);
    expect(errors('dynamic "disk" {\n  for_each = []\n  content {}\n}\n')).toEqual([
      [
        'Missing required argument',
        'The argument "labels" is required, but no definition was found.',
        '1:16-1:16',
      ],
    ]);
    expect(errors('dynamic "tag" {\n  for_each = []\n  labels = ["x"]\n  content {}\n}\n')).toEqual([
      ['Unsupported argument', 'An argument named "labels" is not expected here.', '3:3-3:9'],
    ]);
  });

  it('counts labels against the block type', () => {
    expect(errors('dynamic "disk" {\n  for_each = [1]\n  labels = ["a", "b"]\n  content {}\n}\n')).toEqual([
      ['Extraneous dynamic block label', 'Blocks of type "disk" require 1 label(s).', '3:18-3:21'],
    ]);
    expect(errors('dynamic "rule" {\n  for_each = [1]\n  labels = ["a"]\n  content {}\n}\n')).toEqual([
      ['Insufficient dynamic block labels', 'Blocks of type "rule" require 2 label(s).', '3:12-3:17'],
    ]);
    expect(errors('dynamic "disk" {\n  for_each = [1]\n  labels = var.names\n  content {}\n}\n')).toEqual([
      ['Invalid expression', 'A static list expression is required.', '3:12-3:21'],
    ]);
  });

  it('checks each label value', () => {
    const label = (expr: string): [string, string, string][] =>
      errors(`dynamic "disk" {\n  for_each = [1]\n  labels = [${expr}]\n  content {}\n}\n`);
    expect(label('null')).toEqual([
      ['Invalid dynamic block label', 'Cannot use a null value as a dynamic block label.', '3:13-3:17'],
    ]);
    expect(label('["x"]')).toEqual([
      [
        'Invalid dynamic block label',
        'Cannot use this value as a dynamic block label: string required.',
        '3:13-3:18',
      ],
    ]);
    expect(label('var.later')).toEqual([
      [
        'Invalid dynamic block label',
        'This value is not yet known. Dynamic block labels must be immediately-known values.',
        '3:13-3:22',
      ],
    ]);
    expect(label('disk.value')).toEqual([]); // a number converts to a string label
  });

  it('wants exactly one content block', () => {
    expect(errors('dynamic "tag" {\n  for_each = [1]\n}\n')).toEqual([
      [
        'Missing dynamic content block',
        'A dynamic block must have a nested block of type "content" to describe the body of each generated block.',
        '1:15-1:15',
      ],
    ]);
    expect(errors('dynamic "tag" {\n  for_each = [1]\n  content {}\n  content {}\n}\n')).toEqual([
      [
        'Extraneous dynamic content block',
        'Only one nested content block is allowed for each dynamic block.',
        '4:3-4:10',
      ],
    ]);
  });

  it('reports every faulty dynamic block and still expands the good ones', () => {
    const body = expandDynamicBlocks(
      parseBody(`
dynamic "tag" {
  for_each = 1
  content {}
}
dynamic "tag" {
  for_each = ["ok"]
  content {
    key = tag.value
  }
}
dynamic "tag" {
  for_each = null
  content {}
}
`),
      ctx,
    );
    const { content, diagnostics } = body.content(SCHEMAS.root);
    expect(diagnostics.map((d) => at(d.subject))).toEqual(['3:14-3:15', '13:14-13:18']);
    expect(content.blocks).toHaveLength(1);
  });
});

describe('partialContent', () => {
  it('takes what the schema names and leaves the rest, dynamic blocks included, for the remainder', () => {
    const body = expandDynamicBlocks(
      parseBody(`
name = "n"
dynamic "tag" {
  for_each = ["t"]
  content {
    key = tag.value
  }
}
dynamic "disk" {
  for_each = ["d"]
  labels   = [disk.value]
  content {}
}
tag {
  key = "static"
}
`),
      ctx,
    );
    const first = body.partialContent({
      attributes: [{ name: 'name' }],
      blocks: [{ type: 'tag', labelNames: [] }],
    });
    expect(summarize(first.diagnostics)).toEqual([]);
    expect([...first.content.attributes.keys()]).toEqual(['name']);
    expect(first.content.blocks.map((b) => b.type)).toEqual(['tag', 'tag']);

    const rest = first.remain.content(SCHEMAS.root);
    expect(summarize(rest.diagnostics)).toEqual([]);
    expect(rest.content.attributes.size).toBe(0);
    expect(rest.content.blocks.map((b) => [b.type, b.labels])).toEqual([['disk', ['d']]]);

    // Taking the same things twice is not an error; they are simply gone.
    const again = first.remain.partialContent({ attributes: [{ name: 'name' }], blocks: [] });
    expect(again.content.attributes.size).toBe(0);
    expect(summarize(again.diagnostics)).toEqual([]);
  });

  it('works over merged bodies (one per file)', () => {
    const merged = mergeBodies([
      parseBody(
        'dynamic "tag" {\n  for_each = ["a"]\n  content {\n    key = tag.value\n  }\n}\n',
        'a.pkr.hcl',
      ),
      parseBody('tag {\n  key = "b"\n}\n', 'b.pkr.hcl'),
    ]);
    const diags: Diagnostic[] = [];
    const root = decode(expandDynamicBlocks(merged, ctx), 'root', [], diags);
    expect(summarize(diags)).toEqual([]);
    expect(outline(root)).toEqual(['root {}', '  tag {key=a}', '  tag {key=b}']);
  });

  it('passes justAttributes through, binding the iterator', () => {
    const body = expandDynamicBlocks(
      parseBody('dynamic "tag" {\n  for_each = ["v"]\n  content {\n    anything = tag.value\n  }\n}\n'),
      ctx,
    );
    const generated = body.content(SCHEMAS.root).content.blocks[0].body;
    const { attributes, diagnostics } = generated.justAttributes();
    expect(diagnostics).toEqual([]);
    expect(show(evaluateSyntaxExpression(attributes.get('anything')!.expr, ctx).value)).toBe('v');
    expect(at(generated.missingItemRange())).toBe('3:11-3:11');
  });
});

describe('JSON syntax', () => {
  it('reads "dynamic": {"<type>": {...}} with for_each, iterator, labels and content', () => {
    const { root, diags } = expandAndDecode(
      `{
  "tag": [{"key": "first"}],
  "dynamic": {
    "tag": {
      "for_each": "\${var.tags}",
      "iterator": "t",
      "content": {"key": "\${t.key}", "value": "\${upper(t.value)}"}
    },
    "disk": {
      "for_each": "\${var.names}",
      "labels": ["/dev/\${disk.value}"],
      "content": {
        "size": "\${disk.key}",
        "dynamic": {
          "partition": {"for_each": ["x", "y"], "content": {"label": "\${disk.value}-\${partition.value}"}}
        }
      }
    }
  }
}`,
      't.pkr.json',
    );
    expect(summarize(diags)).toEqual([]);
    expect(outline(root)).toEqual([
      'root {}',
      '  tag {key=first}',
      '  tag {key=env, value=PROD}',
      '  tag {key=team, value=INFRA}',
      '  disk[/dev/a] {size=0}',
      '    partition {label=a-x}',
      '    partition {label=a-y}',
      '  disk[/dev/b] {size=1}',
      '    partition {label=b-x}',
      '    partition {label=b-y}',
    ]);
  });

  it('reports JSON dynamic block errors at JSON positions', () => {
    const { diags } = expandAndDecode(
      `{
  "dynamic": {
    "tag": {"for_each": "\${var.word}", "content": {}},
    "nope": {"for_each": [], "content": {}}
  }
}`,
      't.pkr.json',
    );
    expect(summarize(diags)).toEqual([
      [
        'Invalid dynamic for_each value',
        'Cannot use a string value in for_each. An iterable collection is required.',
        '3:25-3:38',
      ],
      ['Unsupported block type', 'Blocks of type "nope" are not expected here.', '4:5-4:11'],
    ]);
  });
});

describe('scoped expressions outside dynblock', () => {
  const native = (src: string): SyntaxExpression => {
    const attr = parseBody(`x = ${src}\n`).justAttributes().attributes.get('x');
    if (!attr) throw new Error('no attribute');
    return attr.expr;
  };
  const scope = new BoundVariables({ it: Value.string('bound') }, new Set(['sensitive']));

  it('static readings see through the scope', () => {
    const e = scopedExpression(native('"plain"'), scope);
    expect(literalString(e)).toBe('plain');
    expect(absTraversalForExpr(scopedExpression(native('var.a'), scope)).traversal?.length).toBe(2);
    expect(typeConstraintOf(scopedExpression(native('list(string)'), scope)).type).toEqual({
      kind: 'list',
      element: { kind: 'string' },
    });
    expect(at(expressionRange(e))).toBe('1:5-1:12');
  });

  it('list elements stay in the scope of their list', () => {
    const { exprs, diagnostics } = exprList(scopedExpression(native('[it, "x"]'), scope));
    expect(diagnostics).toEqual([]);
    expect(exprs.map((e) => show(evaluateSyntaxExpression(e, undefined).value))).toEqual([
      'bound (sensitive)',
      'x (sensitive)',
    ]);
  });

  it('an unknown scope yields unknown without evaluating, and refers to nothing', () => {
    const e = scopedExpression(native('fail("never")'), new BoundVariables({}, new Set(), true));
    expect(evaluateSyntaxExpression(e, ctx)).toEqual({ value: Value.DynamicUnknown, diagnostics: [] });
    expect(
      syntaxExpressionVariables(scopedExpression(native('var.a'), new BoundVariables({}, new Set(), true))),
    ).toEqual([]);
  });
});
