// examples/migrate-0.3-shard-kinds.ts: the "after" code of 0.3's two shard pub/sub kinds in CHANGELOG.md, compiled by npm run typecheck.
import type { PubsubKind } from 'aioredis-abc';

// Code that names every pub/sub kind names ssubscribe and sunsubscribe too.
export const subscribes: Record<PubsubKind, boolean> = {
  subscribe: true,
  psubscribe: true,
  ssubscribe: true,
  unsubscribe: false,
  punsubscribe: false,
  sunsubscribe: false,
};
