"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";

import { Button, type ButtonVariant } from "./button";

/**
 * A modal dialog on the platform's <dialog> with showModal(): the page behind it is
 * inert (focus cannot leave it, screen readers do not read past it), Esc closes it, focus
 * returns to what opened it. Labelled by its title, described by its body.
 */
export function Dialog({
  open,
  onClose,
  title,
  children,
  footer,
  testId,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();

  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    if (open && !node.open) {
      node.showModal();
      // React handles autoFocus itself, before showModal(), so the dialog names its own.
      node.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    }
    if (!open && node.open) node.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      aria-describedby={children ? `${id}-body` : undefined}
      data-testid={testId}
      // Esc fires "cancel" then "close"; the parent owns `open`, so it is told either way.
      onClose={onClose}
      onKeyDown={(event) => {
        // showModal() makes the page inert, but Tab past the last control would still
        // leave for the browser's own UI; keep it going round inside.
        if (event.key !== "Tab") return;
        const focusable = [
          ...event.currentTarget.querySelectorAll<HTMLElement>(
            "button:not([disabled]), [href], input, select, textarea",
          ),
        ];
        const first = focusable[0];
        const last = focusable[focusable.length - 1];
        if (!first || !last) return;
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself, outside its padding box.
        if (event.target === event.currentTarget) onClose();
      }}
      className="w-[calc(100%-2rem)] max-w-md rounded-2xl bg-white p-0 text-slate-900 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40"
    >
      {open ? (
        <div className="flex flex-col gap-3 p-5 sm:p-6">
          <h2 id={`${id}-title`} className="text-base font-semibold">
            {title}
          </h2>
          {children ? (
            <div id={`${id}-body`} className="text-sm break-words text-slate-600">
              {children}
            </div>
          ) : null}
          {footer ? <div className="mt-2 flex flex-wrap justify-end gap-2">{footer}</div> : null}
        </div>
      ) : null}
    </dialog>
  );
}

/** A question before a destructive action: the action's own button, and Cancel (focused first). */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel,
  variant = "danger",
  onConfirm,
  onCancel,
  testId,
}: {
  open: boolean;
  title: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  variant?: ButtonVariant;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}) {
  return (
    <Dialog
      open={open}
      onClose={onCancel}
      title={title}
      testId={testId}
      footer={
        <>
          {/* Cancel first and focused: Enter on an opened dialog must not destroy anything. */}
          <Button variant="secondary" data-autofocus onClick={onCancel} data-testid="dialog-cancel">
            {cancelLabel}
          </Button>
          <Button variant={variant} onClick={onConfirm} data-testid="dialog-confirm">
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
