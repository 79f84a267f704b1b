"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { z } from "zod";
import { signIn, signOut } from "@/auth";
import { backOfficePath, SIGN_IN_PATH } from "@/lib/admin/back-office-path";
import { MissingAuthSecretError } from "@/lib/admin/deployment";
import { waitInWords } from "@/lib/security/rate-limit";
import { signInRefusal } from "@/lib/security/sign-in-limits";

export interface SignInState {
  message: string;
  email: string;
}

const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your e-mail address.").max(254, "That e-mail address is too long."),
  password: z.string().min(1, "Enter your password.").max(200, "That password is too long."),
});

/** Signs a merchant in and goes back to the page they asked for; a wrong e-mail or password gets one message. */
export async function signInAction(_previous: SignInState | null, form: FormData): Promise<SignInState> {
  const email = typeof form.get("email") === "string" ? String(form.get("email")) : "";
  const parsed = signInSchema.safeParse({ email, password: form.get("password") });
  if (!parsed.success) return { message: parsed.error.issues[0]?.message ?? "Fill in both fields.", email };
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: backOfficePath(form.get("callbackUrl")),
    });
  } catch (error) {
    // Auth.js signals success by throwing Next's redirect, which must go on up.
    if (error instanceof CredentialsSignin && error.code === "rate_limited") {
      const { retryAfterSeconds } = await signInRefusal(await headers(), parsed.data.email);
      return {
        message: `Too many failed sign-ins for this account or from this network. Try again in ${waitInWords(Math.max(1, retryAfterSeconds))}.`,
        email,
      };
    }
    if (error instanceof AuthError) {
      return {
        message:
          error.type === "CredentialsSignin"
            ? "That e-mail and password do not match a merchant account."
            : "Signing in failed. Try again in a moment.",
        email,
      };
    }
    if (error instanceof MissingAuthSecretError) return { message: error.message, email };
    throw error;
  }
  return { message: "", email };
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: SIGN_IN_PATH });
}
