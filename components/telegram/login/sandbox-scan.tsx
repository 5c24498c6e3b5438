import { useTranslations } from "next-intl";
import { useState } from "react";

import { Field } from "@/components/ui/field";

export interface SandboxUser {
  username: string;
  label: string;
}

/** Sandbox only: play the phone's part and "scan" the code as one of the demo users. */
export function SandboxScan({
  users,
  onScanAs,
  scanning,
}: {
  users: ReadonlyArray<SandboxUser>;
  onScanAs: (username: string) => void;
  scanning: boolean;
}) {
  const t = useTranslations("login.sandbox");
  const [scanAs, setScanAs] = useState(users[0]?.username ?? "");
  return (
    <form
      data-testid="sandbox-scan"
      className="mt-2 flex w-full min-w-0 flex-col gap-2 rounded-lg border border-dashed border-amber-300 bg-amber-50 p-3 text-sm"
      onSubmit={(event) => {
        event.preventDefault();
        if (scanAs) onScanAs(scanAs);
      }}
    >
      <Field id="scan-as" label={t("scanAs")} labelClassName="text-amber-900" className="gap-2">
        <div className="flex min-w-0 flex-wrap gap-2">
          <select
            id="scan-as"
            value={scanAs}
            onChange={(event) => setScanAs(event.target.value)}
            className="w-full min-w-0 flex-1 basis-40 truncate rounded-md border border-amber-300 bg-white px-2 py-1"
          >
            {users.map((user) => (
              <option key={user.username} value={user.username}>
                {user.label}
              </option>
            ))}
          </select>
          {/* Amber on purpose: sandbox-only controls should not look like the product's. */}
          <button
            type="submit"
            disabled={scanning}
            className="rounded-md bg-amber-500 px-3 py-1 font-medium text-white hover:bg-amber-600 disabled:opacity-60"
          >
            {scanning ? t("scanning") : t("scan")}
          </button>
        </div>
      </Field>
    </form>
  );
}
