// packages/memory/test/differential/scripts.mjs: random EVAL, EVALSHA and SCRIPT commands for the differential test: scripts that call the generator's commands through redis.call and redis.pcall, convert values both ways, and fail in every way a script can.
import { createHash } from 'node:crypto';
import fc from 'fast-check';

/** A word as a Lua string literal, byte by byte, so that binary keys and values reach the script unchanged. */
export function luaString(word) {
  const bytes = Buffer.isBuffer(word) ? word : Buffer.from(typeof word === 'object' ? '1' : String(word));
  return `"${[...bytes].map((byte) => (byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c ? String.fromCharCode(byte) : `\\${byte}`)).join('')}"`;
}

/** Values a script returns, to see each conversion from Lua to a reply. */
const returned = [
  '{1, 2.7, -3.5, "x", true, false, nil, 5}', '3.99', '-0.5', '{err = "MY error"}', '{ok = "FINE"}', '{err = "no code"}',
  'redis.error_reply("E r")', 'redis.error_reply("alone")', 'redis.status_reply("S")', 'tostring(10 / 2)', 'tostring(0.1)', '1e15 .. ""',
  '2 ^ 53 .. ""', '{1, {2, {3, {ok = "deep"}}}}', 'nil', 'true', 'false', '{}', '{a = 1}', 'tostring(-0.0)', '1 / 0 .. ""', '#KEYS', 'ARGV',
  'KEYS', '{KEYS[1], ARGV[1], #KEYS, #ARGV}', 'redis.sha1hex("abc")', 'type(unpack) .. type(loadstring) .. type(table.getn) .. type(math.pow)',
  'bit.band(12, 10) + bit.bor(1, 2) + bit.bxor(5, 1)', 'bit.tohex(-1)', 'math.pow(2, 10)', 'unpack({1, 2})', 'table.getn({1, 2, 3})',
  'loadstring("return 7")()', 'string.format("%d", 3)', 'string.rep("ab", 3)', '_VERSION', 'tostring(2147483647 + 1)', 'math.floor(1.7e9) * 1000',
  'string.format("%d %s %5.2f %x", 3.7, 4, 1 / 3, 255)', 'cjson.encode({1, "a/b\\1", {x = 2.5}, true, cjson.null, {}})', 'cjson.encode({[1] = 1, [30] = 3})',
  'cjson.decode(\'[1, 2.5, "x\\\\u00e9", null, true, {"a": [3]}]\')', 'cjson.decode("{")', 'cjson.decode("[1] x")', 'cjson.encode({redis.pcall("GET", "a")})', 'cjson.encode(0 / 0)',
  'cmsgpack.pack(1, -1, 200, -200, 70000, 2 ^ 40, -2 ^ 40, 1.5, 0.1, "s", string.rep("x", 40), true, nil, {}, {1, 2}, {a = 1}, 2 ^ 63, 0 / 0, 1e300)',
  '{cmsgpack.unpack(cmsgpack.pack({1, {2, "x"}, {k = "v"}, 1.5, 0.1, true, -5}, 3))}', '{cmsgpack.unpack_one(cmsgpack.pack(1, 2), 1)}', '{cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2)}',
  'cmsgpack.unpack("\\193")', 'cmsgpack.unpack("\\146\\1")', 'cmsgpack.pack()', '{cmsgpack.unpack(cmsgpack.pack(redis.pcall("GET", "a")))}',
  'struct.pack(">i4<h!4bxic2s", 1, -2, 3, 4, "ab", "z")', '{struct.unpack("BHi2fd", struct.pack("BHi2fd", 255, 65535, -5, 1.5, 0.1))}', '{struct.unpack("Bc0", "\\3abcdef")}',
  'redis.REDIS_VERSION:sub(1, 4) .. math.floor(redis.REDIS_VERSION_NUM / 256)', 'redis.acl_check_cmd("get", "k")', 'redis.acl_check_cmd("nosuch")',
  'string.format("%d", "x")', 'bit.band("x")', 'unpack(nil)', 'math.pow("a", 2)', 'table.getn(nil)', 'tostring()', 'select(2, loadstring("x y"))',
  '{loadstring("return 1 +")}', 'loadstring("return 7 // 2") == nil', 'math.log(8, 2)', '("x"):rep(3, ",")', 'load("return 1")', '{math.frexp(8)}', 'string.format()',
  'math.random(0)', 'math.random("a")', 'math.random(1, 2 ^ 40)', 'math.random() < 1',
  'struct.size("!4bi4hd")', 'struct.size("s")', 'struct.pack("q", 1)', '{struct.unpack("i4", "ab")}', 'struct.pack("b")', 'tonumber("10") * 3000000000', 'tostring(math.floor(2.5))', '0x10 .. ""',
];
/** Statements that fail, to see each error a script gives. */
const failing = [
  'error("boom")', 'error({err = "CODE boom"})', 'return nosuch', 'x = 1', 'return redis.call()', 'return redis.call({})',
  'return redis.call("nosuch")', 'return redis.call("get")', 'return redis.pcall("nosuch")', 'return redis.pcall("get", {})',
  'return redis.call("multi")', 'return redis.call("blpop", "a", "0")', 'return os.time()', 'return io', 'return redis.log(redis.LOG_WARNING)',
  'return redis.setresp(4)', 'return redis.sha1hex()', 'return redis.error_reply()', 'return (nil)()', 'local t = nil return t.x',
  'string.x = 1', 'string.format = nil', 'redis.call = nil', 'rawset(_G, "x", 1)', 'setmetatable(_G, nil)', 'redis = nil', 'tostring = nil', '_G.x = 1',
  'getmetatable("").__index.x = 1', 'KEYS[1] = "x" return KEYS[1]', 'local n = 0 for k in pairs(string) do n = n + 1 end return n', 'return rawget(string, "rep") ~= nil',
  'return 1 +', 'return {', 'setfenv = 1', 'return rawlen', 'return require', 'return 7 // 2', 'return 1 ~ 2', 'goto a ::a::', 'return 1 & 2', 'return 1 << 2',
  'return {1 | 2}', 'return ~1', 'local goto = 5 return goto', 'return "a\\q\\x41"', 'local 1 = 2', 'return [[abc', 'x y',
];

