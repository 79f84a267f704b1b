import type { Metadata } from "next";
import Image from "next/image";
import { redirect } from "next/navigation";
import { ConfigurationProblem } from "@/components/admin/configuration-problem";
import { SignInForm } from "@/components/admin/sign-in-form";
import { backOfficePath } from "@/lib/admin/back-office-path";
import { DEMO_MERCHANT } from "@/lib/admin/demo-merchant";
import { isLocalRun, MissingAuthSecretError } from "@/lib/admin/deployment";
import { authSecret } from "@/lib/admin/auth-secret";
import { currentMerchant } from "@/lib/admin/session";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

interface Props {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}

export default async function SignInPage({ searchParams }: Props) {
  try {
    await authSecret();
  } catch (error) {
    if (error instanceof MissingAuthSecretError) return <ConfigurationProblem message={error.message} />;
    throw error;
  }
  const params = await searchParams;
  const callbackUrl = backOfficePath(Array.isArray(params.callbackUrl) ? params.callbackUrl[0] : params.callbackUrl);
  // Checked against the database, so a session whose account is gone shows the form instead of looping.
  if (await currentMerchant()) redirect(callbackUrl);
  return (
    <main id="main" className="sign-in">
      <section className="sign-in__card" aria-labelledby="sign-in-title">
        <div className="sign-in__brand">
          <Image src="/brand/logo.svg" alt="" width={36} height={36} unoptimized />
          <span>
            Trailhead Supply Co.
            <small>Back office</small>
          </span>
        </div>
        <h1 id="sign-in-title">Sign in</h1>
        <p className="sign-in__lead">Capture, refund and settle Klarna orders.</p>
        <SignInForm callbackUrl={callbackUrl} />
        {isLocalRun(env().STORE_URL) && (
          <p className="sign-in__foot">
            Local demo account: <strong>{DEMO_MERCHANT.email}</strong> / <strong>{DEMO_MERCHANT.password}</strong>
          </p>
        )}
      </section>
    </main>
  );
}
