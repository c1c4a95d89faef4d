// aioredis-abc-socket: the parts of a connection that speaks RESP2 itself (work in progress).
export { RespParser, ErrorReply, RespProtocolError, HAS_ERROR, UNDECODABLE, decodeText, type ParsedReply, type ReplySink } from './parser.js';
export { CommandEncoder, type CommandArg } from './encoder.js';
export { ReplyQueue, type Resolve, type Reject } from './queue.js';
export { Transport, connectTransport, type ConnectOptions, type Push, type TransportOptions } from './transport.js';
