export { MemoryConnection } from './connection.js';
export { MemoryServer, databases, type MemoryPool } from './server.js';
export type { MemoryConnectOptions, MemoryPoolOptions, MemoryServerOptions } from './options.js';
export type { Clock } from './clock.js';
