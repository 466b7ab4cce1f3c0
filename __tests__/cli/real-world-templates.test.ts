import { tempTemplate } from '../support/temp';
import { kiln } from '../support/kiln';

// Patterns found in public templates (chef/bento, amazon-eks-ami...) that Packer accepts.

describe('only/except = null', () => {
  // chef/bento: `except = var.is_windows ? [...] : null`. gocty decodes a null list to a nil slice.
  const TEMPLATE = `
variable "is_windows" {
  type    = bool
  default = false
}
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    except = var.is_windows ? ["null.a"] : null
    inline = ["echo prov"]
  }
  provisioner "shell-local" {
    only   = null
    inline = ["echo prov2"]
  }
  post-processor "shell-local" {
    except = null
    inline = ["echo pp"]
  }
}
`;

  it('decodes to an empty list: valid, inspected and run like no filter at all', async () => {
    const dir = tempTemplate({ 't.pkr.hcl': TEMPLATE });
    const validate = await kiln(['validate', 't.pkr.hcl'], dir);
    expect(validate.err).toBe('');
    expect(validate.code).toBe(0);
    const inspect = await kiln(['inspect', 't.pkr.hcl'], dir);
    expect(inspect.out).toContain('    sources:\n\n      null.a\n');
    const build = await kiln(['build', '-color=false', 't.pkr.hcl'], dir);
    expect(build.code).toBe(0);
    for (const line of ['prov', 'prov2']) expect(build.out).toContain(`    null.a: ${line}\n`);
    // A post-processor's own lines are shown under Packer's TargetedUI target `<build> (<type>)`.
    expect(build.out).toContain('    null.a (shell-local): pp\n');
  });

  it('still refuses a null element inside the list', async () => {
    const dir = tempTemplate({ 't.pkr.hcl': TEMPLATE.replace('only   = null', 'only   = [null]') });
    const r = await kiln(['validate', 't.pkr.hcl'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Unsuitable value: value must not be null');
  });
});

describe('inspect -machine-readable', () => {
  // amazon-eks-ami's Makefile: `packer inspect -machine-readable template.json | grep template-variable`.
  const LEGACY = JSON.stringify({
    description: 'eks, node',
    variables: { aws_region: 'us-west-2', ami_name: null, secret: 'hunter2' },
    'sensitive-variables': ['secret'],
    builders: [
      { type: 'null', name: 'vm-{{user `suffix`}}', communicator: 'none' },
      { type: 'file', content: 'x', target: 'out' },
    ],
    provisioners: [{ type: 'shell-local', inline: ['echo hi'] }],
  });
  const stripTime = (out: string): string[] => out.split('\n').map((l) => l.replace(/^\d+,/, 'T,'));

  it("writes a legacy JSON template's rows as Packer's Core.InspectConfig does", async () => {
    const dir = tempTemplate({ 'template.json': LEGACY });
    const r = await kiln(['inspect', '-machine-readable', 'template.json'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(stripTime(r.out)).toEqual([
      'T,,ui,say,Packer Inspect: JSON mode',
      'T,,ui,say,Description:\\n',
      'T,,ui,say,eks%!(PACKER_COMMA) node\\n',
      'T,,ui,say,Required variables:\\n',
      'T,,template-variable,ami_name,,1',
      'T,,ui,say,  ami_name',
      'T,,ui,say,',
      'T,,ui,say,Optional variables and their defaults:\\n',
      'T,,template-variable,aws_region,us-west-2,0',
      'T,,ui,say,  aws_region = us-west-2',
      'T,,template-variable,secret,<sensitive>,0',
      'T,,ui,say,  secret     = <sensitive>',
      'T,,ui,say,',
      'T,,ui,say,Builders:\\n',
      'T,,template-builder,file,file',
      'T,,ui,say,  file                ',
      // The raw name: Packer interpolates builder names only when it builds.
      'T,,template-builder,vm-{{user `suffix`}},null',
      'T,,ui,say,  vm-{{user `suffix`}} (null)',
      'T,,ui,say,',
      'T,,ui,say,Provisioners:\\n',
      'T,,template-provisioner,shell-local',
      'T,,ui,say,  shell-local',
      "T,,ui,say,\\nNote: If your build names contain user variables or template\\nfunctions such as 'timestamp'%!(PACKER_COMMA) these are processed at build time%!(PACKER_COMMA)\\nand therefore only show in their raw form here.",
      '',
    ]);
    expect(r.out.split('\n').filter((l) => l.includes(',template-variable,'))).toHaveLength(3);
  });

  it('shows legacy builder names raw in the plain listing too, whatever -var says', async () => {
    const dir = tempTemplate({ 'template.json': LEGACY });
    const r = await kiln(['inspect', '-var', 'suffix=x', 'template.json'], dir);
    expect(r.out).toContain('\n  vm-{{user `suffix`}} (null)\n');
    expect(r.out).not.toContain('vm-x');
  });

  it("writes an HCL2 template as Packer's three ui,say texts", async () => {
    const dir = tempTemplate({
      't.pkr.hcl': `
variable "v" {
  default = "a"
}
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
}
`,
    });
    const plain = await kiln(['inspect', 't.pkr.hcl'], dir);
    const r = await kiln(['inspect', '-machine-readable', 't.pkr.hcl'], dir);
    expect(r.code).toBe(0);
    const rows = stripTime(r.out);
    expect(rows).toEqual([
      'T,,ui,say,Packer Inspect: HCL2 mode\\n',
      'T,,ui,say,> input-variables:\\n\\nvar.v: "a"\\n\\n> local-variables:\\n\\n',
      expect.stringMatching(/^T,,ui,say,> builds:\\n\\n {2}> <unnamed build 0>:\\n/),
      '',
    ]);
    // The same texts as the plain output, each with Say's newline.
    const texts = rows.slice(0, 3).map((l) => l.slice('T,,ui,say,'.length).replace(/\\n/g, '\n') + '\n');
    expect(texts.join('')).toBe(plain.out);
  });
});

describe('path.root of a single-file template', () => {
  it.each([
    ['./sub/t.pkr.hcl', 'sub'],
    ['sub//t.pkr.hcl', 'sub'],
    ['sub/./t.pkr.hcl', 'sub'],
    ['t.pkr.hcl', '.'],
  ])('%s gives %s, cleaned as Go filepath.Dir does', async (arg, root) => {
    const text = 'locals {\n  r = path.root\n}\n';
    const dir = tempTemplate({ 'sub/t.pkr.hcl': text, 't.pkr.hcl': text });
    const r = await kiln(['inspect', arg], dir);
    expect(r.out).toContain(`local.r: "${root}"`);
  });
});

describe('HCP Packer registry blocks', () => {
  const TEMPLATE = `
hcp_packer_registry {
  bucket_name = "bucket-top"
}
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
  hcp_packer_registry {
    bucket_name = "bucket-build"
  }
}
`;

  it('a top-level block and one in a build: validate passes, build refuses, as Packer', async () => {
    const dir = tempTemplate({ 't.pkr.hcl': TEMPLATE });
    const validate = await kiln(['validate', 't.pkr.hcl'], dir);
    expect(validate.code).toBe(0);
    expect(validate.err).not.toContain('Multiple HCP Packer registry block declaration');
    expect(validate.out).toContain('The configuration is valid.');
    const build = await kiln(['build', '-color=false', 't.pkr.hcl'], dir);
    expect(build.code).toBe(1);
    expect(build.err).toContain('Error: Multiple HCP Packer registry block declaration');
    expect(build.err).toContain('Warning: Build block level hcp_packer_registry are deprecated');
  });
});

describe("Packer's wording", () => {
  it('keeps the suggested variable block indented, and two blank lines before "valid"', async () => {
    const dir = tempTemplate({
      't.pkr.hcl':
        'source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.a"]\n}\n',
      'v.pkrvars.hcl': 'foo = "x"\n',
    });
    const r = await kiln(['validate', '-var-file', 'v.pkrvars.hcl', 't.pkr.hcl'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'variable "foo" {\n  type    = string\n  default = null\n}\n\n\nThe configuration is valid.\n',
    );
  });
});

describe('a template saved as UTF-16', () => {
  it('is one "Invalid character encoding" at its start, as Packer says', async () => {
    const dir = tempTemplate({});
    const fs = await import('fs');
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('source "null" "a" {}\n', 'utf16le'),
    ]);
    fs.writeFileSync(`${dir}/u.pkr.hcl`, utf16);
    const r = await kiln(['validate', 'u.pkr.hcl'], dir);
    expect(r.code).toBe(1);
    expect(r.err.match(/^Error: /gm)).toHaveLength(1);
    expect(r.err).toContain('Error: Invalid character encoding\n\n  on u.pkr.hcl line 1:\n');
    expect(r.err).toContain(
      'All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in\nyour editor.',
    );
  });
});
