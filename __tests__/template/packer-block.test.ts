import { load, summaries } from './helpers';
import { tempTemplate } from '../support/temp';

const UNSUPPORTED_DETAIL =
  'This configuration does not support Packer version 1.16.1. To proceed, either choose another supported Packer version or update this version constraint. Version constraints are normally set for good reason, so updating the constraint may lead to other errors or unexpected behavior.';

function packer(body: string, rest = ''): string {
  return `packer {\n${body}\n}\n${rest}`;
}

describe('packer { required_version }', () => {
  it('accepts constraints Packer 1.16.1 satisfies, from every packer block', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': packer('  required_version = ">= 1.7.0, < 2"'),
      'b.pkr.hcl': packer('  required_version = "~> 1.16.0"'),
      'c.pkr.json': JSON.stringify({ packer: { required_version: '1.16.1' } }),
    });
    const s = await load(dir);
    expect(s.diagnostics).toEqual([]);
    expect(
      s.packer.requiredVersions.map((v) => [v.constraint, v.range.filename, v.range.start.line]),
    ).toEqual([
      ['>= 1.7.0, < 2', 'a.pkr.hcl', 2],
      ['~> 1.16.0', 'b.pkr.hcl', 2],
      ['1.16.1', 'c.pkr.json', 1],
    ]);
  });

  it('stops before decoding anything else when the version is not supported', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': packer(
        '  required_version = "< 1.10"',
        'unknown_block {\n}\nlocals {\n  x = local.y\n}\n',
      ),
      'b.pkr.hcl': packer('  required_version = ">= 1.0"', 'variable "v" {\n  default = 1\n}\n'),
    });
    const s = await load(dir);
    expect(summaries(s.diagnostics)).toEqual(['Unsupported Packer Core version']);
    expect(s.diagnostics[0].detail).toBe(UNSUPPORTED_DETAIL);
    expect(s.diagnostics[0].subject).toMatchObject({
      filename: 'a.pkr.hcl',
      start: { line: 2, column: 3 },
      end: { line: 2, column: 30 },
    });
    expect(s.initDiagnostics).toEqual([]);
    expect(s.variables.size).toBe(0);
    expect(s.blocks).toEqual([]);
  });

  it('reports every unsatisfied constraint, prereleases of the version included', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': packer('  required_version = "> 1.16.1"'),
      'b.pkr.hcl': packer('  required_version = ">= 1.17.0-beta"'),
      'c.pkr.hcl': packer('  required_version = "!= 1.16.1"'),
    });
    const s = await load(dir);
    expect(s.diagnostics.map((d) => [d.summary, d.subject?.filename])).toEqual([
      ['Unsupported Packer Core version', 'a.pkr.hcl'],
      ['Unsupported Packer Core version', 'b.pkr.hcl'],
      ['Unsupported Packer Core version', 'c.pkr.hcl'],
    ]);
  });

  it('reports malformed and non-string constraints, and goes on decoding', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': packer('  required_version = "banana"', 'foo {\n}\n'),
      'b.pkr.hcl': packer('  required_version = ["1.0"]'),
      'c.pkr.hcl': packer('  required_version = null'),
    });
    const s = await load(dir);
    expect(s.diagnostics.map((d) => [d.summary, d.detail])).toEqual([
      [
        'Invalid version constraint',
        'This string does not use correct version constraint syntax. Check out the docs: https://packer.io/docs/templates/hcl_templates/blocks/packer#version-constraints',
      ],
      ['Invalid version constraint', 'A string value is required for required_version.'],
      ['Unsupported block type', expect.stringContaining('Blocks of type "foo" are not expected here.')],
    ]);
    expect(s.diagnostics[0].subject).toMatchObject({
      start: { line: 2, column: 22 },
      end: { line: 2, column: 30 },
    });
    expect(s.packer.requiredVersions).toEqual([]);
  });

  it('requires a constant: no variables, no functions', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': packer('  required_version = var.v', 'variable "v" {\n  default = ">= 1"\n}\n'),
      'b.pkr.hcl': packer('  required_version = lower(">= 1")'),
      'c.pkr.hcl': packer('  required_version = 1'),
    });
    const s = await load(dir);
    // A number converts to the string "1", which Packer reads as "= 1".
    expect(summaries(s.diagnostics)).toEqual([
      'Variables not allowed',
      'Function calls not allowed',
      'Unsupported Packer Core version',
    ]);
  });

  it('rejects unknown arguments and blocks in the packer block', async () => {
    const dir = tempTemplate({ 'a.pkr.hcl': packer('  version = "1"\n  plugins {\n  }') });
    expect(summaries((await load(dir)).diagnostics)).toEqual([
      'Unsupported argument',
      'Unsupported block type',
    ]);
  });
});

