"use client";

import { useActionState } from "react";
import { ActionMessage } from "@/components/admin/action-message";
import type { AdminFormState } from "@/components/admin/form-state";
import { resendEmailAction } from "./email-actions";

export function ResendEmailButton({ emailId, label }: { emailId: number; label: string }) {
  const [state, action, pending] = useActionState<AdminFormState | null, FormData>(resendEmailAction, null);
  return (
    <form action={action} className="inline-form">
      <input type="hidden" name="emailId" value={emailId} />
      <button type="submit" className="button button--secondary button--small" disabled={pending} aria-label={`Resend ${label}`}>
        {pending ? "Resending…" : "Resend"}
      </button>
      <ActionMessage state={state} />
    </form>
  );
}
