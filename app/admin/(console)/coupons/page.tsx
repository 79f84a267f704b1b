import type { Metadata } from "next";
import { CouponForm } from "@/components/admin/coupon-form";
import { CouponTable } from "@/components/admin/coupon-table";
import { COUPON_CURRENCIES } from "@/lib/admin/coupon-input";
import { listCoupons } from "@/lib/admin/coupons";
import { formatDate } from "@/lib/admin/format";
import { merchantOrSignIn } from "@/lib/admin/session";

export const metadata: Metadata = { title: "Coupons" };

export default async function CouponsPage() {
  await merchantOrSignIn("/admin/coupons");
  const rows = await listCoupons();
  const live = rows.filter((row) => row.state === "active").length;
  return (
    <>
      <div className="admin-head">
        <div>
          <h1>Coupons</h1>
          <p className="admin-head__sub">
            Codes shoppers enter in the cart. Klarna&apos;s validation checks each one again and claims a use when the
            order is placed.
          </p>
        </div>
        <a href="#new-code-title" className="button button--secondary button--small settings-jump">
          New code
        </a>
      </div>
      <div className="settings-layout">
        <section className="panel panel--flush" aria-labelledby="codes-title">
          <div className="panel__head">
            <div>
              <h2 id="codes-title">Codes</h2>
              <p className="panel__hint">
                {rows.length} {rows.length === 1 ? "code" : "codes"}, {live} usable now. Newest first.
              </p>
            </div>
          </div>
          <CouponTable rows={rows.map((row) => ({ ...row, expires: row.expiresAt && formatDate(row.expiresAt) }))} />
        </section>
        <section className="panel settings-layout__side" aria-labelledby="new-code-title">
          <div className="panel__head">
            <div>
              <h2 id="new-code-title">New code</h2>
              <p className="panel__hint">A code cannot be changed or deleted later, only deactivated.</p>
            </div>
          </div>
          <CouponForm currencies={COUPON_CURRENCIES} />
        </section>
      </div>
    </>
  );
}
