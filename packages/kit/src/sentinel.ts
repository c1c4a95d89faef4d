// The Sentinel pool, split by job under sentinel/: the pool, the announcement listener, the questions it asks.
export { SentinelPool } from './sentinel/pool.js';
