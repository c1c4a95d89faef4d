export { MemoryConnection } from './connection.js';
export { MemoryServer, databases, type MemoryConnectOptions, type MemoryPool, type MemoryPoolOptions, type MemoryServerOptions } from './server.js';
export type { Clock } from './clock.js';
