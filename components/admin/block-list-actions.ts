"use server";

import { revalidatePath } from "next/cache";
import { blockEntryFromForm, blockEntryIdSchema } from "@/lib/admin/block-list-input";
import { blockShopper, unblockShopper } from "@/lib/admin/block-list";
import { adminAction } from "./admin-action";
import type { AdminFormState } from "./form-state";

/* Block-list actions, each through adminAction: session checked, form parsed with zod, before anything is written. */

const revalidateBlockList = () => revalidatePath("/admin/block-list");

export async function blockShopperAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return adminAction(form, { parse: blockEntryFromForm, fieldErrors: true, run: blockShopper, revalidate: revalidateBlockList });
}

export async function unblockShopperAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return adminAction(form, {
    parse: () => blockEntryIdSchema.safeParse(form.get("id")),
    run: unblockShopper,
    revalidate: revalidateBlockList,
  });
}