/** A call of a command in Lua: its words as literals. */
const callOf = (fn, args) => `redis.${fn}(${args.map(luaString).join(', ')})`;

/** Commands a script's reply cannot be compared through: replies in Redis's hash order (which the comparison cannot sort inside a script's reply) and times that depend on when they ran. */
const incomparable = new Set(['KEYS', 'SCAN', 'SMEMBERS', 'SINTER', 'SUNION', 'SDIFF', 'SSCAN', 'TTL', 'PTTL', 'EXPIRETIME', 'PEXPIRETIME']);

/** Script bodies: one of the generator's commands called, a value returned, a failure. */
function bodies(commands) {
  const anyCommand = fc.oneof(...commands).filter((args) => !incomparable.has(args[0]));
  return fc.oneof(
    { weight: 4, arbitrary: anyCommand.map((args) => `return ${callOf('call', args)}`) },
    { weight: 3, arbitrary: anyCommand.map((args) => `return ${callOf('pcall', args)}`) },
    { weight: 2, arbitrary: anyCommand.map((args) => `local r = ${callOf('pcall', args)} if type(r) == "table" then return {r.err or "", r.ok or "", #r} end return {type(r), r}`) },
    { weight: 2, arbitrary: fc.tuple(anyCommand, anyCommand).map(([a, b]) => `${callOf('pcall', a)} return ${callOf('pcall', b)}`) },
    { weight: 2, arbitrary: fc.constantFrom(...returned).map((value) => `return ${value}`) },
    { weight: 2, arbitrary: fc.constantFrom(...failing) },
    { weight: 1, arbitrary: fc.constantFrom('0.1', '1e15', '2.5', '-7', '1/3').map((n) => `redis.call("SET", "a", ${n}) return redis.call("GET", "a")`) },
    { weight: 1, arbitrary: fc.constantFrom('42', '-5', '2^40', '3.9').map((seed) => `math.randomseed(${seed}) return {math.random(100), tostring(math.random()), math.random(-10, 10)}`) },
    { weight: 1, arbitrary: fc.constantFrom('1', '2', '3').map((db) => `redis.call("SELECT", ${db}) redis.call("SET", "a", "s${db}") return redis.call("GET", "a")`) },
    { weight: 1, arbitrary: fc.constantFrom('#!lua flags=no-writes\nreturn redis.call("SET", "a", "1")', '#!lua\nreturn redis.call("GET", "a")', '#!lua flags=bad\nreturn 1', '#!python\nreturn 1', '#!lua name=x\nreturn 1') },
  );
}

/** EVAL's keys and arguments: a `numkeys` (right, too many, negative, not a number) and the words after it. */
const keysAndArgs = fc.tuple(fc.constantFrom('0', '1', '2', '-1', 'abc', '9'), fc.array(fc.constantFrom('a', 'b', 'v', '1'), { maxLength: 3 }));

