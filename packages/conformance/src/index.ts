export { startRedisServer, type RedisServer } from './redis-server.js';
