import { builtinRegistry } from '../../src/components/catalog';
import { decodeBuilds } from '../../src/template/builds';
import { generatedBuildVariables } from '../../src/template/build-variables';
import { type ExpandOptions, expandBuilds } from '../../src/template/expand';
import { decodeSources } from '../../src/template/sources';
import type { Value } from '../../src/values/value';
import { baseContext, described, topLevelBlocks } from './build-blocks';

const registry = builtinRegistry();

function expand(src: string, opts: Partial<ExpandOptions> = {}) {
  const blocks = topLevelBlocks(src);
  const ctx = baseContext();
  const sources = decodeSources(blocks);
  const builds = decodeBuilds(blocks, ctx);
  const parseDiagnostics = [...sources.diagnostics, ...builds.diagnostics];
  if (parseDiagnostics.some((d) => d.severity === 'error')) {
    throw new Error(described(parseDiagnostics).join('\n'));
  }
  return expandBuilds({ sources: sources.sources, builds: builds.builds, context: ctx }, registry, {
    only: [],
    except: [],
    ...opts,
  });
}

function str(v: Value | undefined): string {
  if (!v) return '<absent>';
  if (!v.isKnown()) return '<unknown>';
  return v.asString();
}

function strings(v: Value | undefined): string[] {
  return v ? v.elements().map(str) : [];
}

const SOURCES = `
source "null" "a" {
  communicator = "none"
}
source "null" "b" {
  communicator = "none"
}
`;

describe('expandBuilds: build names and selection', () => {
  const template = `${SOURCES}
build {
  sources = ["null.a", "source.null.b"]
}
build {
  name = "x"
  sources = ["null.a"]
  source "null.b" {
    name = "local"
  }
}
`;

  test('every build × source, named as Packer names them', () => {
    const { builds, diagnostics } = expand(template);
    expect(diagnostics).toEqual([]);
    expect(builds.map((b) => b.name)).toEqual(['null.a', 'null.b', 'x.null.a', 'x.null.local']);
    const local = builds[3];
    expect(local).toMatchObject({ buildName: 'x', sourceName: 'local', source: { type: 'null', name: 'b' } });
    expect(local.builder).toMatchObject({ kind: 'builder', type: 'null', name: 'local' });
  });

  test('-only and -except are globs over the whole name; both may be given', () => {
    const names = (opts: Partial<ExpandOptions>) => expand(template, opts).builds.map((b) => b.name);
    expect(names({ only: ['x.*'] })).toEqual(['x.null.a', 'x.null.local']);
    expect(names({ only: ['*.a'] })).toEqual(['null.a', 'x.null.a']);
    expect(names({ except: ['null.*'] })).toEqual(['x.null.a', 'x.null.local']);
    expect(names({ only: ['x.*'], except: ['*.local'] })).toEqual(['x.null.a']);
    expect(names({ only: ['{null,x.null}.a'] })).toEqual(['null.a', 'x.null.a']);
    expect(names({ only: ['x.null.b'] })).toEqual([]);
  });

  test('patterns that select nothing are warned about, listing the names', () => {
    const r = expand(template, { only: ['nope'], except: ['zip'] });
    expect(r.builds).toEqual([]);
    expect(described(r.diagnostics)).toEqual([
      "warning: an 'only' option was passed, but not all matches were found for the given build.",
      "warning: an 'except' option was passed, but did not match any build.",
    ]);
    expect(r.diagnostics[0].detail).toBe(
      "Possible build names: [null.a null.b x.null.a x.null.local].\nThese could also be matched with a glob pattern like: 'happycloud.*'",
    );
    // As in Packer, selected builds are counted, not patterns.
    expect(expand(template, { only: ['*.a', 'nope'] }).diagnostics).toEqual([]);
  });

  test('a bad pattern stops everything', () => {
    const r = expand(template, { only: ['[', 'ok'], except: ['[]'] });
    expect(r.builds).toEqual([]);
    expect(described(r.diagnostics)).toEqual([
      'error: Invalid -only pattern [: unexpected end of input',
      'error: Invalid -except pattern []: could not parse range',
    ]);
  });

  test('no build block at all', () => {
    const r = expand(SOURCES);
    expect(described(r.diagnostics)).toEqual(['error: Missing build block']);
    expect(r.diagnostics[0].detail).toBe(
      'A build block with one or more sources is required for executing a build.',
    );
  });
});

