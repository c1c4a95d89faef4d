// aioredis-abc-socket: the parts of a connection that speaks RESP2 itself (work in progress).
export { RespParser, ErrorReply, RespProtocolError, HAS_ERROR, UNDECODABLE, decodeText, type ParsedReply, type ReplySink } from './parser.js';