/** The script commands: EVAL and its forms, EVALSHA of a body seen or not, SCRIPT's subcommands. */
export function scriptCommands(commands) {
  const body = bodies(commands);
  const sha = (text) => createHash('sha1').update(text).digest('hex');
  return [
    fc.tuple(fc.constantFrom('EVAL', 'EVAL', 'EVAL_RO'), body, keysAndArgs).map(([name, text, [numkeys, words]]) => [name, text, numkeys, ...words]),
    fc.tuple(fc.constantFrom('EVALSHA', 'EVALSHA_RO'), body, fc.boolean(), keysAndArgs).map(([name, text, upper, [numkeys, words]]) => [name, upper ? sha(text).toUpperCase() : sha(text), numkeys, ...words]),
    body.map((text) => ['SCRIPT', 'LOAD', text]),
    fc.array(body.map(sha), { minLength: 1, maxLength: 2 }).map((shas) => ['SCRIPT', 'EXISTS', ...shas]),
    fc.constantFrom(['SCRIPT', 'FLUSH'], ['SCRIPT', 'FLUSH', 'ASYNC'], ['SCRIPT', 'FLUSH', 'BAD'], ['SCRIPT', 'KILL'], ['SCRIPT', 'NOPE'], ['SCRIPT', 'LOAD'], ['EVAL', 'return 1']),
  ];
}

/** A library's registration of one function whose body is a script's: `KEYS` and `ARGV` as its parameters' names. */
function registration(body) {
  const fn = fc.constantFrom('fa', 'fb', 'fc');
  const flags = fc.constantFrom('', "'no-writes'", "'no-writes', 'allow-oom'", "'bad'");
  return fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fn, body).map(([name, text]) => `redis.register_function('${name}', function(KEYS, ARGV) ${text} end)`) },
    { weight: 2, arbitrary: fc.tuple(fn, body, flags).map(([name, text, given]) => `redis.register_function{function_name = '${name}', callback = function(KEYS, ARGV) ${text} end, flags = {${given}}, description = 'd'}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "redis.register_function('fa')", 'redis.register_function()', "redis.register_function('f-a', function() return 1 end)", "redis.register_function{function_name = 'fa'}",
        "redis.register_function{function_name = 'fa', callback = function() return 1 end, other = 1}", "redis.register_function('fa', 5)", 'redis.call("PING")', 'local x = pairs',
        'redis.log(redis.LOG_NOTICE, "loading")', 'return {',
      ),
    },
  );
}

/** FUNCTION LOAD, LIST, DELETE, FLUSH and KILL, and FCALL and FCALL_RO, over two libraries of a few functions whose bodies are the scripts'. */
export function functionCommands(commands) {
  const body = bodies(commands).filter((text) => !text.startsWith('#!'));
  const library = fc.tuple(fc.constantFrom('la', 'lb', 'l-c'), fc.array(registration(body), { minLength: 0, maxLength: 2 })).map(([name, lines]) => `#!lua name=${name}\n${lines.join('\n')}`);
  return [
    fc.tuple(fc.constantFrom([], ['REPLACE'], ['BAD']), fc.oneof({ weight: 6, arbitrary: library }, { weight: 1, arbitrary: fc.constantFrom('return 1', '#!lua\nreturn 1', '#!js name=x\nreturn 1', '#!lua name=a name=b\nreturn 1', '#!lua foo=1\nreturn 1') })).map(([options, code]) => ['FUNCTION', 'LOAD', ...options, code]),
    fc.tuple(fc.constantFrom('FCALL', 'FCALL', 'FCALL_RO'), fc.constantFrom('fa', 'fb', 'fc', 'nosuch'), keysAndArgs).map(([name, fn, [numkeys, words]]) => [name, fn, numkeys, ...words]),
    fc.constantFrom(['FUNCTION', 'LIST'], ['FUNCTION', 'LIST', 'WITHCODE'], ['FUNCTION', 'LIST', 'LIBRARYNAME', 'l*'], ['FUNCTION', 'LIST', 'LIBRARYNAME'], ['FUNCTION', 'LIST', 'BAD'], ['FUNCTION', 'LIST', 'WITHCODE', 'WITHCODE']),
    fc.constantFrom(['FUNCTION', 'DELETE', 'la'], ['FUNCTION', 'DELETE', 'lb'], ['FUNCTION', 'DELETE', 'nosuch'], ['FUNCTION', 'FLUSH'], ['FUNCTION', 'FLUSH', 'SYNC'], ['FUNCTION', 'FLUSH', 'BAD'], ['FUNCTION', 'KILL'], ['FUNCTION', 'NOPE'], ['FUNCTION', 'LOAD'], ['FCALL', 'fa']),
  ];
}
