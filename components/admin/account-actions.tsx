"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { adminApi } from "@/lib/client/api";
import { useAdminAction } from "@/lib/client/hooks/use-admin-action";

const button = "rounded-lg px-2.5 py-1 text-xs font-medium ring-1 disabled:opacity-60";

/** Force log out (the link stays, revoked) and unlink (the link goes) for one account. */
export function AccountActions({ accountId, label, active }: { accountId: string; label: string; active: boolean }) {
  const t = useTranslations("admin.accounts");
  const action = useAdminAction();
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex flex-wrap gap-1.5">
        {active ? (
          <button
            type="button"
            data-testid="force-logout"
            disabled={action.pending}
            className={`${button} text-amber-800 ring-amber-200 hover:bg-amber-50`}
            onClick={async () => {
              if (!window.confirm(t("confirmLogout", { label }))) return;
              const result = await action.run(() => adminApi.forceLogout(accountId));
              if (result) setNotice(t("done", { label, confirmed: String(result.confirmed) }));
            }}
          >
            {t("logout")}
          </button>
        ) : null}
        <button
          type="button"
          data-testid="unlink-account"
          disabled={action.pending}
          className={`${button} text-rose-700 ring-rose-200 hover:bg-rose-50`}
          onClick={async () => {
            if (!window.confirm(t("confirmUnlink", { label }))) return;
            const result = await action.run(() => adminApi.unlink(accountId), { refresh: false });
            if (result) setNotice(t("done", { label, confirmed: String(result.confirmed) }));
          }}
        >
          {t("unlink")}
        </button>
      </div>
      {action.error ? (
        <span role="alert" className="text-xs text-rose-700">
          {action.error}
        </span>
      ) : null}
      {notice ? (
        <p role="status" data-testid="account-notice" className="text-xs text-slate-600">
          {notice}
        </p>
      ) : null}
    </div>
  );
}
