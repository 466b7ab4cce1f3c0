import { connectWithSettings, connectedCommunicator } from '../../src/components/common/communicator';
import { NoneCommunicator } from '../../src/communicators/none';
import { communicatorSettings } from '../../src/schema/communicator-settings';
import type { CommunicatorSettings } from '../../src/schema/communicator-settings';
import { communicatorFields } from '../../src/schema/communicator';
import { fakeView as fakeConfigView } from '../support/config-view';
import { freePort } from '../support/net';
import { stepContext } from '../sdk/step-context';

const fakeView = (data: Parameters<typeof fakeConfigView>[1]) =>
  fakeConfigView(communicatorFields('ssh'), data);

describe('the communicator a builder selects', () => {
  it('is none for communicator = "none"', async () => {
    const comm = await connectWithSettings({ type: 'none' } as CommunicatorSettings)(stepContext().ctx);
    expect(comm).toBeInstanceOf(NoneCommunicator);
  });

  it('is WinRM for communicator = "winrm", waiting up to winrm_timeout', async () => {
    const port = await freePort();
    const settings = communicatorSettings(
      fakeView({
        communicator: 'winrm',
        winrm_host: '127.0.0.1',
        winrm_port: port,
        winrm_username: 'u',
        winrm_timeout: '300ms',
      }),
      'ssh',
    );
    const { ctx } = stepContext();
    await expect(connectWithSettings(settings)(ctx)).rejects.toThrow(
      /^Timeout waiting for WinRM\. Last error: .*ECONNREFUSED/,
    );
  });
});

describe("the connection's build.* values", () => {
  it('come from the winrm_* options with WinRM (WinRMPassword too), from the ssh_* ones otherwise', () => {
    const view = fakeView({
      communicator: 'winrm',
      winrm_host: 'win.example',
      winrm_use_ssl: true,
      winrm_username: 'Administrator',
      winrm_password: 'pw',
      ssh_host: 'other',
      ssh_username: 'nobody',
    });
    expect(connectedCommunicator(communicatorSettings(view, 'ssh'))).toEqual({
      type: 'winrm',
      host: 'win.example',
      port: 5986,
      user: 'Administrator',
      password: 'pw',
      winrmPassword: 'pw',
    });
    const ssh = connectedCommunicator(
      communicatorSettings(fakeView({ ssh_host: 'h', ssh_username: 'root', ssh_password: 'x' }), 'ssh'),
    );
    expect(ssh).toMatchObject({ type: 'ssh', host: 'h', port: 22, user: 'root', password: 'x' });
    expect(ssh.winrmPassword).toBeUndefined();
  });
});
