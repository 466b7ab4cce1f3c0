import { errorMessage } from '../../engine/abort';
import type { Artifact } from '../../engine/types';
import { text } from '../clients/values';
import type { RpcService } from '../rpc';

/**
 * A Kiln artifact served to a plugin post-processor: packer-plugin-sdk's rpc.ArtifactServer,
 * Kiln's side. The artifact may be a native one (Kiln's docker image, a manifest…) or another
 * plugin's (read through clients/artifact.ts), so one plugin's post-processor can feed another's.
 * Destroy's error travels in the reply (the SDK's *BasicError), not as the call's error.
 */
export function artifactService(artifact: Artifact): RpcService {
  return {
    BuilderId: () => artifact.builderId,
    Files: () => [...artifact.files],
    Id: () => artifact.id,
    String: () => artifact.description,
    // A name the artifact has no value for is Go's nil.
    State: (name) => {
      const key = text(name);
      return Object.prototype.hasOwnProperty.call(artifact.state, key) ? (artifact.state[key] ?? null) : null;
    },
    async Destroy() {
      try {
        await artifact.destroy();
        return null;
      } catch (err) {
        return { Message: errorMessage(err) || 'unknown error' };
      }
    },
  };
}
