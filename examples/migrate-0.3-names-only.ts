// examples/migrate-0.3-names-only.ts: the "after" code of 0.3's ChannelNamesOnly in CHANGELOG.md, compiled by npm run typecheck.
import type { ChannelName, PubsubTarget } from 'aioredis-abc';

// A target of a command of either kind is no longer a ChannelName by its type:
// narrow it to a name before using it as one.
export function nameOf(target: PubsubTarget): ChannelName {
  if (typeof target === 'string' || target instanceof Uint8Array) return target;
  throw new TypeError('a command that may be SUBSCRIBE or PSUBSCRIBE takes channel names only');
}
