"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { apiTokensApi } from "@/lib/client/api";
import { useAdminAction } from "@/lib/client/hooks/use-admin-action";

/** An admin revokes anyone's API token, after the in-app confirmation. */
export function TokenActions({
  tokenId,
  name,
  prefix,
  owner,
}: {
  tokenId: string;
  name: string;
  prefix: string;
  owner: string;
}) {
  const t = useTranslations("admin.tokens");
  const action = useAdminAction();
  const [open, setOpen] = useState(false);
  return (
    <div className="flex flex-col gap-1">
      <Button
        variant="danger-outline"
        size="sm"
        pending={action.pending}
        data-testid="admin-token-revoke"
        onClick={() => setOpen(true)}
      >
        {t("revoke")}
      </Button>
      {action.error ? (
        <span role="alert" className="text-xs text-rose-700">
          {action.error}
        </span>
      ) : null}
      <ConfirmDialog
        open={open}
        title={t("revokeTitle", { name, owner })}
        confirmLabel={t("revoke")}
        cancelLabel={t("cancel")}
        testId="admin-token-revoke-dialog"
        onCancel={() => setOpen(false)}
        onConfirm={async () => {
          setOpen(false);
          await action.run(() => apiTokensApi.adminRevoke(tokenId));
        }}
      >
        {t("revokeBody", { prefix })}
      </ConfirmDialog>
    </div>
  );
}