describe('expandBuilds: sources', () => {
  test('source.type and source.name are known in the source body', () => {
    const { builds, diagnostics } = expand(`
source "null" "a" {
  communicator = "none"
  ssh_host     = "\${source.type}-\${source.name}.example"
}
build {
  source "null.a" {
    name = "renamed"
  }
}
`);
    expect(diagnostics).toEqual([]);
    expect(str(builds[0].builder.config.values.get('ssh_host'))).toBe('null-renamed.example');
  });

  test('build is an unknown object without attributes there, as in Packer', () => {
    const { builds, diagnostics } = expand(`
source "null" "a" {
  communicator = "none"
  ssh_host     = build.name
}
build {
  sources = ["null.a"]
}
`);
    expect(builds).toEqual([]);
    expect(described(diagnostics)).toEqual(['error: Unsupported attribute @ main.pkr.hcl:4,23-28']);
  });

  test('a nested source block adds arguments; setting one in both is a duplicate', () => {
    const ok = expand(`
source "null" "a" {
  communicator = "ssh"
}
build {
  source "null.a" {
    ssh_host = "h"
    ssh_username = "u"
    ssh_password = "p"
  }
}
`);
    expect(ok.diagnostics).toEqual([]);
    expect(str(ok.builds[0].builder.config.values.get('ssh_host'))).toBe('h');
    expect(str(ok.builds[0].builder.config.values.get('communicator'))).toBe('ssh');

    const dup = expand(`
source "null" "a" {
  communicator = "none"
}
build {
  source "null.a" {
    communicator = "ssh"
  }
}
`);
    expect(dup.builds).toEqual([]);
    expect(described(dup.diagnostics)).toEqual(['error: Duplicate argument @ main.pkr.hcl:7,5-17']);
    expect(dup.diagnostics[0].detail).toBe('Argument "communicator" was already set at main.pkr.hcl:3,3-15');
  });

  test('builder configuration errors drop the build', () => {
    const r = expand(`
source "null" "a" {
  comunicator = "none"
}
source "null" "b" {
  communicator = "none"
}
build {
  sources = ["null.a", "null.b"]
}
`);
    expect(r.builds.map((b) => b.name)).toEqual(['null.b']);
    expect(described(r.diagnostics)).toEqual(['error: Unsupported argument @ main.pkr.hcl:3,3-14']);
  });

  test('unknown sources and types, with Packer’s suggestions', () => {
    const r = expand(`${SOURCES}
build {
  sources = ["null.aa", "null.zzz", "nul.a"]
  provisioner "shel" {}
  error-cleanup-provisioner "nope" {}
  post-processor "manifesto" {}
}
`);
    expect(described(r.diagnostics)).toEqual([
      'error: Unknown source null.aa @ main.pkr.hcl:10,14-23',
      'error: Unknown source null.zzz @ main.pkr.hcl:10,25-35',
      'error: Unknown source type nul @ main.pkr.hcl:10,37-44',
      'error: Unknown provisioner type "shel" @ main.pkr.hcl:11,3-21',
      'error: Unknown error-cleanup-provisioner type "nope" @ main.pkr.hcl:12,3-35',
      'error: Unknown post-processor type "manifesto" @ main.pkr.hcl:13,3-29',
    ]);
    expect(r.diagnostics.map((d) => d.detail).slice(0, 4)).toEqual([
      'Did you mean to use "null.a"?',
      'Known: [null.a null.b]',
      'Did you mean to use "null"?',
      'Did you mean to use "shell"?',
    ]);
    expect(r.builds).toEqual([]);
  });
});

