import { emptyBody } from '../../src/hcl/body';
import { decodeBuilds, parseSourceReference } from '../../src/template/builds';
import { Value } from '../../src/values/value';
import { baseContext, described, topLevelBlocks } from './build-blocks';

function decode(src: string, filename = 'main.pkr.hcl') {
  return decodeBuilds(topLevelBlocks(src, filename), baseContext({ n: Value.string('from-var') }));
}

describe('parseSourceReference', () => {
  test.each([
    ['source.null.a', { type: 'null', name: 'a' }],
    ['null.a', { type: 'null', name: 'a' }],
    ['amazon-ebs.my_box-1', { type: 'amazon-ebs', name: 'my_box-1' }],
    // Packer ignores the first of three parts, whatever it says.
    ['src.null.a', { type: 'null', name: 'a' }],
    ['null', undefined],
    ['source.null.a.b', undefined],
    ['null.1a', undefined],
    ['null.', undefined],
    ['', undefined],
  ])('%s', (ref, want) => {
    expect(parseSourceReference(ref)).toEqual(want);
  });
});

describe('decodeBuilds: build blocks', () => {
  test('name, description and sources, in both reference forms', () => {
    const { builds, diagnostics } = decode(`
build {
  name        = "b-\${var.n}"
  description = "desc"
  sources     = ["source.null.a", "docker.x"]
}
build {
  sources = ["null.a"]
}
`);
    expect(diagnostics).toEqual([]);
    expect(builds).toHaveLength(2);
    expect(builds[0]).toMatchObject({
      name: 'b-from-var',
      description: 'desc',
      sources: [
        { type: 'null', name: 'a' },
        { type: 'docker', name: 'x' },
      ],
      provisioners: [],
      postProcessorChains: [],
    });
    expect(builds[0].sources[1].range).toMatchObject({ start: { line: 5, column: 35 }, end: { column: 45 } });
    expect(builds[1]).toMatchObject({ name: '', description: '' });
  });

  test('sources may be any expression yielding strings', () => {
    const { builds, diagnostics } = decodeBuilds(
      topLevelBlocks('build {\n  sources = local.srcs\n}\n'),
      baseContext({}, { srcs: Value.tuple([Value.string('null.a'), Value.string('source.null.b')]) }),
    );
    expect(diagnostics).toEqual([]);
    expect(builds[0].sources.map((s) => s.name)).toEqual(['a', 'b']);
  });

  test('invalid references are reported one by one at the entry, and drop the build', () => {
    const { builds, diagnostics } = decode(`build {
  sources = ["foo", "null.a", "a.b.c.d", "null.9"]
}
`);
    expect(described(diagnostics)).toEqual([
      'error: Invalid source reference @ main.pkr.hcl:2,14-19',
      'error: Invalid source reference @ main.pkr.hcl:2,31-40',
      'error: Invalid source reference @ main.pkr.hcl:2,42-50',
    ]);
    expect(diagnostics[0].detail).toBe(
      'A source type is made of three parts that are split by a dot `.`; each part must start with a letter and may contain only letters, digits, underscores, and dashes. A valid source reference looks like: `source.type.name`',
    );
    expect(builds).toEqual([]);
  });

  test('a build without sources', () => {
    const { builds, diagnostics } = decode('build {\n  name = "x"\n}\n');
    expect(described(diagnostics)).toEqual(['error: missing source reference @ main.pkr.hcl:1,1-6']);
    expect(diagnostics[0].detail).toBe('a build block must reference at least one source to be built');
    expect(builds).toEqual([]);
  });

  test('unexpected arguments and blocks are hcl errors', () => {
    const { diagnostics } = decode(`build {
  sources = ["null.a"]
  source_list = []
  provisoner "shell" {}
}
`);
    expect(described(diagnostics)).toEqual([
      'error: Unsupported argument @ main.pkr.hcl:3,3-14',
      'error: Unsupported block type @ main.pkr.hcl:4,3-13',
    ]);
    expect(diagnostics[1].detail).toContain('Did you mean "provisioner"?');
  });

  test('name must be a string', () => {
    const { diagnostics } = decode('build {\n  name = ["x"]\n  sources = ["null.a"]\n}\n');
    expect(described(diagnostics)).toEqual(['error: Unsuitable value type @ main.pkr.hcl:2,10-15']);
  });

  test('from blocks are accepted and ignored, with a warning', () => {
    const { builds, diagnostics } = decode('build {\n  sources = ["null.a"]\n  from "x" {}\n}\n');
    expect(described(diagnostics)).toEqual(['warning: Ignored from block @ main.pkr.hcl:3,3-11']);
    expect(builds).toHaveLength(1);
  });
});

