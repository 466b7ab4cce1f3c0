/** hashicorp/yamux, Kiln's side: the multiplexer every Packer plugin connection runs over. */
export { FrameReader, FrameType, Flag, GoAwayCode, INITIAL_WINDOW, YamuxProtocolError } from './frame';
export { SessionClosedError, YamuxSession, type SessionOptions } from './session';
export { StreamResetError, YamuxStream } from './stream';
