import { tempTemplate } from '../support/temp';
import { kiln } from '../support/kiln';

// build.* values a builder does not produce, and values still unknown when a component is checked
// or runs: Packer gives them placeholder values, so the component always runs (or fails its own
// check), never silently does nothing.

const NULL_SOURCE = `
source "null" "a" {
  communicator = "none"
}
`;

describe('build.* values at run time', () => {
  it("runs provisioners and post-processors that read build.ID, with the null builder's ID", async () => {
    const dir = tempTemplate({
      't.pkr.hcl': `${NULL_SOURCE}
build {
  sources = ["source.null.a"]

  provisioner "shell-local" {
    inline = ["echo first", "echo id=\${build.ID}", "echo \\"http=\${build.PackerHTTPAddr} host=\${build.Host}\\""]
  }

  post-processor "shell-local" {
    inline = ["echo \\"pp id=\${build.ID}\\""]
  }
}
`,
    });
    const r = await kiln(['build', '-color=false', 't.pkr.hcl'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('    null.a: first\n');
    expect(r.out).toContain('    null.a: id=Null\n');
    // The SDK's placeholder for a builder without an HTTP server; with communicator "none" no
    // communicator configuration is stored, so Host keeps its validate-time placeholder.
    expect(r.out).toContain('    null.a: http=ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER host=<unknown>\n');
    // The null artifact carries no generated data: the post-processor sees the validate-time value.
    expect(r.out).toContain('==> null.a: Running post-processor: shell-local\n');
    expect(r.out).toContain('    null.a (shell-local): pp id=<unknown>\n');
  });

  it('gives the file builder no generated data: its provisioners read the placeholders', async () => {
    const dir = tempTemplate({
      't.pkr.hcl': `
source "file" "f" {
  content = "x"
  target  = "out.txt"
}
build {
  sources = ["source.file.f"]
  provisioner "shell-local" {
    inline = ["echo \\"id=\${build.ID} uuid=\${build.PackerRunUUID}\\""]
  }
}
`,
    });
    const r = await kiln(['build', '-color=false', 't.pkr.hcl'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('    file.f: id=<unknown> uuid=<unknown>\n');
  });
});

describe('values not known at validate time', () => {
  it("fails an enumerated option fed by a data source, as Packer's local-ds-validate", async () => {
    const dir = tempTemplate({
      't.pkr.hcl': `
data "null" "dir" {
  input = "upload"
}
${NULL_SOURCE}
build {
  sources = ["source.null.a"]

  provisioner "file" {
    source      = "t.pkr.hcl"
    destination = "/opt/t.pkr.hcl"
    direction   = data.null.dir.output
  }
}
`,
    });
    const r = await kiln(['validate', 't.pkr.hcl'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Error: Direction must be one of: download, upload.');
    const evaluated = await kiln(['validate', '-evaluate-datasources', 't.pkr.hcl'], dir);
    expect(evaluated.err).toBe('');
    expect(evaluated.code).toBe(0);
  });
});