describe('decodeBuilds: nested source blocks', () => {
  test('local name and extra arguments', () => {
    const { builds, diagnostics } = decode(`build {
  source "source.null.a" {
    name = "first"
    ssh_host = "h"
  }
  source "null.a" {}
}
`);
    expect(diagnostics).toEqual([]);
    const [first, second] = builds[0].sources;
    expect(first).toMatchObject({ type: 'null', name: 'a', localName: 'first' });
    expect(first.range).toMatchObject({ start: { line: 2, column: 10 }, end: { column: 25 } });
    const { content } = first.body!.content({ attributes: [{ name: 'ssh_host' }], blocks: [] });
    expect([...content.attributes.keys()]).toEqual(['ssh_host']);
    expect(second.localName).toBeUndefined();
  });

  test('name is read without variables, as Packer does', () => {
    const { diagnostics } = decode('build {\n  source "null.a" {\n    name = var.n\n  }\n}\n');
    expect(described(diagnostics)).toEqual(['error: Variables not allowed @ main.pkr.hcl:3,12-15']);
  });

  test('an invalid reference label', () => {
    const { diagnostics } = decode('build {\n  source "a" {}\n}\n');
    expect(described(diagnostics)).toEqual(['error: Invalid source reference @ main.pkr.hcl:2,10-13']);
  });
});

describe('decodeBuilds: provisioners', () => {
  test('meta-arguments are decoded and removed from the body', () => {
    const { builds, diagnostics } = decode(`build {
  name    = "bn"
  sources = ["null.a", "null.b"]
  provisioner "shell" {
    name              = "p-\${build.name}"
    only              = ["null.a"]
    pause_before      = "1m30s"
    max_retries       = 3
    timeout           = "500ms"
    continue_on_error = true
    inline            = ["echo"]
  }
  provisioner "file" {
    except = ["null.b"]
  }
}
`);
    expect(diagnostics).toEqual([]);
    const [p, f] = builds[0].provisioners;
    expect(p).toMatchObject({
      kind: 'provisioner',
      type: 'shell',
      name: 'p-bn',
      only: ['null.a'],
      except: [],
      pauseBefore: 90_000,
      maxRetries: 3,
      timeout: 500,
      continueOnError: true,
    });
    const rest = p.body.content({ attributes: [{ name: 'inline' }], blocks: [] });
    expect(rest.diagnostics).toEqual([]);
    expect(f).toMatchObject({ type: 'file', only: [], except: ['null.b'] });
    expect(f.name).toBeUndefined();
    expect(f.pauseBefore).toBeUndefined();
  });

  test('only and except together', () => {
    const { builds, diagnostics } = decode(`build {
  sources = ["null.a"]
  provisioner "shell" {
    only   = ["null.a"]
    except = ["null.a"]
  }
}
`);
    expect(described(diagnostics)).toEqual([
      "error: only one of 'only' or 'except' may be specified @ main.pkr.hcl:5,5-24",
    ]);
    expect(builds).toEqual([]);
  });

  test('bad durations are reported at the value with Go’s message', () => {
    const { diagnostics } = decode(`build {
  sources = ["null.a"]
  provisioner "shell" {
    pause_before = "10"
    timeout      = "5 minutes"
  }
}
`);
    expect(described(diagnostics)).toEqual([
      'error: Failed to parse pause_before duration @ main.pkr.hcl:4,20-24',
      'error: Failed to parse timeout duration @ main.pkr.hcl:5,20-31',
    ]);
    expect(diagnostics.map((d) => d.detail)).toEqual([
      'time: missing unit in duration "10"',
      'time: unknown unit " minutes" in duration "5 minutes"',
    ]);
  });

  test('max_retries must be a whole number', () => {
    const { diagnostics } = decode(`build {
  sources = ["null.a"]
  provisioner "shell" {
    max_retries = 1.5
  }
}
`);
    expect(described(diagnostics)).toEqual(['error: Unsuitable value type @ main.pkr.hcl:4,19-22']);
    expect(diagnostics[0].detail).toBe(
      'Unsuitable value: value must be a whole number, between -9223372036854775808 and 9223372036854775807',
    );
  });

  test('only/except entries naming no source of the build are warned about', () => {
    const { builds, diagnostics } = decode(`build {
  sources = ["null.a"]
  source "null.b" {
    name = "local"
  }
  provisioner "shell" {
    only = ["null.a", "null.b", "null.local"]
  }
  post-processor "manifest" {
    except = ["nul.a"]
  }
}
`);
    expect(described(diagnostics)).toEqual([
      "warning: 'only' specified builder 'null.b' not found @ main.pkr.hcl:7,12-46",
      "warning: 'except' specified builder 'nul.a' not found @ main.pkr.hcl:10,14-23",
    ]);
    expect(diagnostics[0].detail).toBe(
      'Sources in this build: null.a, null.local. Packer compares each entry with these names and ignores an entry that matches none.',
    );
    expect(builds).toHaveLength(1);
  });

  test('at most one error-cleanup-provisioner', () => {
    const { builds, diagnostics } = decode(`build {
  sources = ["null.a"]
  error-cleanup-provisioner "shell-local" {
    inline = ["echo cleanup"]
  }
  error-cleanup-provisioner "shell-local" {}
}
`);
    expect(described(diagnostics)).toEqual([
      'error: Only one error-cleanup-provisioner is allowed @ main.pkr.hcl:6,3-42',
    ]);
    expect(builds).toEqual([]);
    const ok = decode(
      'build {\n  sources = ["null.a"]\n  error-cleanup-provisioner "shell-local" {\n    timeout = "1s"\n  }\n}\n',
    );
    expect(ok.diagnostics).toEqual([]);
    expect(ok.builds[0].errorCleanupProvisioner).toMatchObject({ type: 'shell-local', timeout: 1000 });
  });
});

