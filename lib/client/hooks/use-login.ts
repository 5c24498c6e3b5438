import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { isFinal, type LoginState } from "@/lib/telegram/login/types";
import { loginApi } from "../api";
import { queryKeys } from "../query-keys";

/**
 * The login attempt's state. The server owns it; while it can still change this
 * long-polls (`?after=<version>` answers as soon as anything changes), so a scan shows
 * up in a round trip, not a polling period. A final state ends the poll.
 */
export function useLoginState(initialState: LoginState) {
  const queryClient = useQueryClient();
  const key = queryKeys.login();
  // The page was just rendered from the server's state, so that state is the truth: a
  // state cached earlier in this tab (a "success" from before an unlink) must not win
  // over it, as initialData alone would let it.
  useState(() => queryClient.setQueryData(key, initialState));
  const query = useQuery({
    queryKey: key,
    initialData: initialState,
    queryFn: ({ signal }) => {
      const current = queryClient.getQueryData<LoginState>(key) ?? initialState;
      return loginApi.get(isFinal(current) ? null : current.version, signal);
    },
    // Each answer of the long poll immediately opens the next; a final state ends it.
    refetchInterval: (q) => {
      const data = q.state.data;
      if (data && isFinal(data)) return false;
      return q.state.status === "error" ? 2_000 : 50;
    },
    refetchIntervalInBackground: true,
    refetchOnWindowFocus: false,
    retry: 2,
    retryDelay: 1_000,
  });
  return { state: query.data, pollError: query.error };
}

/** A mutation whose answer is the new login state. */
function useLoginMutation<V = void>(request: (variables: V) => Promise<LoginState>) {
  const queryClient = useQueryClient();
  const key = queryKeys.login();
  return useMutation({
    mutationFn: request,
    // A long poll still in flight would answer with the state from before this action.
    onMutate: () => queryClient.cancelQueries({ queryKey: key }),
    onSuccess: (next) => queryClient.setQueryData(key, next),
  });
}

/** Start (or restart) and cancel an attempt, and answer its 2FA question. */
export function useLoginActions() {
  const start = useLoginMutation((method: "qr" | "phone" = "qr") => loginApi.start(method));
  const cancel = useLoginMutation(() => loginApi.cancel());
  const submitPassword = useLoginMutation((password: string) => loginApi.submitPassword(password));
  const phoneStep = useLoginMutation((step: Parameters<typeof loginApi.phoneStep>[0]) => loginApi.phoneStep(step));
  return { start, cancel, submitPassword, phoneStep };
}

/** Sandbox only: "scan" the code as a demo user; the long poll then shows the result. */
export function useSandboxScan() {
  return useMutation({ mutationFn: (username: string) => loginApi.sandboxScan(username) });
}
