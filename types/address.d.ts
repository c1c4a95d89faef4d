/**
 * The address of a TCP connection: the host and the port.
 */
export type TcpAddress = readonly [host: string, port: number];

/**
 * Where a connection is connected: a host and port pair for TCP, or the path
 * of a unix socket.
 */
export type Address = TcpAddress | string;
