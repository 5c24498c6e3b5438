import bigInt from "big-integer";
import { extensions, helpers } from "telegram";

export type BigInteger = bigInt.BigInteger;

export const VECTOR = 0x1cb5c415;
export const BOOL_TRUE = 0x997275b5;
export const BOOL_FALSE = 0xbc799737;

export const toBI = (n: bigint | number | string): BigInteger => bigInt(n.toString());
export const fromBI = (n: BigInteger | number | string | bigint): bigint =>
  typeof n === "bigint" ? n : BigInt(n.toString());

export const int128Bytes = (n: BigInteger): Buffer => helpers.toSignedLittleBuffer(n, 16);
export const int256Bytes = (n: BigInteger): Buffer => helpers.toSignedLittleBuffer(n, 32);
export const bytesToIntLE = (b: Buffer): BigInteger => helpers.readBigIntFromBuffer(b, true, true);

export function readObject(buf: Buffer): unknown {
  return new extensions.BinaryReader(buf).tgReadObject();
}

export interface Serializable {
  getBytes(): Buffer;
}

export function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n | 0, 0);
  return b;
}
export function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
}
export function int64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(BigInt.asIntN(64, n), 0);
  return b;
}

/** Bare vectors have no Api class; write them by hand. */
export function vectorOf(items: Array<Serializable | Buffer>): Buffer {
  return Buffer.concat([
    uint32(VECTOR),
    int32(items.length),
    ...items.map((i) => (Buffer.isBuffer(i) ? i : i.getBytes())),
  ]);
}
export const vectorOfLongs = (items: bigint[]): Buffer => vectorOf(items.map(int64));
export const vectorOfInts = (items: number[]): Buffer => vectorOf(items.map(int32));
export const bool = (v: boolean): Buffer => uint32(v ? BOOL_TRUE : BOOL_FALSE);
