import { parseFile } from '../../src/hcl/parse';
import { expandDynamicBlocks } from '../../src/eval/dynblock';
import { decodeBuilds } from '../../src/template/builds';
import { overlayBody } from '../../src/template/override-body';
import { TEMPLATE_SCHEMA } from '../../src/template/scope';
import { baseContext, described } from './build-blocks';

function body(src: string, filename = 'o.pkr.hcl') {
  return parseFile(src, filename).body;
}

const SCHEMA = {
  attributes: [{ name: 'a', required: true }, { name: 'b' }],
  blocks: [{ type: 'blk', labelNames: [] }],
};

describe('overlayBody', () => {
  test('override arguments replace the base ones; the rest stay', () => {
    const over = overlayBody(body('a = 1\nb = 2\n'), body('b = 3\n', 'x.pkr.hcl'));
    const { content, diagnostics } = over.content(SCHEMA);
    expect(diagnostics).toEqual([]);
    expect(content.attributes.get('a')!.range.filename).toBe('o.pkr.hcl');
    expect(content.attributes.get('b')!.range.filename).toBe('x.pkr.hcl');
  });

  test('a required argument may come from either side, and is missing from both', () => {
    expect(overlayBody(body('b = 1\n'), body('a = 1\n')).content(SCHEMA).diagnostics).toEqual([]);
    const { diagnostics } = overlayBody(body('b = 1\n'), body('b = 2\n')).content(SCHEMA);
    expect(described(diagnostics)).toEqual(['error: Missing required argument @ o.pkr.hcl:1,1-1']);
  });

  test('override blocks replace all base blocks of their type', () => {
    const over = overlayBody(body('a = 1\nblk {\n}\nblk {\n}\n'), body('blk {\n  }\n', 'x.pkr.hcl'));
    const { content } = over.content(SCHEMA);
    expect(content.blocks.map((b) => b.range.filename)).toEqual(['x.pkr.hcl']);
    const keep = overlayBody(body('a = 1\nblk {\n}\n'), body('b = 1\n', 'x.pkr.hcl')).content(SCHEMA);
    expect(keep.content.blocks).toHaveLength(1);
  });

  test('unexpected arguments on either side are reported', () => {
    const { diagnostics } = overlayBody(body('a = 1\nc = 1\n'), body('d = 1\n', 'x.pkr.hcl')).content(SCHEMA);
    expect(described(diagnostics)).toEqual([
      'error: Unsupported argument @ o.pkr.hcl:2,1-2',
      'error: Unsupported argument @ x.pkr.hcl:1,1-2',
    ]);
  });

  test('partialContent leaves the rest of both sides', () => {
    const over = overlayBody(body('a = 1\nc = 1\n'), body('a = 2\nd = 1\n', 'x.pkr.hcl'));
    const { content, remain } = over.partialContent({ attributes: [{ name: 'a' }], blocks: [] });
    expect(content.attributes.get('a')!.range.filename).toBe('x.pkr.hcl');
    const rest = remain.justAttributes();
    expect([...rest.attributes.keys()].sort()).toEqual(['c', 'd']);
  });
});

test('dynamic provisioner blocks in a build expand when the file body is wrapped, as Packer does', () => {
  const ctx = baseContext();
  const file = expandDynamicBlocks(
    body(`build {
  sources = ["null.a"]
  dynamic "provisioner" {
    for_each = ["one", "two"]
    labels   = ["shell-local"]
    content {
      name   = provisioner.value
      inline = ["echo \${provisioner.value}"]
    }
  }
}
`),
    ctx,
  );
  const { content } = file.content(TEMPLATE_SCHEMA);
  const { builds, diagnostics } = decodeBuilds(content.blocks, ctx);
  expect(diagnostics).toEqual([]);
  expect(builds[0].provisioners.map((p) => [p.type, p.name])).toEqual([
    ['shell-local', 'one'],
    ['shell-local', 'two'],
  ]);
});
