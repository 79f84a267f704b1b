import { redirect } from "next/navigation";
import { AdminBar } from "@/components/admin/admin-bar";
import { ConfigurationProblem } from "@/components/admin/configuration-problem";
import { SIGN_IN_PATH } from "@/lib/admin/back-office-path";
import { MissingAuthSecretError } from "@/lib/admin/deployment";
import { currentMerchant } from "@/lib/admin/session";

/** Everything behind sign-in. Each page checks the session again, as a layout is not re-run on every navigation. */
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  let merchant;
  try {
    merchant = await currentMerchant();
  } catch (error) {
    if (error instanceof MissingAuthSecretError) return <ConfigurationProblem message={error.message} />;
    throw error;
  }
  if (!merchant) redirect(SIGN_IN_PATH);
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AdminBar merchant={merchant} />
      <main id="main" className="admin-main">
        {children}
      </main>
    </>
  );
}
