import type { BodyContent, BodySchema } from '../../src/hcl/body';
import { mergeBodies } from '../../src/hcl/body';
import { parseFile } from '../../src/hcl/parse';
import { exprList, literalString } from '../../src/hcl/static-expr';
import { at, parseBody, summarize } from '../support/diagnostics';

const rootSchema: BodySchema = {
  attributes: [],
  blocks: [
    { type: 'variable', labelNames: ['name'] },
    { type: 'source', labelNames: ['type', 'name'] },
    { type: 'build', labelNames: [] },
  ],
};
const buildSchema: BodySchema = {
  attributes: [{ name: 'name' }, { name: 'sources', required: true }],
  blocks: [{ type: 'provisioner', labelNames: ['type'] }],
};

const NATIVE = `
variable "region" {
  default = "eu-west-1"
}
source "null" "a" {
  communicator = "none"
}
source "null" "b" {
  communicator = "none"
}
build {
  name    = "b"
  sources = ["source.null.a", "source.null.b"]
  provisioner "shell-local" {
    inline = ["echo 1"]
  }
  provisioner "shell-local" {
    inline = ["echo 2"]
  }
}
`;

const JSON_SYNTAX = `{
  "variable": {"region": {"default": "eu-west-1"}},
  "source": {
    "null": {
      "a": {"communicator": "none"},
      "b": {"communicator": "none"}
    }
  },
  "build": {
    "name": "b",
    "sources": ["source.null.a", "source.null.b"],
    "provisioner": [
      {"shell-local": {"inline": ["echo 1"]}},
      {"shell-local": {"inline": ["echo 2"]}}
    ]
  }
}`;

/** A syntax-independent picture of decoded content: block headers and literal attribute values. */
function shape(content: BodyContent, nested: (type: string) => BodySchema | undefined): unknown {
  return {
    attributes: [...content.attributes.values()].map((a) => [
      a.name,
      literalString(a.expr) ?? exprList(a.expr).exprs.map(literalString),
    ]),
    blocks: content.blocks.map((b) => {
      const s = nested(b.type);
      const inner = s ? b.body.content(s) : b.body.justAttributes();
      expect(inner.diagnostics).toEqual([]);
      return [
        b.type,
        ...b.labels,
        'content' in inner ? shape(inner.content, () => undefined) : [...inner.attributes.keys()],
      ];
    }),
  };
}

