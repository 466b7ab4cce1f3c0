import { tempTemplate } from '../template/helpers';
import { kiln } from './run-kiln';

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
    for (const line of ['prov', 'prov2', 'pp']) expect(build.out).toContain(`    null.a: ${line}\n`);
  });

  it('still refuses a null element inside the list', async () => {
    const dir = tempTemplate({ 't.pkr.hcl': TEMPLATE.replace('only   = null', 'only   = [null]') });
    const r = await kiln(['validate', 't.pkr.hcl'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Unsuitable value: value must not be null');
  });
});
