// An answer of AccountSession.invoke is garbage once its caller drops it. Ten 200 MB downloads
// held 2 GB because every request raced one long-lived "retired" promise, whose reactions kept
// each race's result (every 512 KB file slice) alive until the next reconnect.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Api, type TelegramClient } from "telegram";
import { expect, test } from "vitest";

import { AccountSession } from "@/lib/telegram/runtime/session";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

test("file slices answered through invoke are not kept alive by the session", async () => {
  const client = {
    session: { dcId: 2, _entities: new Set() },
    _entityCache: { cacheMap: new Map() },
    async invoke(request: Api.upload.GetFile) {
      return new Api.upload.File({ type: new Api.storage.FilePartial(), mtime: 0, bytes: Buffer.alloc(request.limit) });
    },
    addEventHandler() {},
    async destroy() {},
  } as unknown as TelegramClient;
  const session = new AccountSession({ id: "acc", userId: "user", telegramUserId: "1000" }, client, {
    onSessionGone: async () => undefined,
    onUsed: () => undefined,
  });
  const location = new Api.InputDocumentFileLocation({
    id: 1n as never,
    accessHash: 1n as never,
    fileReference: Buffer.alloc(0),
    thumbSize: "",
  });
  const slice = (limit: number) => session.invoke(new Api.upload.GetFile({ location, offset: 0n as never, limit }));
  const answers: Array<WeakRef<object>> = [];
  for (let i = 0; i < 20; i++) answers.push(new WeakRef(await slice(512 * 1024)));
  // One more, not watched: the engine may hold on to the latest settled value for a moment.
  await slice(4096);
  // A few collections: the answers are reachable from nothing the test holds.
  for (let i = 0; i < 5 && answers.some((ref) => ref.deref()); i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  expect(answers.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
});
