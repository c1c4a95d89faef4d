import assert from 'node:assert/strict';
import type { AbcConnection } from 'aioredis-abc';
import type { CaseContext, CaseGroup } from '../case.js';
import { bytes, pendingAfter, rejectsWith } from '../assertions.js';

/** A subscribing command tried inside a transaction. */
type Subscribing = 'SUBSCRIBE' | 'PSUBSCRIBE' | 'SSUBSCRIBE';

/** Publishes `message` to `name` from `publisher` (`SPUBLISH` for a shard channel) and resolves with how many subscriptions took it. */
async function publishedTo(publisher: AbcConnection<'utf-8'>, command: Subscribing, name: string, message: string): Promise<number> {
  return Number(await publisher.execute(command === 'SSUBSCRIBE' ? 'SPUBLISH' : 'PUBLISH', name, message));
}

/**
 * `MULTI`, `executePubsub(command)`, a queued `SET`, then `end`. The call
 * either rejects with a `TypeError`, at once, and subscribes nothing while the
 * transaction runs on as if it had not been made; or it confirms no sooner
 * than `EXEC`, and only what `EXEC` really subscribed.
 */
async function subscribeInTransaction(t: CaseContext, publisher: AbcConnection<'utf-8'>, command: Subscribing, end: 'EXEC' | 'DISCARD'): Promise<void> {
  const conn = await t.connect('utf-8');
  const name = t.name('in-multi');
  const key = t.name('queued');
  const target = command === 'PSUBSCRIBE' ? `${name}*` : name;
  const what = `${command} between MULTI and ${end}`;
  assert.equal(await conn.execute('MULTI'), 'OK');
  const subscribing = conn.executePubsub(command, target);
  const early = !(await pendingAfter(subscribing, 100));
  if (early) await rejectsWith(subscribing, 'TypeError');
  const [subscribed, queued, ended] = await Promise.allSettled([subscribing, conn.execute('SET', key, 'v'), conn.execute(end)]);
  const works = subscribed.status === 'fulfilled';
  assert.ok(!works || end === 'EXEC', `${what} confirmed a subscription that DISCARD dropped`);
  if (!works && subscribed.reason instanceof Error) assert.equal(subscribed.reason.name, 'TypeError', `${what} rejected with ${subscribed.reason.name}: ${subscribed.reason.message}`);
  assert.equal(queued.status === 'fulfilled' && queued.value, 'QUEUED', `${what}: the SET after it was not queued`);
  assert.equal(ended.status, 'fulfilled', `${what}: ${end} rejected (${ended.status === 'rejected' ? String(ended.reason) : ''})`);
  if (!works && ended.status === 'fulfilled') assert.deepEqual(ended.value, end === 'EXEC' ? ['OK'] : 'OK', `${what}: ${end} answered for more than the SET`);
  assert.equal(await publisher.execute('GET', key), end === 'EXEC' ? 'v' : null, `${what}: the queued SET did not follow ${end}`);
  assert.equal(conn.inPubsub, works ? 1 : 0, `${what}: inPubsub says what the server did not do`);
  assert.equal(conn.pubsubChannels.size + conn.pubsubPatterns.size + (conn.pubsubShardChannels?.size ?? 0), works ? 1 : 0, `${what}: the dictionaries hold what the server did not subscribe`);
  assert.equal(await publishedTo(publisher, command, name, 'hello'), works ? 1 : 0, `${what}: the server's subscriptions differ from the connection's`);
  if (!works) assert.equal(await conn.execute('PING'), 'PONG', `${what}: the connection is unusable after the refusal`);
  conn.close();
}

/** A utf-8 connection subscribed by name to a channel no other case uses, the channel it made, and a publisher. */
async function subscribedByName(t: CaseContext, prefix: string) {
  const conn = await t.connect('utf-8');
  const publisher = await t.connect('utf-8');
  const name = t.name(prefix);
  await conn.executePubsub('SUBSCRIBE', name);
  const channel = conn.pubsubChannels.get(name) ?? assert.fail(`no channel after SUBSCRIBE ${name}`);
  return { conn, publisher, name, channel };
}

