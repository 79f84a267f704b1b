import type { Metadata } from "next";
import { BlockEntryForm } from "@/components/admin/block-entry-form";
import { BlockListTable } from "@/components/admin/block-list-table";
import { BLOCK_KIND_LABELS, listBlockedShoppers } from "@/lib/admin/block-list";
import { formatDateTime } from "@/lib/admin/format";
import { merchantOrSignIn } from "@/lib/admin/session";
import { MARKETS, MARKET_CODES } from "@/lib/pricing/markets";

export const metadata: Metadata = { title: "Block list" };

export default async function BlockListPage() {
  await merchantOrSignIn("/admin/block-list");
  const entries = await listBlockedShoppers();
  return (
    <>
      <div className="admin-head">
        <div>
          <h1>Block list</h1>
          <p className="admin-head__sub">
            Klarna&apos;s validation refuses an order when its billing or delivery e-mail, phone or address is on this
            list.
          </p>
        </div>
        <a href="#block-title" className="button button--secondary button--small settings-jump">
          Block a shopper
        </a>
      </div>
      <div className="settings-layout">
        <section className="panel panel--flush" aria-labelledby="entries-title">
          <div className="panel__head">
            <div>
              <h2 id="entries-title">Blocked shoppers</h2>
              <p className="panel__hint">
                {entries.length} {entries.length === 1 ? "entry" : "entries"}, each in the normalised form orders are
                compared in.
              </p>
            </div>
          </div>
          <BlockListTable
            rows={entries.map((entry) => ({
              id: entry.id,
              kind: entry.kind,
              kindLabel: BLOCK_KIND_LABELS[entry.kind],
              value: entry.value,
              reason: entry.reason,
              added: formatDateTime(entry.createdAt),
            }))}
          />
        </section>
        <section className="panel settings-layout__side" aria-labelledby="block-title">
          <div className="panel__head">
            <div>
              <h2 id="block-title">Block a shopper</h2>
              <p className="panel__hint">Spelling, spaces and case do not matter: entries are normalised as orders are.</p>
            </div>
          </div>
          <BlockEntryForm countries={MARKET_CODES.map((code) => ({ code, name: MARKETS[code].name }))} />
        </section>
      </div>
    </>
  );
}
