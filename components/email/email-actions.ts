"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/components/admin/admin-action";
import type { AdminFormState } from "@/components/admin/form-state";
import { resendEmail } from "@/lib/email/outbox";

const resendSchema = z.object({ emailId: z.coerce.number({ error: "Which email?" }).int().positive("Which email?") });

/** The back office's "Resend": queues a copy of one of the order's emails, sent by the background drain. */
export async function resendEmailAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return adminAction(form, {
    parse: () => resendSchema.safeParse({ emailId: form.get("emailId") }),
    run: async ({ emailId }) => {
      const row = await resendEmail(emailId);
      if (!row) return { ok: false, status: 404, message: "There is no such email to resend." };
      return { ok: true, message: `Queued again for ${row.recipient}.` };
    },
    revalidate: () => revalidatePath("/admin", "layout"),
  });
}
