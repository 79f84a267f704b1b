import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { authSecret } from "@/lib/admin/auth-secret";
import { SIGN_IN_PATH } from "@/lib/admin/back-office-path";
import { verifyMerchantCredentials } from "@/lib/admin/merchants";
import { log } from "@/lib/observability/logger";
import { recordFailedSignIn, recordSignIn, signInRefusal } from "@/lib/security/sign-in-limits";

/**
 * Too many failed sign-ins for the account or from the address (lib/security/limits.ts): refused before the password
 * is checked. `code` reaches the sign-in page (and the server action) so it can say how long to wait.
 */
export class SignInRateLimited extends CredentialsSignin {
  code = "rate_limited";
}

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

/**
 * Auth.js for the back office: merchant accounts from the database, signed in with e-mail and password, kept in a
 * signed JWT cookie for a working day. The config is built per request because the secret may come from the
 * database (see lib/admin/auth-secret.ts).
 */
export const { handlers, auth, signIn, signOut } = NextAuth(async () => ({
  secret: await authSecret(),
  // The store runs behind `next start` or a platform proxy that sets Host; there is no other host to trust.
  trustHost: true,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: SIGN_IN_PATH, error: SIGN_IN_PATH },
  // Auth.js's own reports as JSON lines: the kind of error only (a failed sign-in is already logged above, and
  // Auth.js's error details may carry the submitted credentials).
  logger: {
    error: (error) => log().warn({ route: "auth", outcome: "error", error: { type: error.name } }, "Auth.js reported an error"),
    warn: (code) => log().warn({ route: "auth", code }, "Auth.js warning"),
    debug: () => undefined,
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(input, request) {
        const parsed = credentialsSchema.safeParse(input);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        if ((await signInRefusal(request.headers, email)).retryAfterSeconds > 0) {
          log().warn({ route: "sign-in", outcome: "rate_limited" }, "sign-in refused: too many failed attempts");
          throw new SignInRateLimited();
        }
        const merchant = await verifyMerchantCredentials(email, password);
        if (!merchant) {
          await recordFailedSignIn(request.headers, email);
          log().info({ route: "sign-in", outcome: "failed" }, "sign-in failed");
          return null;
        }
        await recordSignIn(email);
        log().info({ route: "sign-in", outcome: "signed_in" }, "merchant signed in");
        return { id: String(merchant.id), email: merchant.email, name: merchant.name };
      },
    }),
  ],
}));
