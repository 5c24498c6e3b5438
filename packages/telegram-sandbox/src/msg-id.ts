/**
 * Server message ids: about unix time * 2^32, strictly increasing across the whole
 * server, ≡ 1 mod 4 for responses and ≡ 3 mod 4 for messages the server starts.
 */
let last = 0n;

export function nextServerMsgId(response: boolean): bigint {
  const now = BigInt(Date.now());
  let id = ((now / 1000n) << 32n) | (((now % 1000n) * 4294967n) & 0xfffffffcn);
  if (id <= last) id = last + 1n;
  const want = response ? 1n : 3n;
  while ((id & 3n) !== want) id++;
  last = id;
  return id;
}

/** Seconds since epoch encoded in a client msg_id. */
export const msgIdSeconds = (msgId: bigint): number => Number(msgId >> 32n);
