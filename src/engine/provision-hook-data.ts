import type { GeneratedData } from './types';

/**
 * The `build.*` values a builder's provision step hands its provisioners, as packer-plugin-sdk's
 * commonsteps.PopulateProvisionHookData assembles them. Keys a builder has no value for get the
 * SDK's own placeholder strings rather than disappearing, so a template reading `build.ID` or
 * `build.PackerHTTPAddr` always runs, with the text Packer would print.
 */

/** What a builder's ID falls back to when it keeps no instance ID (the SDK's wording). */
export const ID_NOT_IMPLEMENTED = 'ERR_ID_NOT_IMPLEMENTED_BY_BUILDER';
export const HTTP_IP_NOT_IMPLEMENTED = 'ERR_HTTP_IP_NOT_IMPLEMENTED_BY_BUILDER';
export const HTTP_PORT_NOT_IMPLEMENTED = 'ERR_HTTP_PORT_NOT_IMPLEMENTED_BY_BUILDER';
export const HTTP_ADDR_NOT_IMPLEMENTED = 'ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER';

/** The communicator's view of the connection (the SDK's communicator.Config accessors). */
export interface ConnectedCommunicator {
  /** ssh, winrm, docker...: Config.Type. */
  readonly type: string;
  /** Config.Host(), Port(), User(), Password(): empty (0 for the port) for non-ssh/winrm types. */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** A temporary key pair the builder generated (empty when the user brought their own key). */
  readonly sshPublicKey?: string;
  readonly sshPrivateKey?: string;
  readonly sshPrivateKeyFile?: string;
  readonly sshAgentAuth?: boolean;
  readonly winrmPassword?: string;
}

export interface ProvisionHookInputs {
  /** The builder's own generated values (docker's SourceImageDigest, amazon's SourceAMI...). */
  readonly generated?: GeneratedData;
  /** The builder's instance ID (state "instance_id"): the null builder's is "Null". */
  readonly instanceId?: string;
  /** PACKER_RUN_UUID. */
  readonly runId: string;
  /** The builder's HTTP server, when it runs one. */
  readonly http?: { readonly ip?: string; readonly port?: number };
  /**
   * The communicator configuration, once connected. Absent with `communicator = "none"`: the SDK's
   * StepConnect then stores none, and Host, Port, User... keep the values they had at validate time.
   */
  readonly communicator?: ConnectedCommunicator;
}

export function provisionHookData(inputs: ProvisionHookInputs): GeneratedData {
  const data: Record<string, string> = { ...inputs.generated };
  data.ID = inputs.instanceId ?? ID_NOT_IMPLEMENTED;
  data.PackerRunUUID = inputs.runId;
  const ip = inputs.http?.ip;
  const port = inputs.http?.port;
  data.PackerHTTPIP = ip ?? HTTP_IP_NOT_IMPLEMENTED;
  data.PackerHTTPPort = port === undefined ? HTTP_PORT_NOT_IMPLEMENTED : String(port);
  data.PackerHTTPAddr = ip !== undefined && port !== undefined ? `${ip}:${port}` : HTTP_ADDR_NOT_IMPLEMENTED;
  const comm = inputs.communicator;
  if (comm === undefined) return data;
  data.Host = comm.host;
  data.Port = String(comm.port);
  data.User = comm.user;
  data.Password = comm.password;
  data.ConnType = comm.type;
  data.SSHPublicKey = comm.sshPublicKey ?? '';
  data.SSHPrivateKey = comm.sshPrivateKey ?? '';
  data.SSHPrivateKeyFile = comm.sshPrivateKeyFile ?? '';
  data.SSHAgentAuth = String(comm.sshAgentAuth ?? false);
  data.WinRMPassword = comm.winrmPassword ?? '';
  return data;
}
