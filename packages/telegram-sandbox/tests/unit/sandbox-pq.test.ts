// The pq of the key exchange must be one GramJS can always split. Two ways it once failed:
// a minimal big-endian encoding with its top bit set, which GramJS reads as a negative
// number (its Pollard rho then spins forever and blocks the event loop), and factors of
// equal size, for which GramJS's Pollard-Brent sometimes returns pq itself.
import { createRequire } from "node:module";
import bigInt from "big-integer";
import { Api, helpers } from "telegram";
import { describe, expect, it } from "vitest";

import { generateRsaKey } from "../../src/crypto";
import { handlePlainRequest, type HandshakeState } from "../../src/handshake";
import { readObject } from "../../src/tl";

const require = createRequire(import.meta.url);
const { Factorizator } = require("telegram/crypto/Factorizator") as {
  Factorizator: { factorize(pq: bigInt.BigInteger): { p: bigInt.BigInteger; q: bigInt.BigInteger } };
};

describe("sandbox pq", () => {
  const rsa = generateRsaKey();

  it("is always eight bytes, positive as GramJS reads it, and split by GramJS's own factoriser", () => {
    for (let i = 0; i < 300; i++) {
      const state = {} as HandshakeState;
      const request = new Api.ReqPqMulti({
        nonce: helpers.readBigIntFromBuffer(helpers.generateRandomBytes(16), false, true),
      });
      const { answer } = handlePlainRequest(request, state, rsa, 2);
      const resPq = readObject(answer) as Api.ResPQ;
      expect(resPq).toBeInstanceOf(Api.ResPQ);
      expect(resPq.pq.length).toBe(8);
      const pq = helpers.readBigIntFromBuffer(resPq.pq, false, true);
      expect(pq.isNegative()).toBe(false);
      const { p, q } = Factorizator.factorize(pq);
      expect(p.multiply(q).equals(pq)).toBe(true);
      expect(p.greater(1) && q.greater(1)).toBe(true);
    }
  });
});
