"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { inputClass } from "@/components/ui/input";
import { ConfirmDialog } from "@/components/ui/dialog";
import { adminApi } from "@/lib/client/api";
import { useAdminAction } from "@/lib/client/hooks/use-admin-action";
import { formText } from "@/lib/client/form-data";

type Person = { id: string; email: string; name: string; role: "admin" | "member"; status: string };

const button = "rounded-lg px-2.5 py-1 text-xs font-medium ring-1 disabled:opacity-60";

/** The destructive actions, each asked about in the in-app dialog first. */
type Asking = { kind: "reset" } | { kind: "disable" } | { kind: "delete" } | { kind: "demote"; name: string };

/** Edit name and role, reset password, disable/enable, delete: one row's actions. */
export function PersonActions({ person, isSelf }: { person: Person; isSelf: boolean }) {
  const t = useTranslations("admin.users");
  const tr = useTranslations("admin.roles");
  const action = useAdminAction();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string[] | null>(null);
  const [asking, setAsking] = useState<Asking | null>(null);
  // The dialog names the person by name and email: rows can share a name.
  const who = `${person.name} (${person.email})`;
  const email = person.email;

  async function save(change: { name: string; role: string }) {
    const ok = await action.run(() => adminApi.updatePerson(person.id, change));
    if (ok) setEditing(false);
  }

  async function perform(what: Asking) {
    setAsking(null);
    if (what.kind === "reset") {
      const result = await action.run(() => adminApi.resetPassword(person.id));
      if (result) setNotice([t("resetDone", { email, password: result.password })]);
    } else if (what.kind === "disable") {
      await action.run(() => adminApi.disablePerson(person.id));
    } else if (what.kind === "delete") {
      const report = await action.run(() => adminApi.deletePerson(person.id), { refresh: false });
      if (report) {
        setNotice([
          t("deleteDone", { email }),
          ...report.accounts.map((a) => t("deleteAccounts", { label: a.label, confirmed: String(a.confirmed) })),
        ]);
      }
    } else {
      await save({ name: what.name, role: "member" });
    }
  }

  const dialog = (
    <ConfirmDialog
      open={asking !== null}
      testId="confirm-person-action"
      title={asking ? t(`confirm${TITLES[asking.kind]}Title`, { who }) : ""}
      confirmLabel={asking ? t(CONFIRM_LABELS[asking.kind]) : ""}
      cancelLabel={t("cancel")}
      onCancel={() => setAsking(null)}
      onConfirm={() => {
        if (asking) void perform(asking);
      }}
    >
      {asking ? t(`confirm${TITLES[asking.kind]}`, { email }) : null}
    </ConfirmDialog>
  );

  if (editing) {
    return (
      <form
        className="flex flex-wrap items-center gap-2"
        data-testid="edit-person"
        onSubmit={async (event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const change = { name: formText(form, "name"), role: formText(form, "role") };
          // Taking the admin role away is asked about first, like the other destructive actions.
          if (person.role === "admin" && change.role === "member") setAsking({ kind: "demote", name: change.name });
          else await save(change);
        }}
      >
        <input
          name="name"
          defaultValue={person.name}
          required
          maxLength={80}
          className={inputClass}
          aria-label={t("name")}
        />
        <select name="role" defaultValue={person.role} className={inputClass} aria-label={t("role")}>
          <option value="member">{tr("member")}</option>
          <option value="admin">{tr("admin")}</option>
        </select>
        <button type="submit" disabled={action.pending} className={`${button} bg-slate-900 text-white ring-slate-900`}>
          {t("save")}
        </button>
        <button type="button" onClick={() => setEditing(false)} className={`${button} text-slate-600 ring-slate-200`}>
          {t("cancel")}
        </button>
        {action.error ? (
          <span role="alert" className="w-full text-xs text-rose-700">
            {action.error}
          </span>
        ) : null}
        {dialog}
      </form>
    );
  }

  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex flex-wrap gap-1.5">
        <button
          type="button"
          onClick={() => setEditing(true)}
          className={`${button} text-slate-700 ring-slate-200 hover:bg-slate-100`}
        >
          {t("edit")}
        </button>
        <button
          type="button"
          data-testid="reset-password"
          disabled={action.pending}
          className={`${button} text-slate-700 ring-slate-200 hover:bg-slate-100`}
          onClick={() => setAsking({ kind: "reset" })}
        >
          {t("resetPassword")}
        </button>
        {!isSelf && person.status === "active" ? (
          <button
            type="button"
            data-testid="disable-person"
            disabled={action.pending}
            className={`${button} text-amber-800 ring-amber-200 hover:bg-amber-50`}
            onClick={() => setAsking({ kind: "disable" })}
          >
            {t("disable")}
          </button>
        ) : null}
        {person.status !== "active" ? (
          <button
            type="button"
            data-testid="enable-person"
            disabled={action.pending}
            className={`${button} text-emerald-700 ring-emerald-200 hover:bg-emerald-50`}
            onClick={() => void action.run(() => adminApi.enablePerson(person.id))}
          >
            {t("enable")}
          </button>
        ) : null}
        {!isSelf ? (
          <button
            type="button"
            data-testid="delete-person"
            disabled={action.pending}
            className={`${button} text-rose-700 ring-rose-200 hover:bg-rose-50`}
            onClick={() => setAsking({ kind: "delete" })}
          >
            {t("delete")}
          </button>
        ) : null}
      </div>
      {action.error ? (
        <span role="alert" className="text-xs text-rose-700">
          {action.error}
        </span>
      ) : null}
      {notice ? (
        <div
          role="status"
          data-testid="person-notice"
          className="rounded-lg bg-amber-50 p-2 text-xs text-amber-900 ring-1 ring-amber-200 select-all"
        >
          {notice.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      ) : null}
      {dialog}
    </div>
  );
}

const TITLES = { reset: "Reset", disable: "Disable", delete: "Delete", demote: "Demote" } as const;
const CONFIRM_LABELS = { reset: "resetPassword", disable: "disable", delete: "delete", demote: "demote" } as const;
