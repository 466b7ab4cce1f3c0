/** Go's net/rpc with packer-plugin-sdk's msgpack codec and mux broker, Kiln's side. */
export { BROKER_TIMEOUT_MS, MuxBroker } from './broker';
export { RpcClient, RpcServerError, RpcShutdownError } from './client';
export { encodeMessage, type RequestHeader, type ResponseHeader } from './codec';
export { connectPlugin, type PluginConnection } from './connection';
export { RpcServer, type RpcMethod, type RpcService } from './server';
