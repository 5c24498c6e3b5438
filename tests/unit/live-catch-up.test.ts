import { describe, expect, test } from "vitest";

import { refetchedOnCatchUp } from "@/lib/client/hooks/use-live-updates";
import { queryKeys } from "@/lib/client/query-keys";

// A refetched history replaces its cached pages, dropping a message the live stream added
// while the refetch was in flight; the open chat catches up through its server render.
describe("what the page reads again after a break in the live stream", () => {
  test("the chat list, contacts and sessions, but no chat history", () => {
    expect(refetchedOnCatchUp(queryKeys.chats("a1"))).toBe(true);
    expect(refetchedOnCatchUp(queryKeys.contacts("a1"))).toBe(true);
    expect(refetchedOnCatchUp(queryKeys.sessions("a1"))).toBe(true);
    expect(refetchedOnCatchUp(queryKeys.chatSearch("a1", "bob"))).toBe(true);
    expect(refetchedOnCatchUp(queryKeys.history("a1", "42"))).toBe(false);
    expect(refetchedOnCatchUp(queryKeys.history("a1", "-1001"))).toBe(false);
  });
});
