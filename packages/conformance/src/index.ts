export { conformance, type ConformanceRun } from './suite.js';
export type { Implementation, Feature, ConnectRequest, PoolRequest, ServerAddress, SentinelPoolRequest, ClusterPoolRequest } from './implementation.js';
export type { Case, CaseContext, CaseGroup, OpenOptions } from './case.js';
export { groups } from './cases/index.js';
export { catalogue, type CatalogueEntry } from './catalogue.js';
export { Report, type Outcome, type IdStatus } from './report.js';
export { startRedisServer, redisServerInstalled, type RedisServer, type ServerOptions } from './redis-server.js';
export { optionChecks, type OptionsImplementation } from './options.js';
export { startSentinelGroup, startCluster, redisCli, type SentinelGroup, type SentinelGroupOptions, type Cluster, type ClusterNode } from './sentinel-and-cluster.js';