describe('packer { required_plugins }', () => {
  const plugins = (entries: string): string => packer(`  required_plugins {\n${entries}\n  }`);

  it('decodes source and version constraints', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': plugins(
        '    docker = {\n      source  = "github.com/hashicorp/docker"\n      version = ">= 1.0.8"\n    }\n' +
          '    amazon = {\n      version = "~> v1.2.3"\n      source  = "example.com/a/b/amazon"\n    }',
      ),
      'b.pkr.json': JSON.stringify({
        packer: {
          required_plugins: { ansible: { source: 'github.com/hashicorp/ansible', version: '1.1.1' } },
        },
      }),
    });
    const s = await load(dir);
    expect(s.diagnostics).toEqual([]);
    expect(s.packer.requiredPlugins.map((p) => [p.name, p.source, p.version, p.range.start.line])).toEqual([
      ['docker', 'github.com/hashicorp/docker', '>= 1.0.8', 3],
      ['amazon', 'example.com/a/b/amazon', '~> v1.2.3', 7],
      ['ansible', 'github.com/hashicorp/ansible', '1.1.1', 1],
    ]);
  });

  it('explains that the shorthand `name = "version"` is not possible', async () => {
    const dir = tempTemplate({ 'a.pkr.hcl': plugins('    amazon = ">= 1.2, < 2"\n    docker = true') });
    const s = await load(dir);
    expect(s.diagnostics.map((d) => d.detail)).toEqual([
      '\'amazon = ">= 1.2, < 2"\' plugin requirement calls are not possible. You must define a whole block. For example:\n' +
        'amazon = {\n  source  = "github.com/hashicorp/amazon"\n  version = ">= 1.2, < 2"\n}',
      '\'docker = "version"\' plugin requirement calls are not possible. You must define a whole block. For example:\n' +
        'docker = {\n  source  = "github.com/hashicorp/docker"\n  version = "version"\n}',
    ]);
    expect(summaries(s.diagnostics)).toEqual(['Invalid plugin requirement', 'Invalid plugin requirement']);
    expect(s.packer.requiredPlugins).toEqual([]);
  });

  it('reports missing, mistyped and malformed fields with Packer wording', async () => {
    const entry = (name: string, fields: string): string => `    ${name} = {\n${fields}\n    }\n`;
    const dir = tempTemplate({
      'a.pkr.hcl': plugins(
        entry('a', '      source = "github.com/hashicorp/a"') +
          entry('b', '      source = "github.com/hashicorp/b"\n      version = 1') +
          entry('c', '      source = "github.com/hashicorp/c"\n      version = "one"') +
          entry('d', '      source = "github.com/hashicorp/d"\n      version = ">= 1.0.0-beta"') +
          entry('e', '      version = "1.0"') +
          entry('f', '      version = "1.0"\n      source = 12') +
          entry('g', '      version = "1.0"\n      source = "github.com/hashicorp/g"\n      extra = 1') +
          '    h = ["x"]',
      ),
    });
    const s = await load(dir);
    expect(s.diagnostics.map((d) => [d.summary, d.detail])).toEqual([
      [
        'No version constraint was set',
        'The version field must be specified as a string. Ex: `version = ">= 1.2.0, < 2.0.0". See https://www.packer.io/docs/templates/hcl_templates/blocks/packer#version-constraints for docs',
      ],
      [
        'Invalid version constraint',
        'Version must be specified as a string. See https://www.packer.io/docs/templates/hcl_templates/blocks/packer#version-constraint-syntax for docs.',
      ],
      [
        'Invalid version constraint',
        'This string does not use correct version constraint syntax. See https://www.packer.io/docs/templates/hcl_templates/blocks/packer#version-constraint-syntax for docs.\nmalformed constraint: one',
      ],
      ['Invalid version constraint', 'Unsupported prerelease for constraint ">= 1.0.0-beta"'],
      [
        'No source was set',
        'The source field must be specified as a string. Ex: `source = "coolcloud". See https://www.packer.io/docs/templates/hcl_templates/blocks/packer#specifying-plugin-requirements for docs',
      ],
      ['Invalid source', 'Source must be specified as a string. For example: source = "coolcloud"'],
      [
        'Invalid required_plugins object',
        'required_plugins objects can only contain "version" and "source" attributes.',
      ],
      ['Invalid required_plugins syntax', 'required_plugins entries must be objects.'],
    ]);
    // Like Packer, a prerelease constraint or an extra attribute still records the requirement.
    expect(s.packer.requiredPlugins.map((p) => p.name)).toEqual(['d', 'g']);
  });

  it('checks local names as Packer does', async () => {
    const ok = '{\n      source = "github.com/hashicorp/x"\n      version = "1.0"\n    }';
    const dir = tempTemplate({
      'a.pkr.hcl': plugins(`    Docker = ${ok}\n    my_plugin = ${ok}\n    x- = ${ok}`),
    });
    const s = await load(dir);
    expect(s.diagnostics.map((d) => [d.summary, d.detail])).toEqual([
      [
        'Invalid plugin local name',
        'Plugin names must be normalized. Replace "Docker" with "docker" to fix this error.',
      ],
      [
        'Invalid plugin local name',
        'my_plugin is an invalid plugin local name: must contain only letters, digits, and dashes, and may not use leading or trailing dashes: idna: disallowed rune U+005F',
      ],
      [
        'Invalid plugin local name',
        'x- is an invalid plugin local name: must contain only letters, digits, and dashes, and may not use leading or trailing dashes: idna: invalid label "x-"',
      ],
    ]);
  });

  it('reports a source that is not a plugin address, at the whole entry', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': plugins(
        '    docker = {\n      source  = "https://github.com/hashicorp/docker?x=1"\n      version = "1.0"\n    }',
      ),
    });
    const s = await load(dir);
    expect(summaries(s.diagnostics)).toEqual(['Failed to parse source']);
    expect(s.diagnostics[0].detail).toBe(
      'The provided source URL is invalid.\nThe following errors have been discovered:\n' +
        '* A source URL must not contain a scheme (e.g. https://).\n' +
        '* A source URL must not contain a query (e.g. ?var=val)\n' +
        '\nA valid source looks like "github.com/hashicorp/happycloud"',
    );
    expect(s.diagnostics[0].subject).toMatchObject({
      start: { line: 3, column: 5 },
      end: { line: 6, column: 6 },
    });
  });

  it('reports a name used twice across required_plugins blocks', async () => {
    const entry = 'docker = {\n      source = "github.com/hashicorp/docker"\n      version = "1.0"\n    }';
    const dir = tempTemplate({ 'a.pkr.hcl': plugins(`    ${entry}`), 'b.pkr.hcl': plugins(`    ${entry}`) });
    const s = await load(dir);
    expect(summaries(s.diagnostics)).toEqual(['Duplicate required_plugin."docker" block']);
    expect(s.diagnostics[0].detail).toBe(
      'Block previously seen at a.pkr.hcl:3,14-6,6 is already named "docker".\n' +
        'Names at the left hand side of required_plugins are made available to use in your HCL2 configurations.\n' +
        'To allow to calling to their features correctly two plugins have to have different accessors.',
    );
    expect(s.diagnostics[0].subject?.filename).toBe('b.pkr.hcl');
    expect(s.packer.requiredPlugins).toHaveLength(1);
  });
});