describe('expandBuilds: provisioners', () => {
  test('source.*, build.name and the generated build variables', () => {
    const { builds, diagnostics } = expand(`${SOURCES}
build {
  name = "bn"
  sources = ["null.a"]
  provisioner "shell-local" {
    inline = ["\${source.type} \${source.name} \${build.name}", build.ID, build.PackerHTTPAddr]
  }
}
`);
    expect(diagnostics).toEqual([]);
    const p = builds[0].provisioners[0];
    expect(p).toMatchObject({ kind: 'provisioner', type: 'shell-local' });
    expect(strings(p.config.values.get('inline'))).toEqual(['null a bn', '<unknown>', '<unknown>']);
  });

  test('a build variable no builder generates is an error', () => {
    const { builds, diagnostics } = expand(`${SOURCES}
build {
  sources = ["null.a"]
  provisioner "shell-local" {
    inline = [build.SourceAMI]
  }
}
`);
    expect(builds).toEqual([]);
    expect(described(diagnostics)).toEqual(['error: Unsupported attribute @ main.pkr.hcl:12,20-30']);
  });

  test('builder-specific generated variables', () => {
    expect(generatedBuildVariables(registry.get('builder', 'amazon-ebs')?.generatedData)).toEqual(
      expect.arrayContaining(['ID', 'SourceAMI', 'SourceAMIName', 'SourceAMIOwner', 'BuildRegion']),
    );
    const { builds, diagnostics } = expand(`
source "docker" "d" {
  image  = "ubuntu"
  commit = true
}
build {
  sources = ["docker.d"]
  provisioner "shell-local" {
    inline = [build.ImageSha256, build.SourceImageDigest]
  }
}
`);
    expect(diagnostics).toEqual([]);
    expect(strings(builds[0].provisioners[0].config.values.get('inline'))).toEqual([
      '<unknown>',
      '<unknown>',
    ]);
  });

  test('only and except choose provisioners per source (local names count)', () => {
    const { builds, diagnostics } = expand(`${SOURCES}
build {
  sources = ["null.a"]
  source "null.b" {
    name = "local"
  }
  provisioner "shell-local" {
    name   = "for-a"
    only   = ["null.a"]
    inline = ["a"]
  }
  provisioner "shell-local" {
    except = ["null.a"]
    inline = ["not a"]
  }
  error-cleanup-provisioner "shell-local" {
    only   = ["null.local"]
    inline = ["cleanup"]
  }
}
`);
    expect(diagnostics).toEqual([]);
    const byBuild = Object.fromEntries(
      builds.map((b) => [b.name, b.provisioners.map((p) => strings(p.config.values.get('inline'))[0])]),
    );
    expect(byBuild).toEqual({ 'null.a': ['a'], 'null.local': ['not a'] });
    expect(builds[0].provisioners[0].name).toBe('for-a');
    expect(builds[0].errorCleanupProvisioner).toBeUndefined();
    expect(strings(builds[1].errorCleanupProvisioner!.config.values.get('inline'))).toEqual(['cleanup']);
  });

  test('override replaces options for the named source only', () => {
    const { builds, diagnostics } = expand(`${SOURCES}
build {
  sources = ["null.a", "null.b"]
  provisioner "shell-local" {
    inline = ["echo not overridden"]
    override = {
      a = {
        inline = ["echo \${source.name} overridden"]
        env    = { K = "v" }
      }
    }
  }
}
`);
    expect(diagnostics).toEqual([]);
    const inline = (i: number) => strings(builds[i].provisioners[0].config.values.get('inline'));
    expect(inline(0)).toEqual(['echo a overridden']);
    expect(inline(1)).toEqual(['echo not overridden']);
    expect(builds[0].provisioners[0].config.view.stringMap('env')).toEqual({ K: 'v' });
  });

  test('an override option the provisioner does not have is an error for that build', () => {
    const { builds, diagnostics } = expand(`${SOURCES}
build {
  sources = ["null.a", "null.b"]
  provisioner "shell-local" {
    inline = ["x"]
    override = {
      b = { inlines = ["y"] }
    }
  }
}
`);
    expect(builds.map((b) => b.name)).toEqual(['null.a']);
    expect(described(diagnostics)).toEqual(['error: Unsupported argument @ main.pkr.hcl:14,13-20']);
  });
});

describe('expandBuilds: post-processors', () => {
  const template = `${SOURCES}
build {
  sources = ["null.a", "null.b"]
  post-processor "manifest" {
    output = "\${source.name}.json"
  }
  post-processors {
    post-processor "shell-local" {
      name   = "first"
      inline = ["one"]
    }
    post-processor "manifest" {
      only = ["null.b"]
    }
    post-processor "checksum" {}
  }
}
`;

  test('chains, with only/except per source', () => {
    const { builds, diagnostics } = expand(template);
    expect(diagnostics).toEqual([]);
    const types = builds.map((b) => b.postProcessorChains.map((c) => c.map((p) => p.type)));
    expect(types).toEqual([
      [['manifest'], ['shell-local', 'checksum']],
      [['manifest'], ['shell-local', 'manifest', 'checksum']],
    ]);
    expect(str(builds[1].postProcessorChains[0][0].config.values.get('output'))).toBe('b.json');
    expect(builds[0].postProcessorChains[1][0].name).toBe('first');
  });

  test('-except naming a post-processor drops it and the rest of its chain', () => {
    const { builds, diagnostics } = expand(template, { except: ['first'] });
    expect(diagnostics).toEqual([]);
    expect(builds.map((b) => b.postProcessorChains.map((c) => c.map((p) => p.type)))).toEqual([
      [['manifest']],
      [['manifest']],
    ]);
    const byType = expand(template, { except: ['manifest'] });
    expect(byType.builds.map((b) => b.postProcessorChains.map((c) => c.map((p) => p.type)))).toEqual([
      [['shell-local', 'checksum']],
      [['shell-local']],
    ]);
  });
});
