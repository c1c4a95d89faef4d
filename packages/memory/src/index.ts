export { MemoryConnection } from './connection.js';
export { MemoryPool } from './pool.js';
