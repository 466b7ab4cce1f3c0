import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { kiln } from '../support/kiln';
import { tempTemplate } from '../support/temp';
import { type RunningPeer, describeWithWinRM, startNtlmFront, startWinRMServer } from '../support/winrm';

/**
 * `kiln build` of a null builder with `communicator = "winrm"`, against the WinRM test server
 * (test-env/winrm-test-server; see winrm-communicator.test.ts for what it proves): the file
 * provisioner sends a file over WinRM and fetches it back, shell-local sees the connection's
 * `build.*` values, and the password never shows.
 */

const PASSWORD = 'Kiln-Build-Pw-9!';

function template(peer: RunningPeer, extra = ''): string {
  return `
source "null" "win" {
  communicator   = "winrm"
  winrm_host     = "${peer.host}"
  winrm_port     = ${peer.port}
  winrm_username = "packer"
  winrm_password = "${PASSWORD}"
  winrm_timeout  = "20s"
${extra}
}

build {
  sources = ["source.null.win"]

  provisioner "file" {
    source      = "payload.bin"
    destination = "C:\\\\Windows\\\\Temp\\\\"
  }
  provisioner "file" {
    direction   = "download"
    source      = "C:\\\\Windows\\\\Temp\\\\payload.bin"
    destination = "back/payload.bin"
  }
  provisioner "shell-local" {
    inline = ["echo \\"via \${build.ConnType} to \${build.Host}:\${build.Port} as \${build.User}, password \${build.Password} / \${build.WinRMPassword}\\""]
  }
}
`;
}

describeWithWinRM('null builds over WinRM', () => {
  jest.setTimeout(60_000);

  async function buildAgainst(peer: RunningPeer, extra = ''): Promise<void> {
    const payload = crypto.randomBytes(200_000);
    const dir = tempTemplate({ 'win.pkr.hcl': template(peer, extra) });
    fs.writeFileSync(path.join(dir, 'payload.bin'), payload);
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      [
        '==> null.win: Waiting for WinRM to become available...',
        '    null.win: WinRM connected.',
        '==> null.win: Connected to WinRM!',
        '==> null.win: Uploading payload.bin => C:\\Windows\\Temp\\',
        '==> null.win: Downloading C:\\Windows\\Temp\\payload.bin => back/payload.bin',
      ].join('\n'),
    );
    expect(fs.readFileSync(path.join(dir, 'back/payload.bin')).equals(payload)).toBe(true);
    expect(r.out).toContain(
      `    null.win: via winrm to ${peer.host}:${peer.port} as packer, password <sensitive> / <sensitive>\n`,
    );
    expect(r.out).not.toContain(PASSWORD);
  }

  it('provisions through the WinRM communicator with Basic authentication', async () => {
    const server = await startWinRMServer({ user: 'packer', password: PASSWORD });
    // The download from C:\Windows\Temp\payload.bin finds what the upload to "C:\Windows\Temp\"
    // wrote: the WinRM communicator puts a file under its own name in a destination ending in "\".
    await buildAgainst(server);
  });

  it('provisions with winrm_use_ntlm against an NTLMv2 acceptor', async () => {
    const backend = await startWinRMServer();
    const front = await startNtlmFront(backend, 'packer', PASSWORD);
    await buildAgainst(front, '  winrm_use_ntlm = true');
    expect(front.log()).toMatch(/^ntlm: authenticated packer \(NTLMv2, \d+ bytes\)$/m);
  });

  it('validates winrm_username as Packer does', async () => {
    const dir = tempTemplate({
      'win.pkr.hcl': `source "null" "win" {
  communicator = "winrm"
  winrm_host   = "127.0.0.1"
}
build { sources = ["source.null.win"] }
`,
    });
    const r = await kiln(['validate', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('winrm_username must be specified.');
  });
});
