import assert from 'node:assert/strict';
import type { CaseGroup } from '../case.js';
import { pendingAfter, rejectsWith } from '../assertions.js';

/** The implementation's channel objects on their own, as a connection uses them. */
export const channels: CaseGroup = {
  name: 'channels',
  cases: [
    {
      ids: ['channel.plain.put', 'channel.plain.get', 'channel.plain.is-pattern'],
      title: 'a plain channel queues what is put and get() resolves with it in order, or waits for it',
      async run({ implementation }) {
        const channel = implementation.plainChannel<string>('plain');
        assert.equal(channel.isPattern, false);
        channel.putNowait('first');
        channel.putNowait('second');
        assert.equal(await channel.get(), 'first');
        assert.equal(await channel.get(), 'second');
        const waiting = channel.get();
        assert.ok(await pendingAfter(waiting, 20), 'get() resolved with no message queued');
        channel.putNowait('third');
        assert.equal(await waiting, 'third');
      },
    },
    {
      ids: ['channel.pattern.put', 'channel.pattern.get', 'channel.pattern.is-pattern', 'message.pattern-pair'],
      title: 'a pattern channel queues (channel, message) pairs and get() resolves with them',
      async run({ implementation }) {
        const channel = implementation.patternChannel<string>('news.*');
        assert.equal(channel.isPattern, true);
        channel.putNowait(['news.sport', 'goal']);
        const waiting = channel.get();
        assert.deepEqual(await waiting, ['news.sport', 'goal']);
        const next = channel.get();
        assert.ok(await pendingAfter(next, 20), 'get() resolved with no message queued');
        channel.putNowait(['news.tech', 'chip']);
        assert.deepEqual(await next, ['news.tech', 'chip']);
      },
    },
    {
      ids: ['channel.plain.put-never-waits', 'channel.pattern.put-never-waits'],
      title: 'putNowait() returns at once with no reader, however many messages are queued',
      async run({ implementation }) {
        const plain = implementation.plainChannel<number>('many');
        const pattern = implementation.patternChannel<string>('many.*');
        for (let i = 0; i < 10_000; i += 1) {
          assert.equal(plain.putNowait(i), undefined);
          assert.equal(pattern.putNowait([`many.${i}`, String(i)]), undefined);
        }
        assert.equal(await plain.get(), 0);
        assert.deepEqual(await pattern.get(), ['many.0', '0']);
      },
    },
    {
      ids: ['channel.plain.get-decoder', 'channel.pattern.get-decoder'],
      title: "get(decoder) resolves with the decoder's result; a pattern channel's keeps the channel",
      async run({ implementation }) {
        const plain = implementation.plainChannel<string>('events');
        plain.putNowait('{"id":7}');
        const event: { id: number } = await plain.get((message): { id: number } => JSON.parse(message));
        assert.deepEqual(event, { id: 7 });
        const pattern = implementation.patternChannel<string>('events.*');
        pattern.putNowait(['events.a', '{"id":8}']);
        assert.deepEqual(await pattern.get((message): { id: number } => JSON.parse(message)), ['events.a', { id: 8 }]);
      },
    },
    {
      ids: ['channel.plain.decoder-throws', 'channel.pattern.decoder-throws'],
      title: 'a decoder that throws rejects get() with its error, and the channel goes on',
      async run({ implementation }) {
        const failure = new SyntaxError('not JSON');
        const plain = implementation.plainChannel<string>('broken');
        plain.putNowait('x');
        plain.putNowait('y');
        await assert.rejects(
          plain.get(() => {
            throw failure;
          }),
          (error) => error === failure,
        );
        assert.equal(await plain.get(), 'y');
        const pattern = implementation.patternChannel<string>('broken.*');
        pattern.putNowait(['broken.a', 'x']);
        await assert.rejects(
          pattern.get(() => {
            throw failure;
          }),
          (error) => error === failure,
        );
      },
    },
    {
      ids: ['channel.plain.get-closed', 'channel.pattern.get-closed', 'errors.channel-closed'],
      title: 'get() rejects with ChannelClosedError on a closed, drained channel, and a waiting get() rejects when the channel closes',
      async run({ implementation }) {
        const plain = implementation.plainChannel<string>('c');
        const pattern = implementation.patternChannel<string>('c.*');
        const waiting = [rejectsWith(plain.get(), 'ChannelClosedError'), rejectsWith(pattern.get(), 'ChannelClosedError')];
        plain.close();
        pattern.close();
        await Promise.all(waiting);
        await rejectsWith(plain.get(), 'ChannelClosedError');
        await rejectsWith(pattern.get(), 'ChannelClosedError');
        await rejectsWith(plain.get((message) => message.length), 'ChannelClosedError');
        await rejectsWith(pattern.get((message) => message.length), 'ChannelClosedError');
      },
    },
    {
      ids: ['channel.close.drains', 'channel.is-active'],
      title: 'a closed channel takes no more messages, and its queued ones are read before get() rejects; isActive says so',
      async run({ implementation }) {
        const channel = implementation.plainChannel<string>('closing');
        assert.equal(channel.isActive, true);
        channel.putNowait('queued');
        channel.close();
        assert.equal(channel.isActive, true, 'a closed channel with a queued message is still active');
        channel.putNowait('late');
        assert.equal(await channel.get(), 'queued');
        assert.equal(channel.isActive, false);
        await rejectsWith(channel.get(), 'ChannelClosedError');
        const pattern = implementation.patternChannel<string>('closing.*');
        pattern.close();
        assert.equal(pattern.isActive, false);
        pattern.putNowait(['closing.a', 'late']);
        assert.equal(pattern.isActive, false);
      },
    },
    {
      ids: ['channel.close.twice'],
      title: 'closing a channel again does nothing: no error, and the first reason stays',
      async run({ implementation }) {
        const reason = new Error('first');
        for (const channel of [implementation.plainChannel<string>('twice'), implementation.patternChannel<string>('twice.*')]) {
          channel.close(reason);
          channel.close(new Error('second'));
          channel.close();
          assert.equal(channel.isActive, false);
          const error = await rejectsWith(channel.get(), 'ChannelClosedError');
          assert.equal(error.cause, reason);
        }
      },
    },
    {
      ids: ['channel.loop-while-active'],
      title: 'a reader that loops on get() while isActive reads every message and stops after close',
      async run({ implementation }) {
        const channel = implementation.plainChannel<string>('loop');
        for (const message of ['a', 'b', 'c']) channel.putNowait(message);
        channel.close();
        const read: string[] = [];
        while (channel.isActive) read.push(await channel.get());
        assert.deepEqual(read, ['a', 'b', 'c']);
      },
    },
    {
      ids: ['channel.name-bytes', 'name.keeps-form'],
      title: 'a channel keeps its name in the form given: bytes stay the same bytes, text stays text',
      async run({ implementation }) {
        const binary = new Uint8Array([0xff, 0x00, 0x80]);
        assert.equal(implementation.plainChannel(binary).name, binary);
        assert.equal(implementation.patternChannel(binary).name, binary);
        assert.equal(implementation.plainChannel('text').name, 'text');
      },
    },
  ],
};