describe('decodeBuilds: provisioner override', () => {
  test('entries become bodies keyed by source name', () => {
    const { builds, diagnostics } = decode(`build {
  sources = ["null.a"]
  provisioner "shell-local" {
    inline = ["echo not overridden"]
    override = {
      a = {
        inline = ["echo \${source.name}"]
      }
      "other" = {}
    }
  }
}
`);
    expect(diagnostics).toEqual([]);
    const p = builds[0].provisioners[0];
    expect([...p.override!.keys()]).toEqual(['a', 'other']);
    expect(p.overrideRange).toMatchObject({ start: { line: 5, column: 5 }, end: { line: 10, column: 6 } });
    const { content, diagnostics: d } = p.override!.get('a')!.content({
      attributes: [{ name: 'inline' }],
      blocks: [],
    });
    expect(d).toEqual([]);
    expect(content.attributes.get('inline')!.nameRange).toMatchObject({ start: { line: 7, column: 9 } });
  });

  test('an override that is not an object, or an entry that is not one', () => {
    const notObject = decode(
      'build {\n  sources = ["null.a"]\n  provisioner "shell" {\n    override = "hello"\n  }\n}\n',
    );
    expect(described(notObject.diagnostics)).toEqual([
      "error: provisioner's override block must be an HCL object @ main.pkr.hcl:4,16-23",
    ]);
    const badEntry = decode(
      'build {\n  sources = ["null.a"]\n  provisioner "shell" {\n    override = {\n      test = "hello"\n    }\n  }\n}\n',
    );
    expect(described(badEntry.diagnostics)).toEqual([
      "error: provisioner's override.'test' block must be an HCL object @ main.pkr.hcl:5,14-21",
    ]);
  });

  test('an override computed elsewhere is evaluated when the build is read', () => {
    const { builds, diagnostics } = decodeBuilds(
      topLevelBlocks(
        'build {\n  sources = ["null.a"]\n  provisioner "shell" {\n    override = local.o\n  }\n}\n',
      ),
      baseContext({}, { o: Value.object({ a: Value.object({ inline: Value.tuple([Value.string('x')]) }) }) }),
    );
    expect(diagnostics).toEqual([]);
    const body = builds[0].provisioners[0].override!.get('a')!;
    const { content } = body.content({ attributes: [{ name: 'inline' }], blocks: [] });
    expect(content.attributes.has('inline')).toBe(true);
  });

  test('JSON syntax', () => {
    const { builds, diagnostics } = decode(
      JSON.stringify({
        build: {
          sources: ['null.a'],
          provisioner: { shell: { inline: ['x'], override: { a: { inline: ['y'] } } } },
        },
      }),
      'main.pkr.json',
    );
    expect(diagnostics).toEqual([]);
    expect([...builds[0].provisioners[0].override!.keys()]).toEqual(['a']);
  });
});

