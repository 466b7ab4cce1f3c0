import { builtinRegistry } from '../../src/components/catalog';
import type { DecodedConfig } from '../../src/schema/types';
import { decodeBuilds } from '../../src/template/builds';
import { expandBuilds } from '../../src/template/expand';
import { templateRunTimeDecoder } from '../../src/template/run-time-decoding';
import { decodeSources } from '../../src/template/sources';
import { baseContext, described, topLevelBlocks } from './build-blocks';

/**
 * The second decoding of a build's provisioners and post-processors, which the engine calls back
 * into once the builder has generated its values (engine/build-plan.ts RunTimeDecoder).
 */

function expand(src: string) {
  const blocks = topLevelBlocks(src);
  const ctx = baseContext();
  const sources = decodeSources(blocks);
  const builds = decodeBuilds(blocks, ctx);
  const expanded = expandBuilds(
    { sources: sources.sources, builds: builds.builds, context: ctx },
    builtinRegistry(),
    { only: [], except: [] },
  );
  const diagnostics = [...sources.diagnostics, ...builds.diagnostics, ...expanded.diagnostics];
  if (diagnostics.length > 0) throw new Error(described(diagnostics).join('\n'));
  return expanded.builds;
}

const TEMPLATE = `
source "null" "a" {
  communicator = "none"
}
source "null" "b" {
  communicator = "none"
}
build {
  sources = ["null.a", "null.b"]
  provisioner "shell-local" {
    inline = ["echo \${build.ID} \${build.Host} on \${source.name}"]
    override = {
      a = {
        inline = ["echo overridden \${build.ID}"]
      }
    }
  }
  post-processor "shell-local" {
    inline = ["echo \${build.ID} in \${build.name}"]
  }
}
`;

const inline = (config: DecodedConfig) => config.view.strings('inline');

describe('templateRunTimeDecoder', () => {
  const [a, b] = expand(TEMPLATE);

  it('decodes a provisioner with the generated values, "<unknown>" for the rest', () => {
    const config = templateRunTimeDecoder.provisioner(b, b.provisioners[0], { ID: 'i-123' });
    expect(config.diagnostics).toEqual([]);
    expect(inline(config)).toEqual(['echo i-123 <unknown> on b']);
    // Before the run, every generated value reads "<unknown>", as in Packer.
    expect(inline(b.provisioners[0].config)).toEqual(['echo <unknown> <unknown> on b']);
  });

  it("lays the provisioner's override for the build's source over it again", () => {
    const config = templateRunTimeDecoder.provisioner(a, a.provisioners[0], { ID: 'i-9' });
    expect(inline(config)).toEqual(['echo overridden i-9']);
  });

  it("decodes a post-processor with its artifact's generated data", () => {
    const pp = a.postProcessorChains[0][0];
    const config = templateRunTimeDecoder.postProcessor(a, pp, { ID: 'img' });
    expect(inline(config)).toEqual(['echo img in ']);
  });
});
