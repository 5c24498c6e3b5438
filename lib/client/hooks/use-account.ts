import { useMutation, useQueryClient } from "@tanstack/react-query";

import { accountApi } from "../api";
import { queryKeys } from "../query-keys";
import { forgetUnsentMessages } from "./use-send-message";

// Both end with the stored session wiped, so every cached Telegram read is stale.

function useAccountMutation<T>(request: () => Promise<T>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    // Not awaited: the result is shown at once, the re-reads follow.
    onSuccess: () => {
      // The finished login ("success") belongs to the account just ended; kept, it would
      // send the next visit to the login page straight back to the dashboard.
      queryClient.removeQueries({ queryKey: queryKeys.login() });
      forgetUnsentMessages();
      // Marked stale, not re-read now: the account is gone, so a re-read of its sessions or
      // chats could only answer 409; the page refresh that follows unmounts them.
      void queryClient.invalidateQueries({ queryKey: queryKeys.telegram, refetchType: "none" });
    },
  });
}

/** "Log out of Telegram": answers whether Telegram confirmed the logout in time. */
export function useLogout() {
  return useAccountMutation(accountApi.logout);
}

/** "Unlink": forgets the stored session without telling Telegram. */
export function useUnlink() {
  return useAccountMutation(accountApi.unlink);
}
