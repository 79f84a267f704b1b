import { orderManagementOf } from "@/lib/admin/order-management";
import { providerBrand } from "@/lib/payments/provider";
import { randomUUID } from "node:crypto";
import { moneyFormatter } from "@/lib/admin/format";
import { addableProducts, captureInvoices } from "@/lib/admin/order-edits";
import type { ManagedOrder } from "@/lib/klarna";
import type { StoreOrder } from "@/lib/orders/order-store";
import { capturedQuantities, editRefusal } from "@/lib/payments/order-management/edits-plan";
import { EditLinesForm } from "./edit-lines-form";
import { ExtendDueDateForm, MerchantReferenceForm, ResendInvoiceForm, ShippingAddressForm } from "./small-forms";
import "./order-edits.css";

/**
 * Order edits for an order managed through Order Management (Klarna Payments at Klarna, Kustom Checkout at Kustom):
 * lines and amount before capture, the shipping address, the merchant reference, and per capture its due date and
 * invoice. Shown only for those providers; every rule is checked again on the server when a form is sent.
 */
export async function OrderEditsPanel({ order, live, now }: { order: StoreOrder; live: ManagedOrder; now: Date }) {
  // Only a provider that settles through Klarna's Order Management (the registry's probed capability) edits orders.
  if (!(await orderManagementOf(order.provider))) return null;
  const vendor = providerBrand(order.provider);
  const format = moneyFormatter(order);
  const captured = capturedQuantities(live);
  const lines = live.order_lines
    .filter((line) => (line.type === "physical" || line.type === "digital") && line.reference)
    .map((line) => ({
      reference: line.reference!,
      name: line.name,
      quantity: line.quantity,
      captured: captured.get(line.reference!) ?? 0,
      unitPrice: format(line.unit_price),
      total: format(line.total_amount),
    }));
  const catalogue = (await addableProducts(order.currency)).map((product) => ({
    sku: product.sku,
    name: product.name,
    price: format(product.price),
    stock: product.stock,
  }));
  const storeRefusal = order.status === "cancelled" || order.unfulfillableReason ? "The store does not ship this order, so it cannot be edited." : null;
  const refusal = storeRefusal ?? editRefusal(live, now);
  const cancelled = live.status === "CANCELLED" ? "The order is cancelled, so it cannot change." : null;
  const captures = await captureInvoices(order, live);

  return (
    <section className="panel order-edits" aria-labelledby="order-edits-title" data-testid="order-edits">
      <div className="panel__head">
        <div>
          <h2 id="order-edits-title">Edit order</h2>
          <p className="panel__hint">
            Change quantities, remove a line (0) or add a product before it is captured. {vendor} decides on an increase;
            stock follows only what {vendor} accepts.
          </p>
        </div>
      </div>
      <EditLinesForm
        klarnaOrderId={order.providerReference}
        idempotencyKey={randomUUID()}
        lines={lines}
        catalogue={catalogue}
        vendor={vendor}
        refusal={refusal}
      />

      <h3 className="order-edits__subhead">Shipping address</h3>
      <ShippingAddressForm
        klarnaOrderId={order.providerReference}
        idempotencyKey={randomUUID()}
        address={live.shipping_address ?? null}
        refusal={cancelled}
      />

      <h3 className="order-edits__subhead">Merchant reference</h3>
      <p className="panel__hint">
        Shown with the order at {vendor} and in its settlement reports. The store&apos;s checkout id (reference 2
        {live.merchant_reference2 ? `: ${live.merchant_reference2}` : ""}) links the order to the store and stays as it is.
      </p>
      <MerchantReferenceForm
        klarnaOrderId={order.providerReference}
        idempotencyKey={randomUUID()}
        reference={live.merchant_reference1}
        refusal={cancelled}
      />

      {captures.length > 0 && (
        <>
          <h3 className="order-edits__subhead">Invoices</h3>
          <ul className="order-edits__captures">
            {captures.map(({ captureId, amount, choices, problem }) => (
              <li key={captureId} data-testid="capture-invoice">
                <p>
                  <strong>{format(amount)}</strong> <span className="mono muted">{captureId}</span>
                </p>
                {problem ? (
                  <p className="refusal">{problem}</p>
                ) : choices.length > 0 ? (
                  <ExtendDueDateForm klarnaOrderId={order.providerReference} idempotencyKey={randomUUID()} captureId={captureId} choices={choices.map((choice) => ({ days: choice.days, fee: format(choice.fee) }))} />
                ) : (
                  <p className="muted">{vendor} offers no due date extension for this payment method.</p>
                )}
                <ResendInvoiceForm klarnaOrderId={order.providerReference} idempotencyKey={randomUUID()} captureId={captureId} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
