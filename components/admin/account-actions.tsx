"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/dialog";
import { adminApi } from "@/lib/client/api";
import { useAdminAction } from "@/lib/client/hooks/use-admin-action";

const button = "rounded-lg px-2.5 py-1 text-xs font-medium ring-1 disabled:opacity-60";

/** Force log out (the link stays, revoked) and unlink (the link goes) for one account. */
export function AccountActions({
  accountId,
  label,
  owner,
  active,
}: {
  accountId: string;
  /** The Telegram name and @username, as the dialog names the account. */
  label: string;
  /** The owner's email: the dialog says whose account it is. */
  owner: string;
  active: boolean;
}) {
  const t = useTranslations("admin.accounts");
  const action = useAdminAction();
  const [notice, setNotice] = useState<string | null>(null);
  const [asking, setAsking] = useState<"logout" | "unlink" | null>(null);

  async function perform(what: "logout" | "unlink") {
    setAsking(null);
    const result =
      what === "logout"
        ? await action.run(() => adminApi.forceLogout(accountId))
        : await action.run(() => adminApi.unlink(accountId), { refresh: false });
    if (result) setNotice(t("done", { label, confirmed: String(result.confirmed) }));
  }

  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex flex-wrap gap-1.5">
        {active ? (
          <button
            type="button"
            data-testid="force-logout"
            disabled={action.pending}
            className={`${button} text-amber-800 ring-amber-200 hover:bg-amber-50`}
            onClick={() => setAsking("logout")}
          >
            {t("logout")}
          </button>
        ) : null}
        <button
          type="button"
          data-testid="unlink-account"
          disabled={action.pending}
          className={`${button} text-rose-700 ring-rose-200 hover:bg-rose-50`}
          onClick={() => setAsking("unlink")}
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
      <ConfirmDialog
        open={asking !== null}
        testId="confirm-account-action"
        title={asking === "logout" ? t("confirmLogoutTitle", { label }) : t("confirmUnlinkTitle", { label })}
        confirmLabel={asking === "logout" ? t("logout") : t("unlink")}
        cancelLabel={t("cancel")}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          if (asking) void perform(asking);
        }}
      >
        {asking === "logout" ? t("confirmLogout", { label, owner }) : t("confirmUnlink", { label, owner })}
      </ConfirmDialog>
    </div>
  );
}
