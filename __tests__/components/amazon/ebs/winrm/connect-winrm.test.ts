import { communicatorPort } from '../../../../../src/components/amazon/options/run';
import {
  CONNECTED_HOST,
  INSTANCE,
  WINRM_PASSWORD,
} from '../../../../../src/components/amazon/ebs/state-keys';
import { amazonConnect } from '../../../../../src/components/amazon/ebs/steps/connect';
import type { AwsSession } from '../../../../../src/components/amazon/aws/session';
import { MapStateBag } from '../../../../../src/engine/state';
import { fakeStepContext, fakeUI } from '../../../../support/engine-fakes';
import { describeWithWinRM, startWinRMServer } from '../../../../support/winrm';
import { ebsOptions } from '../launch/support';

/**
 * amazon-ebs's WinRM connection without AWS: the instance's address chosen as for SSH, winrm_port,
 * and the password from winrm_password or, when that is empty, from the get-password step; against
 * the WinRM test server on 127.0.0.1. And the port the temporary security group opens.
 */

const WINRM = 'communicator = "winrm"\nwinrm_username = "Administrator"\n';

describe('amazon-ebs WinRM port', () => {
  it('is the WinRM port the temporary security group opens: 5985, 5986 over TLS, or winrm_port', () => {
    expect(communicatorPort(ebsOptions(WINRM).run)).toBe(5985);
    expect(communicatorPort(ebsOptions(`${WINRM}winrm_use_ssl = true`).run)).toBe(5986);
    expect(communicatorPort(ebsOptions(`${WINRM}winrm_port = 15985`).run)).toBe(15985);
  });
});

describeWithWinRM('amazon-ebs WinRM connection', () => {
  jest.setTimeout(30_000);
  const session = {} as AwsSession;

  async function connect(hcl: string, retrieved?: string, instanceIp = '127.0.0.1') {
    const state = new MapStateBag();
    state.set(INSTANCE, { InstanceId: 'i-1', VpcId: 'vpc-1', PublicIpAddress: instanceIp });
    if (retrieved !== undefined) state.set(WINRM_PASSWORD, retrieved);
    const ui = fakeUI();
    const communicator = await amazonConnect({ options: ebsOptions(hcl), session })(
      fakeStepContext({ ui, state }),
    );
    let out = '';
    const r = await communicator.start(
      { command: 'echo hello', onStdout: (c) => void (out += c.toString('utf8')) },
      new AbortController().signal,
    );
    await communicator.close();
    return { ui, state, exit: r.exitStatus, out };
  }

  it("connects to the instance's address with the password the get-password step retrieved", async () => {
    const server = await startWinRMServer({ user: 'Administrator', password: 'From-EC2-1!' });
    const r = await connect(`${WINRM}winrm_port = ${server.port}\nwinrm_timeout = "10s"`, 'From-EC2-1!');
    expect({ exit: r.exit, out: r.out }).toEqual({ exit: 0, out: 'hello\r\n' });
    expect(r.state.get(CONNECTED_HOST)).toBe('127.0.0.1');
    expect(r.ui.said).toEqual([
      'Using WinRM communicator to connect: 127.0.0.1',
      'Waiting for WinRM to become available...',
      'Connected to WinRM!',
    ]);
    expect(r.ui.secrets).toContain('From-EC2-1!');
  });

  it("uses winrm_password, and winrm_host over the instance's address, when they are given", async () => {
    const server = await startWinRMServer({ user: 'Administrator', password: 'Given-2!' });
    const hcl = `${WINRM}winrm_port = ${server.port}\nwinrm_password = "Given-2!"\nwinrm_timeout = "10s"`;
    // The server listens on 127.0.0.1 only: the instance's 127.0.0.2 would never answer.
    const r = await connect(`${hcl}\nwinrm_host = "127.0.0.1"`, 'not-this-one', '127.0.0.2');
    expect(r.exit).toBe(0);
    expect(r.state.get(CONNECTED_HOST)).toBe('127.0.0.1');
  });
});