describe('native and JSON bodies', () => {
  it('decode the same template to equivalent content', () => {
    const nested = (t: string): BodySchema | undefined => (t === 'build' ? buildSchema : undefined);
    const results = [parseBody(NATIVE, 't.pkr.hcl'), parseBody(JSON_SYNTAX, 't.pkr.json')].map((b) => {
      const r = b.content(rootSchema);
      expect(r.diagnostics).toEqual([]);
      return shape(r.content, nested);
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[0]).toEqual({
      attributes: [],
      blocks: [
        ['variable', 'region', ['default']],
        ['source', 'null', 'a', ['communicator']],
        ['source', 'null', 'b', ['communicator']],
        [
          'build',
          {
            attributes: [
              ['name', 'b'],
              ['sources', ['source.null.a', 'source.null.b']],
            ],
            blocks: [
              ['provisioner', 'shell-local', ['inline']],
              ['provisioner', 'shell-local', ['inline']],
            ],
          },
        ],
      ],
    });
  });
});

describe('native body schema diagnostics', () => {
  const schema: BodySchema = {
    attributes: [{ name: 'communicator' }, { name: 'count', required: true }],
    blocks: [
      { type: 'provisioner', labelNames: ['type'] },
      { type: 'post', labelNames: [] },
    ],
  };

  it('reports unsupported arguments and blocks with did-you-mean hints', () => {
    const src = `communicatr = "none"
cuont = 1
provisoner "x" {}
post = 1
communicator {}
`;
    expect(summarize(parseBody(src, 't.pkr.hcl').content(schema).diagnostics)).toEqual([
      [
        'Missing required argument',
        'The argument "count" is required, but no definition was found.',
        '1:1-1:1',
      ],
      [
        'Unsupported argument',
        'An argument named "communicatr" is not expected here. Did you mean "communicator"?',
        '1:1-1:12',
      ],
      [
        'Unsupported argument',
        'An argument named "cuont" is not expected here. Did you mean "count"?',
        '2:1-2:6',
      ],
      [
        'Unsupported argument',
        'An argument named "post" is not expected here. Did you mean to define a block of type "post"?',
        '4:1-4:5',
      ],
      [
        'Unsupported block type',
        'Blocks of type "provisoner" are not expected here. Did you mean "provisioner"?',
        '3:1-3:11',
      ],
      [
        'Unsupported block type',
        'Blocks of type "communicator" are not expected here. Did you mean to define argument "communicator"? If so, use the equals sign to assign it a value.',
        '5:1-5:13',
      ],
    ]);
  });

  it('reports missing and extraneous labels with the header as context', () => {
    const src = `count = 1
provisioner {}
provisioner "a" "b" {}
post "x" {}
`;
    const diags = parseBody(src, 't.pkr.hcl').content(schema).diagnostics;
    expect(summarize(diags)).toEqual([
      ['Missing type for provisioner', 'All provisioner blocks must have 1 labels (type).', '2:13-2:14'],
      [
        'Extraneous label for provisioner',
        'Only 1 labels (type) are expected for provisioner blocks.',
        '3:17-3:20',
      ],
      ['Extraneous label for post', 'No labels are expected for post blocks.', '4:6-4:9'],
    ]);
    expect(at(diags[0].context)).toBe('2:1-2:14');
  });

  it('points a missing required argument in a block at its opening brace', () => {
    const root = parseBody('build {\n}\n', 't.pkr.hcl').content({
      attributes: [],
      blocks: [{ type: 'build', labelNames: [] }],
    });
    const inner = root.content.blocks[0].body.content({
      attributes: [{ name: 'sources', required: true }],
      blocks: [],
    });
    expect(summarize(inner.diagnostics)).toEqual([
      [
        'Missing required argument',
        'The argument "sources" is required, but no definition was found.',
        '1:7-1:7',
      ],
    ]);
    expect(at(root.content.blocks[0].range)).toBe('1:1-1:6');
  });

  it('partialContent leaves the rest for a later decoder, and justAttributes rejects blocks', () => {
    const b = parseBody('count = 1\nextra = 2\npost {}\n', 't.pkr.hcl');
    const first = b.partialContent({
      attributes: [{ name: 'count' }],
      blocks: [{ type: 'post', labelNames: [] }],
    });
    expect(first.diagnostics).toEqual([]);
    expect(first.content.blocks).toHaveLength(1);
    const rest = first.remain.justAttributes();
    expect([...rest.attributes.keys()]).toEqual(['extra']);
    expect(summarize(rest.diagnostics)).toEqual([
      ['Unexpected "post" block', 'Blocks are not allowed here.', '3:1-3:5'],
    ]);
  });
});

describe('mergeBodies', () => {
  it('concatenates blocks across syntaxes and rejects an argument set twice', () => {
    const a = parseBody('x = 1\nbuild {}\n', 'a.pkr.hcl');
    const b = parseBody('{"x": 2, "build": {}}', 'b.pkr.json');
    const merged = mergeBodies([a, mergeBodies([b])]);
    const r = merged.content({
      attributes: [{ name: 'x' }, { name: 'y', required: true }],
      blocks: [{ type: 'build', labelNames: [] }],
    });
    expect(r.content.blocks.map((bl) => bl.range.filename)).toEqual(['a.pkr.hcl', 'b.pkr.json']);
    expect(summarize(r.diagnostics)).toEqual([
      ['Duplicate argument', 'Argument "x" was already set at a.pkr.hcl:1,1-2', '1:2-1:5'],
      ['Missing required argument', 'The argument "y" is required, but was not set.', '-'],
    ]);
    expect(merged.justAttributes().diagnostics.map((d) => d.summary)).toEqual([
      'Unexpected "build" block',
      'Duplicate argument',
    ]);
  });
});

describe('parseFile', () => {
  it('keeps a usable body when the JSON has syntax errors', () => {
    const r = parseFile('{"build": {"name": "x" "y": 1}, "variable": {"v": {}}}', 'bad.pkr.json');
    expect(r.diagnostics.map((d) => d.summary)).toEqual(['Missing attribute seperator comma']);
    const c = r.body.content(rootSchema);
    expect(c.diagnostics).toEqual([]);
    expect(c.content.blocks.map((b) => [b.type, ...b.labels])).toEqual([['build'], ['variable', 'v']]);
  });

  it('chooses the syntax by the .json suffix only', () => {
    expect(parseFile('{"a": 1}', 'x.pkr.hcl').diagnostics.length).toBeGreaterThan(0);
    expect(parseFile('a = 1', 'x.pkrvars.json').diagnostics.map((d) => d.summary)).toEqual([
      'Invalid JSON keyword',
    ]);
  });
});