/** `executePubsub()`, the dictionaries and `inPubsub`, and messages through a real publisher. */
export const pubsub: CaseGroup = {
  name: 'pub/sub',
  cases: [
    {
      ids: ['pubsub.confirmations', 'pubsub.confirmation', 'pubsub.kind-lower', 'pubsub.command-case', 'connection.in-pubsub'],
      title: 'executePubsub confirms each channel in order with the count after it, in any case of the command, and inPubsub counts up and down',
      async run(t) {
        const conn = await t.connect('utf-8');
        const [a, b, p] = [t.name('a'), t.name('b'), `${t.name('n')}.*`];
        assert.equal(conn.inPubsub, 0);
        assert.deepEqual(await conn.executePubsub('SUBSCRIBE', a, b), [
          ['subscribe', a, 1],
          ['subscribe', b, 2],
        ]);
        assert.deepEqual(await conn.executePubsub('Psubscribe', p), [['psubscribe', p, 3]]);
        assert.equal(conn.inPubsub, 3);
        assert.deepEqual(await conn.executePubsub('unsubscribe', a), [['unsubscribe', a, 2]]);
        assert.deepEqual(await conn.executePubsub('PUNSUBSCRIBE', p), [['punsubscribe', p, 1]]);
        assert.equal(conn.inPubsub, 1);
      },
    },
    {
      ids: ['connection.in-pubsub-zero', 'execute.pubsub-mode'],
      title: 'in pub/sub mode a command other than PING rejects and is not run; once the count is zero it runs again',
      async run(t) {
        const conn = await t.connect('utf-8');
        const key = t.name('mode');
        const channel = t.name('busy');
        await conn.executePubsub('SUBSCRIBE', channel);
        const refused = await rejectsWith(conn.execute('SET', key, 'in pub/sub'), 'RedisError');
        assert.match(refused.message, /pub\/sub|subscribe/i);
        await conn.execute('PING');
        await conn.executePubsub('UNSUBSCRIBE', channel);
        assert.equal(conn.inPubsub, 0);
        assert.equal(await conn.execute('GET', key), null, 'the command refused in pub/sub mode was run');
        assert.equal(await conn.execute('SET', key, 'v'), 'OK');
        assert.equal(await conn.execute('GET', key), 'v');
      },
    },
    {
      ids: ['connection.channels', 'connection.channels-plain', 'connection.patterns', 'connection.patterns-pattern', 'dictionary.entries'],
      title: 'the dictionaries map each subscribed name to its channel, plain ones and pattern ones apart',
      async run(t) {
        const conn = await t.connect('utf-8');
        const news = t.name('news');
        await conn.executePubsub('SUBSCRIBE', news);
        await conn.executePubsub('PSUBSCRIBE', `${news}.*`);
        assert.deepEqual([...conn.pubsubChannels.keys()], [news]);
        assert.deepEqual([...conn.pubsubPatterns.keys()], [`${news}.*`]);
        assert.equal(conn.pubsubChannels.get(news)?.isPattern, false);
        assert.equal(conn.pubsubPatterns.get(`${news}.*`)?.isPattern, true);
        assert.equal(conn.pubsubChannels.get(news)?.name, news);
        await conn.executePubsub('UNSUBSCRIBE', news);
        assert.equal(conn.pubsubChannels.size, 0);
        assert.equal(conn.pubsubPatterns.size, 1);
      },
    },
    {
      ids: ['dictionary.read-only'],
      title: 'the dictionaries cannot be changed at run time, and stay live views',
      async run(t) {
        const conn = await t.connect('utf-8');
        const news = t.name('news');
        const channels = conn.pubsubChannels;
        await conn.executePubsub('SUBSCRIBE', news);
        for (const method of ['set', 'delete', 'clear']) assert.equal(Reflect.get(channels, method), undefined, `the dictionary has ${method}()`);
        assert.equal(Reflect.set(channels, news, null), false, 'an element could be assigned');
        assert.throws(() => Map.prototype.clear.call(channels), TypeError);
        assert.throws(() => Map.prototype.set.call(channels, 'x', null), TypeError);
        assert.equal(channels.size, 1);
        assert.equal(conn.pubsubChannels.size, 1);
        await conn.executePubsub('UNSUBSCRIBE', news);
        assert.equal(channels.size, 0);
      },
    },
    {
      ids: ['dictionary.entries', 'dictionary.key'],
      title: 'any name is a safe key, __proto__ and constructor included',
      async run(t) {
        const conn = await t.connect('utf-8');
        await conn.executePubsub('SUBSCRIBE', '__proto__', 'constructor');
        assert.equal(conn.pubsubChannels.get('__proto__')?.name, '__proto__');
        assert.equal(conn.pubsubChannels.get('constructor')?.name, 'constructor');
        assert.equal(conn.pubsubChannels.size, 2);
        await conn.executePubsub('UNSUBSCRIBE', '__proto__', 'constructor');
        assert.equal(conn.pubsubChannels.size, 0);
      },
    },
    {
      ids: ['message.follows-encoding', 'pubsub.channel-objects', 'connection.channels-decoded'],
      title: 'a message arrives decoded on a connection with an encoding and as bytes on one without',
      async run(t) {
        const text = await t.connect('utf-8');
        const raw = await t.connect(null);
        const publisher = await t.connect('utf-8');
        const name = t.name('plain');
        await text.executePubsub('SUBSCRIBE', name);
        await raw.executePubsub('SUBSCRIBE', name);
        assert.equal(await publisher.execute('PUBLISH', name, 'héllo'), 2);
        assert.equal(await text.pubsubChannels.get(name)?.get(), 'héllo');
        assert.deepEqual(bytes(await raw.pubsubChannels.get(name)?.get()), Buffer.from('héllo'));
      },
    },
    {
      ids: ['message.follows-encoding', 'connection.channels-decoded', 'pubsub.channel-throws'],
      title: 'messages of every length decode alike, short or long, ASCII or not; one that is not UTF-8, however short, closes its channel with a TypeError',
      async run(t) {
        const { conn, publisher, name, channel } = await subscribedByName(t, 'lengths');
        const texts = ['', 'a', 'ok', 'é', 'héllo', '12345678', '123456789', 'ü'.repeat(4), 'x'.repeat(100), 'é'.repeat(50), '\u{1F600}'];
        for (const text of texts) assert.equal(await publisher.execute('PUBLISH', name, text), 1);
        for (const text of texts) assert.equal(await channel.get(), text);
        assert.equal(await publisher.execute('PUBLISH', name, Buffer.from([0x61, 0xc3])), 1);
        const error = await rejectsWith(channel.get(), 'ChannelClosedError');
        assert.ok(error.cause instanceof TypeError, `the channel was closed with ${String(error.cause)}, not a TypeError`);
        assert.equal(conn.pubsubChannels.has(name), false);
      },
    },
    {
      ids: ['pubsub.channel-objects', 'message.pattern-pair', 'channel.pattern.get', 'channel.pattern.get-decoder'],
      title: "a channel object given to PSUBSCRIBE receives the pattern's messages as (channel, message) pairs",
      async run(t) {
        const conn = await t.connect('utf-8');
        const publisher = await t.connect('utf-8');
        const base = t.name('news');
        const channel = t.implementation.patternChannel<string>(`${base}.*`);
        await conn.executePubsub('PSUBSCRIBE', channel);
        assert.equal(conn.pubsubPatterns.get(`${base}.*`), channel);
        await publisher.execute('PUBLISH', `${base}.sport`, 'goal');
        await publisher.execute('PUBLISH', t.name('weather'), 'rain');
        await publisher.execute('PUBLISH', `${base}.tech`, '{"chip":1}');
        assert.deepEqual(await channel.get(), [`${base}.sport`, 'goal']);
        assert.deepEqual(await channel.get((message) => JSON.parse(message)), [`${base}.tech`, { chip: 1 }]);
      },
    },
    {
      ids: ['pubsub.channel-objects', 'channel.plain.get-decoder'],
      title: 'a channel object given to SUBSCRIBE receives the messages itself',
      async run(t) {
        const conn = await t.connect('utf-8');
        const publisher = await t.connect('utf-8');
        const name = t.name('events');
        const channel = t.implementation.plainChannel<string>(name);
        await conn.executePubsub('SUBSCRIBE', channel);
        assert.equal(conn.pubsubChannels.get(name), channel);
        await publisher.execute('PUBLISH', name, JSON.stringify({ id: 7 }));
        assert.deepEqual(await channel.get((message): { id: number } => JSON.parse(message)), { id: 7 });
      },
    },
    {
      ids: ['pubsub.unsubscribe-closes', 'channel.close.by-connection', 'channel.close.drains'],
      title: 'unsubscribing closes the channel: queued messages are still read, then get() rejects with ChannelClosedError',
      async run(t) {
        const { conn, publisher, name, channel } = await subscribedByName(t, 'closing');
        await publisher.execute('PUBLISH', name, 'last');
        await conn.executePubsub('UNSUBSCRIBE', name);
        assert.equal(conn.pubsubChannels.has(name), false);
        assert.equal(await channel.get(), 'last');
        assert.equal(channel.isActive, false);
        await rejectsWith(channel.get(), 'ChannelClosedError');
        await publisher.execute('PUBLISH', name, 'after');
        assert.equal(channel.isActive, false, 'a message was put into the closed channel');
      },
    },
    {
      ids: ['message.pattern-pair', 'connection.patterns-decoded'],
      title: 'on a connection without an encoding, a pattern message is a pair of bytes: the channel and the message',
      async run(t) {
        const raw = await t.connect(null);
        const publisher = await t.connect('utf-8');
        const base = t.name('raw');
        await raw.executePubsub('PSUBSCRIBE', `${base}.*`);
        const channel = raw.pubsubPatterns.get(`${base}.*`);
        assert.ok(channel);
        await publisher.execute('PUBLISH', `${base}.é`, 'ü');
        const [source, message] = await channel.get();
        assert.deepEqual(bytes(source), Buffer.from(`${base}.é`));
        assert.deepEqual(bytes(message), Buffer.from('ü'));
      },
    },
    {
      ids: ['name.utf8', 'dictionary.key'],
      title: 'a text name is sent as UTF-8: bytes published to its UTF-8 form reach it, and it is its own key',
      async run(t) {
        const conn = await t.connect('utf-8');
        const publisher = await t.connect(null);
        const name = `${t.name('café')}:ü`;
        await conn.executePubsub('SUBSCRIBE', name);
        assert.equal(await publisher.execute('PUBLISH', Buffer.from(name, 'utf8'), Buffer.from('naïve')), 1);
        assert.equal(await conn.pubsubChannels.get(name)?.get(), 'naïve');
      },
    },
    {
      ids: ['pubsub.kind-checked', 'pubsub.other-kind-refused', 'pubsub.target-kind'],
      title: 'a channel object of the wrong kind is refused with a TypeError for every pub/sub command, and nothing changes',
      async run(t) {
        const conn = await t.connect('utf-8');
        const plain = t.implementation.plainChannel<string>(t.name('plain'));
        const pattern = t.implementation.patternChannel<string>(`${t.name('pattern')}.*`);
        // @ts-expect-error: a JavaScript caller can pass a pattern channel to SUBSCRIBE; the types refuse it
        await rejectsWith(conn.executePubsub('SUBSCRIBE', pattern), 'TypeError');
        // @ts-expect-error: likewise a plain channel to PSUBSCRIBE
        await rejectsWith(conn.executePubsub('PSUBSCRIBE', plain), 'TypeError');
        await conn.executePubsub('SUBSCRIBE', plain);
        await conn.executePubsub('PSUBSCRIBE', pattern);
        // @ts-expect-error: a pattern channel to UNSUBSCRIBE
        await rejectsWith(conn.executePubsub('UNSUBSCRIBE', pattern), 'TypeError');
        // @ts-expect-error: a plain channel to PUNSUBSCRIBE
        await rejectsWith(conn.executePubsub('PUNSUBSCRIBE', plain), 'TypeError');
        assert.equal(conn.inPubsub, 2);
        assert.equal(plain.isActive, true);
        assert.equal(pattern.isActive, true);
      },
    },
    {
      ids: ['pubsub.no-channel'],
      title: 'executePubsub with no channel, or with a command that is not a pub/sub one, rejects with a TypeError',
      async run(t) {
        const conn = await t.connect('utf-8');
        // @ts-expect-error: at least one channel is required
        await rejectsWith(conn.executePubsub('SUBSCRIBE'), 'TypeError');
        // @ts-expect-error: not a pub/sub command
        await rejectsWith(conn.executePubsub('PUBLISH', 'x'), 'TypeError');
        assert.equal(conn.inPubsub, 0);
      },
    },
    {
      ids: ['channel.name-bytes', 'name.keeps-form', 'dictionary.key'],
      title: 'a channel name given as bytes is kept as bytes, subscribed as those bytes, and keyed by its text',
      async run(t) {
        const conn = await t.connect(null);
        const publisher = await t.connect(null);
        const text = t.name('bytes-name');
        const name = Buffer.from(text);
        const [confirmation] = await conn.executePubsub('SUBSCRIBE', name);
        assert.ok(confirmation);
        const [kind, confirmed, count] = confirmation;
        assert.deepEqual([kind, count], ['subscribe', 1]);
        assert.ok(confirmed instanceof Uint8Array && Buffer.from(confirmed).equals(name), 'the confirmation does not name the bytes');
        const channel = conn.pubsubChannels.get(text);
        assert.ok(channel, 'the bytes name is not keyed by its text');
        assert.ok(channel.name instanceof Uint8Array && Buffer.from(channel.name).equals(name));
        assert.equal(await publisher.execute('PUBLISH', text, 'm'), 1, 'the server has no subscriber on those bytes');
        assert.deepEqual(bytes(await channel.get()), Buffer.from('m'));
      },
    },
    {
      ids: ['name.may-refuse-non-utf8', 'dictionary.key', 'dictionary.key-lossless'],
      title: 'two bytes names that are not valid UTF-8 are two subscriptions: each gets its own messages, and unsubscribing one leaves the other',
      needs: ['binaryNames'],
      async run(t) {
        const conn = await t.connect(null);
        const publisher = await t.connect(null);
        const first = Buffer.from([0xff, 0xfe, 0x01]);
        const second = Buffer.from([0xff, 0xfe, 0x02]);
        await conn.executePubsub('SUBSCRIBE', first, second);
        assert.equal(conn.inPubsub, 2);
        assert.equal(conn.pubsubChannels.size, 2, 'two names share one key');
        const channels = [...conn.pubsubChannels.values()];
        const byName = (name: Buffer) => channels.find((channel) => channel.name instanceof Uint8Array && Buffer.from(channel.name).equals(name));
        const [one, two] = [byName(first), byName(second)];
        assert.ok(one && two && one !== two);
        await publisher.execute('PUBLISH', second, 'to second');
        await publisher.execute('PUBLISH', first, 'to first');
        assert.deepEqual(bytes(await one.get()), Buffer.from('to first'));
        assert.deepEqual(bytes(await two.get()), Buffer.from('to second'));
        await conn.executePubsub('UNSUBSCRIBE', first);
        assert.equal(conn.inPubsub, 1);
        assert.equal(two.isActive, true, 'unsubscribing the first closed the second');
        assert.equal(await publisher.execute('PUBLISH', second, 'still'), 1, 'the server no longer has the second subscription');
        assert.deepEqual(bytes(await two.get()), Buffer.from('still'));
      },
    },
    {
      ids: ['name.may-refuse-non-utf8'],
      title: 'a bytes name that is not valid UTF-8 is subscribed, or refused with a TypeError that changes nothing',
      async run(t) {
        const conn = await t.connect(null);
        const name = Buffer.from([0xc3, 0x28, t.name('x').length]);
        let refused: Error | undefined;
        try {
          await conn.executePubsub('SUBSCRIBE', name);
        } catch (error) {
          assert.ok(error instanceof TypeError, `refused with ${String(error)}, not a TypeError`);
          refused = error;
        }
        assert.equal(conn.inPubsub, refused ? 0 : 1);
        assert.equal(conn.pubsubChannels.size, refused ? 0 : 1);
        if (refused) assert.deepEqual(bytes(await conn.execute('PING')), Buffer.from('PONG'), 'the refusal left the connection unusable');
      },
    },
    {
      ids: ['pubsub.refused'],
      title: 'a SUBSCRIBE or PSUBSCRIBE that the server refuses for one of its channels subscribes none of them, keeps what was subscribed before, and the connection runs commands after',
      needs: ['server'],
      async run(t) {
        const root = await t.connect('utf-8');
        const user = t.name('pubsub-user');
        const allowed = t.name('allowed');
        await root.execute('ACL', 'SETUSER', user, 'on', '>secret', '~*', '+@all', 'resetchannels', `&${allowed}*`);
        t.defer(async () => {
          await root.execute('ACL', 'DELUSER', user);
        });
        const conn = await t.connect('utf-8', { username: user, password: 'secret' });
        const key = t.name('after-refusal');
        for (const [command, names] of [
          ['SUBSCRIBE', [`${allowed}.news`, t.name('denied')]],
          ['PSUBSCRIBE', [`${allowed}*`, `${t.name('denied')}*`]],
        ] as const) {
          const refused = await rejectsWith(conn.executePubsub(command, names[0], names[1]), 'ReplyError');
          assert.match(refused.message, /NOPERM/, refused.message);
          assert.equal(conn.inPubsub, 0, `${command} left subscriptions counted`);
          assert.equal(conn.pubsubChannels.size + conn.pubsubPatterns.size, 0, `${command} left channels in the dictionaries`);
          assert.equal(await conn.execute('GET', key), null, `after the refused ${command}, the server still holds a subscription`);
        }
        assert.deepEqual(await root.execute('PUBSUB', 'NUMSUB', `${allowed}.news`), [`${allowed}.news`, 0]);
        await conn.executePubsub('PSUBSCRIBE', `${allowed}*`);
        await rejectsWith(conn.executePubsub('PSUBSCRIBE', `${allowed}*`, `${t.name('denied')}*`), 'ReplyError');
        assert.equal(conn.inPubsub, 1, 'the refusal took back a pattern subscribed before it');
        assert.equal(await root.execute('PUBLISH', `${allowed}.news`, 'kept'), 1);
        assert.deepEqual(await conn.pubsubPatterns.get(`${allowed}*`)?.get(), [`${allowed}.news`, 'kept']);
      },
    },
    {
      ids: ['pubsub.confirmations', 'connection.in-pubsub', 'connection.channels'],
      title: 'SUBSCRIBE, PSUBSCRIBE or SSUBSCRIBE between MULTI and EXEC or DISCARD rejects with a TypeError and subscribes nothing, the transaction running on, or confirms only what EXEC subscribed',
      async run(t) {
        const publisher = await t.connect('utf-8');
        for (const command of ['SUBSCRIBE', 'PSUBSCRIBE', 'SSUBSCRIBE'] as const) {
          for (const end of ['EXEC', 'DISCARD'] as const) await subscribeInTransaction(t, publisher, command, end);
        }
      },
    },
  ],
};