describe('decodeBuilds: post-processors', () => {
  test('single post-processors are chains of one; post-processors blocks are chains', () => {
    const { builds, diagnostics } = decode(`build {
  sources = ["null.a"]
  post-processor "manifest" {
    name                = "m"
    keep_input_artifact = true
    output              = "out.json"
  }
  post-processors {
    post-processor "compress" {}
    post-processor "checksum" {
      only = ["null.a"]
    }
  }
}
`);
    expect(diagnostics).toEqual([]);
    const chains = builds[0].postProcessorChains;
    expect(chains.map((c) => c.map((p) => p.type))).toEqual([['manifest'], ['compress', 'checksum']]);
    expect(chains[0][0]).toMatchObject({ kind: 'post-processor', name: 'm', keepInputArtifact: true });
    expect(chains[1][0].keepInputArtifact).toBeUndefined();
    expect(chains[1][1].only).toEqual(['null.a']);
    const { diagnostics: d } = chains[0][0].body.content({ attributes: [{ name: 'output' }], blocks: [] });
    expect(d).toEqual([]);
  });

  test('post-processor meta-argument errors', () => {
    const { diagnostics } = decode(`build {
  sources = ["null.a"]
  post-processors {
    post-processor "compress" {
      keep_input_artifact = "maybe"
    }
    provisioner "x" {}
  }
}
`);
    expect(described(diagnostics)).toEqual(['error: Unsupported block type @ main.pkr.hcl:7,5-16']);
    const bad = decode(`build {
  sources = ["null.a"]
  post-processor "compress" {
    keep_input_artifact = "maybe"
  }
}
`);
    expect(described(bad.diagnostics)).toEqual(['error: Unsuitable value type @ main.pkr.hcl:4,27-34']);
  });
});

describe('decodeBuilds: hcp_packer_registry', () => {
  test('checked, and one warning that nothing is published', () => {
    const { builds, diagnostics } = decode(`hcp_packer_registry {
  bucket_name = "my-bucket"
  bucket_labels = { a = "b" }
  channels = ["dev"]
}
build {
  sources = ["null.a"]
}
`);
    expect(builds).toHaveLength(1);
    expect(described(diagnostics)).toEqual([
      'warning: HCP Packer registry is not supported @ main.pkr.hcl:1,1-20',
    ]);
  });

  test('Packer’s checks', () => {
    const { diagnostics } = decode(`build {
  sources = ["null.a"]
  hcp_packer_registry {
    bucket_name = "x"
    labels = { a = "b" }
    bucket_labels = { a = "b" }
  }
  hcp_packer_registry {}
}
build {
  sources = ["null.a"]
  hcp_packer_registry {
    description = "${'d'.repeat(256)}"
  }
}
build {
  sources = ["null.a"]
  hcp_packer_registry {
    labels = { a = "b" }
    bucket_nam = "y"
  }
}
`);
    expect(described(diagnostics)).toEqual([
      'error: hcp_packer_registry.bucket_name can only contain between 3 and 36 ASCII letters, numbers and hyphens @ main.pkr.hcl:3,3-22',
      'error: hcp_packer_registry.labels and hcp_packer_registry.bucket_labels are mutually exclusive; please use the recommended argument hcp_packer_registry.bucket_labels @ main.pkr.hcl:3,3-22',
      'error: hcp_packer_registry.description should have a maximum length of 255 characters @ main.pkr.hcl:12,3-22',
      'error: Unsupported argument @ main.pkr.hcl:20,5-15',
    ]);
  });

  test('at most one per build', () => {
    const { diagnostics } = decode(`build {
  sources = ["null.a"]
  hcp_packer_registry {}
  hcp_packer_registry {}
}
`);
    expect(described(diagnostics)).toEqual([
      'error: Only one hcp_packer_registry is allowed @ main.pkr.hcl:4,3-22',
    ]);
    const top = decode('hcp_packer_registry {}\nhcp_packer_registry {}\n');
    expect(described(top.diagnostics)).toEqual([
      'error: Only one hcp_packer_registry is allowed @ main.pkr.hcl:2,1-20',
      'warning: HCP Packer registry is not supported @ main.pkr.hcl:1,1-20',
    ]);
  });

  test('build-level blocks are deprecated and clash with a top-level one', () => {
    const { diagnostics, buildOnlyDiagnostics } = decode(`hcp_packer_registry {}
build {
  sources = ["null.a"]
  hcp_packer_registry {
    labels = { a = "b" }
  }
}
build {
  sources = ["null.b"]
  hcp_packer_registry {}
}
`);
    expect(described(diagnostics)).toEqual([
      'warning: the argument hcp_packer_registry.labels has been deprecated and will be removed in the next minor release; please use hcp_packer_registry.bucket_labels',
      'warning: HCP Packer registry is not supported @ main.pkr.hcl:1,1-20',
    ]);
    // Packer's GetHCPPackerRegistryBlock, which only `build` runs, in its order.
    expect(described(buildOnlyDiagnostics)).toEqual([
      'warning: Build block level hcp_packer_registry are deprecated @ main.pkr.hcl:4,3-22',
      'error: Multiple HCP Packer registry block declaration @ main.pkr.hcl:10,3-22',
      'error: Multiple HCP Packer registry block declaration @ main.pkr.hcl:4,3-22',
    ]);
  });
});

test('emptyBody stays importable for expand tests', () => {
  expect(emptyBody().missingItemRange().filename).toBe('<empty>');
});
