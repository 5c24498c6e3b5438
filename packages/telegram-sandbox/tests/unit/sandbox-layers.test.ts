// Objects the sandbox builds in GramJS's layer 198, rewritten into layer 227 and read back
// by mtcute's own layer-227 reader (code the sandbox does not share).
import { deserializeObjectWithCompat } from "@mtcute/core/utils.js";
import { Api } from "telegram";
import { describe, expect, it } from "vitest";
import { checkLayer, objectFromNative, resultFromNative, supportedLayers } from "../../src/layers";
import { RpcError } from "../../src/rpc";
import { toBI, vectorOf } from "../../src/tl";

const read = (b: Buffer) => deserializeObjectWithCompat(new Uint8Array(b)) as unknown as Record<string, unknown>;

describe("layers", () => {
  it("supports 198 and 227 and refuses others with CONNECTION_LAYER_INVALID", () => {
    expect(supportedLayers()).toEqual([198, 227]);
    expect(() => checkLayer(198)).not.toThrow();
    expect(() => checkLayer(227)).not.toThrow();
    for (const layer of [150, 199, 300]) {
      expect(() => checkLayer(layer)).toThrow(RpcError);
      try {
        checkLayer(layer);
      } catch (e) {
        expect((e as RpcError).errorMessage).toBe("CONNECTION_LAYER_INVALID");
      }
    }
  });

  it("writes a user in layer 227 that mtcute reads field for field", () => {
    const user = new Api.User({
      id: toBI(1000001),
      self: true,
      contact: true,
      accessHash: toBI("-1234567890123"),
      firstName: "Alice",
      lastName: "Liddell",
      username: "alice",
      phone: "9996620001",
      photo: new Api.UserProfilePhoto({ photoId: toBI(1000001001), dcId: 2 }),
      status: new Api.UserStatusRecently({}),
    });
    const u = read(objectFromNative(user.getBytes(), 227));
    expect(u._).toBe("user");
    expect([u.self, u.contact, u.mutualContact, u.bot]).toEqual([true, true, false, false]);
    expect([u.firstName, u.lastName, u.username, u.phone]).toEqual(["Alice", "Liddell", "alice", "9996620001"]);
    expect(String(u.id)).toBe("1000001");
    expect(String(u.accessHash)).toBe("-1234567890123");
    expect((u.photo as Record<string, unknown>)._).toBe("userProfilePhoto");
    expect((u.status as Record<string, unknown>)._).toBe("userStatusRecently");
  });

  it("writes pushed updates and method results in layer 227", () => {
    const push = new Api.UpdateShortMessage({
      out: false,
      id: 7,
      userId: toBI(1000002),
      message: "hi there",
      pts: 12,
      ptsCount: 1,
      date: 1_750_000_000,
    });
    const p = read(objectFromNative(push.getBytes(), 227));
    expect([p._, p.message, p.pts, p.out]).toEqual(["updateShortMessage", "hi there", 12, false]);

    const config = new Api.NearestDc({ country: "NL", thisDc: 2, nearestDc: 2 });
    expect(read(resultFromNative("help.getNearestDc", config.getBytes(), 227))).toMatchObject({
      _: "nearestDc",
      thisDc: 2,
    });
    // A vector result (no GramJS class) is rewritten by the method's declared result type.
    const users = resultFromNative("users.getUsers", vectorOf([new Api.UserEmpty({ id: toBI(5) })]), 227);
    expect(users.readUInt32LE(0)).toBe(0x1cb5c415);
    expect(users.readInt32LE(4)).toBe(1);
  });
});
