import Image from "next/image";
import Link from "next/link";
import type { Merchant } from "@/lib/admin/merchants";
import { signOutAction } from "./auth-actions";
import { AdminNav } from "./admin-nav";

export function AdminBar({ merchant }: { merchant: Merchant }) {
  return (
    <header className="admin-bar">
      <div className="admin-bar__inner">
        <Link href="/admin" className="admin-brand">
          <Image src="/brand/logo.svg" alt="" width={28} height={28} unoptimized />
          <span>Trailhead</span>
          <span className="admin-brand__tag">Back office</span>
        </Link>
        <AdminNav />
        <div className="admin-account">
          <span className="admin-account__name">{merchant.name}</span>
          <form action={signOutAction}>
            <button type="submit" className="admin-account__button">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
