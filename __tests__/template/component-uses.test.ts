import { templateComponentUses } from '../../src/template/component-uses';
import { tempTemplate, writeFiles } from '../support/temp';

/** The component types a template names, read before it is loaded (to know which plugins to start). */

describe('the component types a template uses', () => {
  it('finds sources, data sources, provisioners and post-processors, and required_plugins', () => {
    const dir = tempTemplate({
      'a.pkr.hcl': `
packer {
  required_plugins {
    fx = { source = "github.com/kiln-project/kilnfixture", version = ">= 0.1.0" }
  }
}
data "fx-my-datasource" "d" {}
source "docker" "x" { image = "i" }
source "fx-my-builder" "b" {}
`,
      'b.pkr.hcl': `
build {
  sources = ["source.docker.x"]
  provisioner "shell" { inline = ["true"] }
  error-cleanup-provisioner "fx-my-provisioner" {}
  post-processor "manifest" {}
  post-processors {
    post-processor "fx-my-post-processor" {}
    post-processor "manifest" {}
  }
  nonsense "x" {}
}
`,
    });
    const r = templateComponentUses('.', dir);
    expect(r.uses.map((u) => `${u.kind} ${u.type}`)).toEqual([
      'datasource fx-my-datasource',
      'builder docker',
      'builder fx-my-builder',
      'provisioner shell',
      'provisioner fx-my-provisioner',
      'post-processor manifest',
      'post-processor fx-my-post-processor',
    ]);
    expect(r.requiredPlugins.map((p) => [p.name, p.source, p.version])).toEqual([
      ['fx', 'github.com/kiln-project/kilnfixture', '>= 0.1.0'],
    ]);
  });

  it('reads legacy JSON templates too, and nothing from what does not exist', () => {
    const dir = writeFiles(tempTemplate({}), {
      't.json': JSON.stringify({
        builders: [{ type: 'docker' }, { type: 'qemu' }],
        provisioners: [{ type: 'ansible' }],
        'post-processors': ['compress', [{ type: 'docker-tag' }, 'manifest']],
      }),
    });
    expect(templateComponentUses('t.json', dir).uses.map((u) => `${u.kind} ${u.type}`)).toEqual([
      'builder docker',
      'builder qemu',
      'provisioner ansible',
      'post-processor compress',
      'post-processor docker-tag',
      'post-processor manifest',
    ]);
    expect(templateComponentUses('missing', dir)).toEqual({ uses: [], requiredPlugins: [] });
  });
});
