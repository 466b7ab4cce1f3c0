import { connectWithSettings } from '../../src/components/common/communicator';
import { NoneCommunicator } from '../../src/communicators/none';
import type { CommunicatorSettings } from '../../src/schema/communicator-settings';
import { stepContext } from '../sdk/step-context';

describe('the communicator a builder selects', () => {
  it('is none for communicator = "none"', async () => {
    const comm = await connectWithSettings({ type: 'none' } as CommunicatorSettings)(stepContext().ctx);
    expect(comm).toBeInstanceOf(NoneCommunicator);
  });
});
