export { MemoryConnection } from './connection.js';
export { MemoryServer, databases, type MemoryConnectOptions, type MemoryPool, type MemoryPoolOptions } from './server.js';
