import { useTranslations } from "next-intl";

import { Button } from "@/components/ui/button";

/** "New QR code" and "Cancel": offered at every live stage of a login. */
export function RestartAndCancel({
  onRestart,
  onCancel,
  disabled,
}: {
  onRestart: () => void;
  onCancel: () => void;
  disabled: boolean;
}) {
  const t = useTranslations("login");
  return (
    <>
      <Button variant="secondary" size="sm" className="py-2" onClick={onRestart} disabled={disabled}>
        {t("actions.newCode")}
      </Button>
      <Button variant="secondary" size="sm" className="py-2" onClick={onCancel} disabled={disabled}>
        {t("actions.cancel")}
      </Button>
    </>
  );
}
