import assert from 'node:assert/strict';
import type { AbcPatternChannel, AbcPlainChannel } from 'aioredis-abc';
import type { CaseGroup } from '../case.js';
import { pendingAfter } from '../assertions.js';

/** The channel's own iterator; the cases fail on a channel without one. */
function loop<T>(channel: AbcPlainChannel<T> | AbcPatternChannel<T>): AsyncIterable<unknown> {
  const iterator = channel[Symbol.asyncIterator]?.();
  assert.ok(iterator, `channel ${String(channel.name)} has no [Symbol.asyncIterator]`);
  return { [Symbol.asyncIterator]: () => iterator };
}

/** Collects what a `for await` loop over the channel reads, until the loop ends or throws. */
async function collect(iterable: AsyncIterable<unknown>): Promise<{ readonly read: unknown[]; readonly thrown: unknown }> {
  const read: unknown[] = [];
  try {
    for await (const item of iterable) read.push(item);
  } catch (error) {
    return { read, thrown: error };
  }
  return { read, thrown: undefined };
}

/** Reading a channel with `for await`, on its own and subscribed through a connection. */
export const iteration: CaseGroup = {
  name: 'iteration',
  cases: [
    {
      ids: ['channel.iterate.plain'],
      title: 'for await reads a plain channel in order, waits for the next message, and ends when the channel is closed and drained',
      async run({ implementation }) {
        const channel = implementation.plainChannel<string>('loop');
        channel.putNowait('first');
        channel.putNowait('second');
        const reading = collect(loop(channel));
        assert.ok(await pendingAfter(reading, 20), 'the loop ended while the channel was open');
        channel.putNowait('third');
        channel.close();
        const { read, thrown } = await reading;
        assert.deepEqual(read, ['first', 'second', 'third']);
        assert.equal(thrown, undefined);
        assert.equal(channel.isActive, false);
      },
    },
    {
      ids: ['channel.iterate.plain'],
      title: 'a channel closed with an error ends the loop by throwing that error, after the queued messages',
      async run({ implementation }) {
        const channel = implementation.plainChannel<string>('loop-error');
        const reason = new Error('the server went away');
        channel.putNowait('queued');
        channel.close(reason);
        const { read, thrown } = await collect(loop(channel));
        assert.deepEqual(read, ['queued']);
        assert.equal(thrown, reason);
        const waiting = implementation.plainChannel<string>('loop-error-waiting');
        const pending = collect(loop(waiting));
        await pendingAfter(pending, 10);
        waiting.close(reason);
        assert.equal((await pending).thrown, reason);
      },
    },
    {
      ids: ['channel.iterate.plain', 'channel.plain.put-never-waits'],
      title: 'for await reads thousands of queued messages in order, while more are put in between and after a loop that stopped early',
      async run({ implementation }) {
        const channel = implementation.plainChannel<number>('backlog');
        let put = 0;
        const putMany = (count: number): void => {
          for (const end = put + count; put < end; put += 1) channel.putNowait(put);
        };
        putMany(5000);
        const read: number[] = [];
        for await (const item of loop(channel)) {
          read.push(Number(item));
          if (read.length % 1000 === 0) putMany(700);
          if (read.length === 6000) break;
        }
        putMany(3000);
        channel.close();
        const rest = await collect(loop(channel));
        read.push(...rest.read.map(Number));
        assert.equal(rest.thrown, undefined);
        assert.deepEqual(read, Array.from({ length: put }, (_, i) => i));
      },
    },
    {
      ids: ['channel.iterate.pattern'],
      title: 'for await reads a pattern channel as (channel, message) pairs and ends when it is closed',
      async run({ implementation }) {
        const channel = implementation.patternChannel<string>('news.*');
        channel.putNowait(['news.sport', 'goal']);
        channel.putNowait(['news.tech', 'chip']);
        channel.close();
        const { read, thrown } = await collect(loop(channel));
        assert.deepEqual(read, [
          ['news.sport', 'goal'],
          ['news.tech', 'chip'],
        ]);
        assert.equal(thrown, undefined);
      },
    },
    {
      ids: ['channel.iterate.plain'],
      title: 'a loop over a subscribed channel reads what is published and ends when the channel is unsubscribed',
      async run({ connect, name }) {
        const subscriber = await connect('utf-8');
        const publisher = await connect('utf-8');
        const topic = name('loop');
        await subscriber.executePubsub('SUBSCRIBE', topic);
        const channel = subscriber.pubsubChannels.get(topic);
        assert.ok(channel && channel.isPattern === false, 'no plain channel after SUBSCRIBE');
        const reading = collect(loop(channel));
        await publisher.execute('PUBLISH', topic, 'one');
        await publisher.execute('PUBLISH', topic, 'two');
        await subscriber.executePubsub('UNSUBSCRIBE', topic);
        const { read, thrown } = await reading;
        assert.deepEqual(read, ['one', 'two']);
        assert.equal(thrown, undefined);
      },
    },
  ],
};
