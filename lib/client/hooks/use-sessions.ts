import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { SessionDto } from "@/lib/telegram/dto";
import { sessionsApi } from "../api";
import { queryKeys } from "../query-keys";

/** The Telegram account's active sessions (devices), server-rendered first. */
export function useSessions(accountId: string, initialSessions: SessionDto[] | null) {
  return useQuery({
    queryKey: queryKeys.sessions(accountId),
    queryFn: ({ signal }) => sessionsApi.list(signal),
    initialData: initialSessions ?? undefined,
    staleTime: 10_000,
  });
}

/** Ends another device's session; the row goes at once, then the list is re-read. */
export function useTerminateSession(accountId: string) {
  const queryClient = useQueryClient();
  const key = queryKeys.sessions(accountId);
  return useMutation({
    mutationFn: (hash: string) => sessionsApi.terminate(hash),
    onSuccess: (_data, hash) => {
      queryClient.setQueryData<SessionDto[]>(key, (list) => list?.filter((session) => session.hash !== hash));
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
}
