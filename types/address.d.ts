/** A TCP address: the host and the port. */
export type TcpAddress = readonly [host: string, port: number];

/** A TCP address, or the path of a unix socket. */
export type Address = TcpAddress | string;
