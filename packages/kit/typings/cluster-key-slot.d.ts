// The one function the kit uses of cluster-key-slot. Its own declarations (1.1.2) mix `export =` with other
// exports, which TypeScript refuses when it checks libraries, so the kit's build resolves the name here instead.

/** The hash slot (0–16383) of a key, as Redis Cluster computes it: CRC16 of the key, or of its hash tag `{…}`, modulo 16384. */
declare function calculateSlot(key: string | Buffer): number;
export = calculateSlot;
