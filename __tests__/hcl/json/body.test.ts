import type { BodySchema, HclBody } from '../../../src/hcl/body';
import { jsonBody } from '../../../src/hcl/json/body';
import { parseJSON } from '../../../src/hcl/json/parser';
import { at, summarize } from '../../support/diagnostics';

function body(src: string): HclBody {
  const p = parseJSON(src, 't.pkr.json');
  expect(p.diagnostics).toEqual([]);
  const b = jsonBody(p.root, 't.pkr.json');
  expect(b.diagnostics).toEqual([]);
  return b.body;
}

const schema: BodySchema = {
  attributes: [{ name: 'name' }, { name: 'count', required: true }],
  blocks: [
    { type: 'source', labelNames: ['type', 'name'] },
    { type: 'build', labelNames: [] },
  ],
};

describe('jsonBody', () => {
  it('rejects a root that is not an object or array', () => {
    const p = parseJSON(' "x"', 't.pkr.json');
    const b = jsonBody(p.root, 't.pkr.json');
    expect(summarize(b.diagnostics)).toEqual([
      [
        'Root value must be object',
        'The root value in a JSON-based configuration must be either a JSON object or a JSON array of objects.',
        '1:2-1:5',
      ],
    ]);
    // The stand-in body is empty and quiet.
    expect(b.body.content({ attributes: [], blocks: [] }).diagnostics).toEqual([]);
  });

  it('splits properties into attributes and labelled blocks by schema', () => {
    const b = body(`{
  "name": "x",
  "count": 2,
  "source": {"null": {"a": {"x": 1}, "b": {"y": 2}}},
  "build": [{"p": 1}, {"p": 2}],
  "//": "a comment"
}`);
    const { content, diagnostics } = b.content(schema);
    expect(diagnostics).toEqual([]);
    expect([...content.attributes.keys()]).toEqual(['name', 'count']);
    expect(at(content.attributes.get('name')?.nameRange)).toBe('2:3-2:9');
    expect(at(content.attributes.get('name')?.range)).toBe('2:3-2:14');
    expect(content.blocks.map((bl) => [bl.type, ...bl.labels])).toEqual([
      ['source', 'null', 'a'],
      ['source', 'null', 'b'],
      ['build'],
      ['build'],
    ]);
    const [a, , build1] = content.blocks;
    expect(at(a.typeRange)).toBe('4:3-4:11');
    expect(a.labelRanges.map(at)).toEqual(['4:14-4:20', '4:23-4:26']);
    // A block's definition range is its opening brace (or the array's opening bracket).
    expect(at(a.range)).toBe('4:28-4:29');
    expect(at(build1.range)).toBe('5:12-5:13');
    expect([...a.body.justAttributes().attributes.keys()]).toEqual(['x']);
  });

  it('accepts repeated blocks as a repeated key and inside a root array', () => {
    const b = body('[{"build": {"p": 1}, "count": 1}, {"build": {"p": 2}}, {"build": null}]');
    const { content, diagnostics } = b.content(schema);
    expect(diagnostics).toEqual([]);
    expect(content.blocks).toHaveLength(2);
    const b2 = body('{"count": 1, "build": {"p": 1}, "build": {"p": 2}}');
    expect(b2.content(schema).content.blocks).toHaveLength(2);
  });

  it('reports extraneous properties with suggestions, duplicates and missing arguments', () => {
    const b = body('{"cuont": "x", "sorce": {}, "name": "y", "name": "z"}');
    expect(summarize(b.content(schema).diagnostics)).toEqual([
      ['Duplicate argument', 'The argument "name" was already set at t.pkr.json:1,29-40.', '1:42-1:48'],
      [
        'Missing required argument',
        'The argument "count" is required, but no definition was found.',
        '1:53-1:54',
      ],
      [
        'Extraneous JSON object property',
        'No argument or block type is named "cuont". Did you mean "count"?',
        '1:2-1:9',
      ],
      [
        'Extraneous JSON object property',
        'No argument or block type is named "sorce". Did you mean "source"?',
        '1:16-1:23',
      ],
    ]);
  });

  it('reports label and block-value problems', () => {
    const b = body('{"count": 1, "source": {"null": {}}, "build": "x", "source": ["y"]}');
    expect(summarize(b.content(schema).diagnostics)).toEqual([
      [
        'Missing block label',
        `At least one object property is required, whose name represents the source block's name.`,
        '1:33-1:34',
      ],
      [
        'Incorrect JSON value type',
        'Either a JSON object or a JSON array is required, representing the contents of one or more "build" blocks.',
        '1:47-1:50',
      ],
      [
        'Incorrect JSON value type',
        'A JSON object is required here, to specify type labels for this block.',
        '1:63-1:66',
      ],
    ]);
  });

  it('partialContent hides what it consumed from the remaining body', () => {
    const b = body('{"count": 1, "build": {}, "other": 3}');
    const first = b.partialContent({
      attributes: [{ name: 'count' }],
      blocks: [{ type: 'build', labelNames: [] }],
    });
    expect(first.diagnostics).toEqual([]);
    expect(first.content.blocks).toHaveLength(1);
    const rest = first.remain.justAttributes();
    // "build" was consumed as a block type, so only "other" is left.
    expect([...rest.attributes.keys()]).toEqual(['other']);
    const again = first.remain.content({ attributes: [{ name: 'other' }], blocks: [] });
    expect(again.diagnostics).toEqual([]);
    expect([...again.content.attributes.keys()]).toEqual(['other']);
  });

  it('justAttributes skips comments and reports duplicates and non-objects', () => {
    const b = body('{"a": 1, "//": "note", "a": 2}');
    const r = b.justAttributes();
    expect([...r.attributes.keys()]).toEqual(['a']);
    expect(summarize(r.diagnostics)).toEqual([
      [
        'Duplicate attribute definition',
        'The argument "a" was already set at t.pkr.json:1,2-8.',
        '1:24-1:27',
      ],
    ]);
    const arr = body('[{"a": 1}]').justAttributes();
    expect(summarize(arr.diagnostics)).toEqual([
      [
        'Incorrect JSON value type',
        'A JSON object is required here, setting the arguments for this block.',
        '1:1-1:2',
      ],
    ]);
  });

  it('reports a body element of the wrong type when its content is requested', () => {
    const b = body('{"count": 1, "build": [{"p": 1}, 3]}');
    const blocks = b.content({ attributes: [{ name: 'count' }], blocks: [{ type: 'build', labelNames: [] }] })
      .content.blocks;
    expect(blocks).toHaveLength(2);
    expect(summarize(blocks[1].body.content({ attributes: [], blocks: [] }).diagnostics)).toEqual([
      [
        'Incorrect JSON value type',
        'Either a JSON object or JSON array of objects is required here, to define arguments and child blocks.',
        '1:34-1:35',
      ],
    ]);
  });
});
