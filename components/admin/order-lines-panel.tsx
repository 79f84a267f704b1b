import type { LedgerLine } from "@/lib/admin/order-ledger";
import type { OrderLineRead } from "@/lib/klarna";
import type { StoreOrder } from "@/lib/orders/order-store";

/**
 * The order's lines with what is captured and refunded of each, from Klarna's live order (or the store's copy, "—"
 * while it is not known). `ledger` null: the provider captures and refunds amounts, not lines, so the columns are left
 * out (the amounts above the lines say what is captured and refunded).
 */
export function OrderLinesPanel(props: { order: StoreOrder; ledger: LedgerLine[] | null; format: (minorUnits: number) => string }) {
  const { order, ledger, format } = props;
  const byLine = ledger !== null;
  const rows =
    ledger && ledger.length > 0
      ? ledger.map((entry) => ({ line: entry.line, captured: entry.captured.quantity, refunded: entry.refunded.quantity }))
      : (order.lines as OrderLineRead[]).map((line) => ({ line, captured: null, refunded: null }));
  return (
    <section className="panel panel--flush" aria-labelledby="lines-title">
      <div className="panel__head">
        <h2 id="lines-title">Lines</h2>
        <span className="muted">
          {format(order.orderAmount)} incl. {format(order.orderTaxAmount)} tax
        </span>
      </div>
      <table className="admin-table stacked-table">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="num">
              Qty
            </th>
            <th scope="col" className="num">
              Unit price
            </th>
            <th scope="col" className="num">
              Total
            </th>
            {byLine && (
              <th scope="col" className="num">
                Captured
              </th>
            )}
            {byLine && (
              <th scope="col" className="num">
                Refunded
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ line, captured, refunded }, index) => (
            <tr key={`${line.reference ?? line.name}-${index}`}>
              <td className="stacked-table__title">
                <span className="admin-table__primary">{line.name}</span>
                <span className="admin-table__secondary">
                  {line.reference && <span className="mono">{line.reference}</span>}
                  {line.total_discount_amount ? ` · ${format(line.total_discount_amount)} off` : ""}
                </span>
              </td>
              <td data-label="Qty" className="num">
                {line.quantity}
              </td>
              <td data-label="Unit price" className="num phone-hidden">
                {format(line.unit_price)}
              </td>
              <td data-label="Total" className="num">
                <strong>{format(line.total_amount)}</strong>
              </td>
              {byLine && (
                <td data-label="Captured" className="num">
                  {captured ?? "—"}
                </td>
              )}
              {byLine && (
                <td data-label="Refunded" className="num">
                  {refunded ?? "—"}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
