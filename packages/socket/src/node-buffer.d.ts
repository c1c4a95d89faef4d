// Node's Buffer methods that `toString()` calls after checking its arguments: the parser calls them
// straight, its ranges being checked already. Present since Node 0.x, undeclared by @types/node.
declare global {
  interface Buffer {
    /** The bytes from `start` to `end` as UTF-8 text, U+FFFD for a sequence that is not UTF-8. */
    utf8Slice(start: number, end: number): string;
    /** The bytes from `start` to `end` as latin1 text, a character per byte. */
    latin1Slice(start: number, end: number): string;
  }
}
export {};
