export { MemoryConnection } from './connection.js';
export { MemoryServer, databases, type MemoryConnectOptions, type MemoryPoolOptions } from './server.js';
