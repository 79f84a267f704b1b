import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { authSecret } from "@/lib/admin/auth-secret";
import { SIGN_IN_PATH } from "@/lib/admin/back-office-path";
import { verifyMerchantCredentials } from "@/lib/admin/merchants";

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
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(input) {
        const parsed = credentialsSchema.safeParse(input);
        if (!parsed.success) return null;
        const merchant = await verifyMerchantCredentials(parsed.data.email, parsed.data.password);
        return merchant ? { id: String(merchant.id), email: merchant.email, name: merchant.name } : null;
      },
    }),
  ],
}));
