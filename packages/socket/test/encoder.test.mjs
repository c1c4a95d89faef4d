// The command encoder: any arguments come back, parsed, as the bytes the server reads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CommandEncoder, RespParser } from 'aioredis-abc-socket';

const seed = process.env.SOCKET_FC_SEED === undefined ? 25 : Number(process.env.SOCKET_FC_SEED);
const numRuns = process.env.SOCKET_FC_RUNS === undefined ? 300 : Number(process.env.SOCKET_FC_RUNS);

/** An argument: short or long text, ASCII or not, bytes, or a number. */
const arg = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.integer({ min: 60, max: 5000 }).map((size) => 'a'.repeat(size)),
  fc.uint8Array({ maxLength: 40 }),
  fc.oneof(fc.integer(), fc.double({ noNaN: true })),
);

/** The bytes the server reads for an argument. */
const wire = (value) => (value instanceof Uint8Array ? Buffer.from(value) : Buffer.from(typeof value === 'number' ? String(value) : value));

/** Every command of the batch, parsed back as arrays of bytes. */
function parsed(batch) {
  const commands = [];
  const parser = new RespParser({ reply: (value) => commands.push(value), arrayKind: () => null });
  parser.encoding = null;
  parser.execute(batch);
  return commands;
}

test('commands of any arguments, encoded into one batch, parse back as their bytes', () => {
  try {
    fc.assert(
      fc.property(fc.array(fc.array(arg, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 40 }), (commands) => {
        const encoder = new CommandEncoder();
        for (const command of commands) encoder.push(command);
        assert.deepStrictEqual(parsed(encoder.take()), commands.map((command) => command.map(wire)));
        assert.equal(encoder.length, 0);
      }),
      { seed, numRuns },
    );
  } catch (error) {
    console.error(`failed with SOCKET_FC_SEED=${seed}`);
    throw error;
  }
});

test('a command without a name, or an argument that is not text, bytes or a number, throws a TypeError and leaves the batch as it was', () => {
  const encoder = new CommandEncoder();
  encoder.push(['PING']);
  assert.throws(() => encoder.push(['SET', 'k', undefined]), TypeError);
  assert.throws(() => encoder.push(['SET', 'k', { toString: () => 'v' }]), TypeError);
  assert.throws(() => encoder.push([]), /at least its name/);
  assert.deepStrictEqual(parsed(encoder.take()), [[Buffer.from('PING')]]);
});
