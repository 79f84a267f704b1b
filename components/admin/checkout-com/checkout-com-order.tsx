import { randomUUID } from "node:crypto";
import { formatDateTime, moneyFormatter } from "@/lib/admin/format";
import type { OrderLineRead } from "@/lib/klarna";
import { itemsOf, type CheckoutComOrderDetail } from "@/lib/payments/checkout-com/admin";
import { KLARNA_SHIPPING_METHODS } from "@/lib/payments/checkout-com/back-office";
import { captureCheckoutComAction, refundCheckoutComAction, voidCheckoutComAction } from "./actions";
import { PaymentActionForm } from "./payment-action-form";

/** The payment's status as Checkout.com words it, in place of the store's status pill. */
export function CheckoutComPill({ detail }: { detail: CheckoutComOrderDetail }) {
  const { order, payment, state } = detail;
  return (
    <span className="pill" data-testid="payment-status">
      {payment?.status ?? state?.status ?? order.status}
    </span>
  );
}

/** The order page's panel of a purchase made with Klarna through Checkout.com: the payment's actions and forms. */
export function CheckoutComPanel({ detail }: { detail: CheckoutComOrderDetail }) {
  const { order, payment, actions } = detail;
  const format = moneyFormatter(order);
  const balances = payment?.balances;
  const refundable = itemsOf(order.lines as OrderLineRead[]);
  const toMajor = (minor: number) => (minor / 100).toFixed(2);
  return (
    <>
      <section className="panel" aria-labelledby="cko-actions-title">
        <div className="panel__head">
          <h2 id="cko-actions-title">Payment actions</h2>
        </div>
        {actions.length === 0 ? (
          <p className="panel__hint">Nothing captured, refunded or voided yet.</p>
        ) : (
          <ul aria-label="Payment actions">
            {actions.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ul>
        )}
      </section>

      {balances && (
        <section className="panel" aria-labelledby="cko-capture-title">
          <div className="panel__head">
            <div>
              <h2 id="cko-capture-title">Capture</h2>
              <p className="panel__hint">Capture what you ship. “Keep the rest authorized” captures part now and more later.</p>
            </div>
          </div>
          {balances.available_to_capture === 0 ? (
            <p className="refusal">Nothing is left to capture.</p>
          ) : (
            <PaymentActionForm action={captureCheckoutComAction} orderNumber={order.orderNumber} idempotencyKey={randomUUID()} label="Capture" pendingLabel="Capturing…">
              <div className="field">
                <label htmlFor="cko-capture-amount" className="field__label">Amount ({order.currency})</label>
                <input id="cko-capture-amount" name="amount" className="field__input" inputMode="decimal" defaultValue={toMajor(balances.available_to_capture)} />
              </div>
              <fieldset className="field">
                <legend className="field__label">After this capture</legend>
                <label><input type="radio" name="final" value="nonfinal" /> Keep the rest authorized (NonFinal)</label>
                <label><input type="radio" name="final" value="final" defaultChecked /> Release the rest (Final)</label>
              </fieldset>
              <div className="field">
                <label htmlFor="cko-shipping-company" className="field__label">Shipping company</label>
                <input id="cko-shipping-company" name="shipping_company" className="field__input" />
              </div>
              <div className="field">
                <label htmlFor="cko-shipping-method" className="field__label">Shipping method</label>
                <select id="cko-shipping-method" name="shipping_method" className="field__input" defaultValue="">
                  <option value="">—</option>
                  {KLARNA_SHIPPING_METHODS.map((method) => (
                    <option key={method} value={method}>{method}</option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="cko-tracking-number" className="field__label">Tracking number</label>
                <input id="cko-tracking-number" name="tracking_number" className="field__input" />
              </div>
              <div className="field">
                <label htmlFor="cko-tracking-uri" className="field__label">Tracking link</label>
                <input id="cko-tracking-uri" name="tracking_uri" className="field__input" type="url" />
              </div>
              <div className="field">
                <label htmlFor="cko-return-company" className="field__label">Return shipping company</label>
                <input id="cko-return-company" name="return_shipping_company" className="field__input" />
              </div>
              <div className="field">
                <label htmlFor="cko-return-number" className="field__label">Return tracking number</label>
                <input id="cko-return-number" name="return_tracking_number" className="field__input" />
              </div>
            </PaymentActionForm>
          )}
        </section>
      )}

      {balances && balances.total_captured > 0 && (
        <section className="panel" aria-labelledby="cko-refund-title">
          <div className="panel__head">
            <h2 id="cko-refund-title">Refund</h2>
          </div>
          <PaymentActionForm action={refundCheckoutComAction} orderNumber={order.orderNumber} idempotencyKey={randomUUID()} label="Refund" pendingLabel="Refunding…" tone="secondary">
            <fieldset className="field">
              <legend className="field__label">Refund whole lines</legend>
              {refundable.map((item) => (
                <label key={item.reference}>
                  <input type="checkbox" name="lines" value={item.reference} /> {item.quantity} × {item.name} ({format(item.total_amount)})
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="cko-refund-amount" className="field__label">Or an amount ({order.currency})</label>
              <input id="cko-refund-amount" name="amount" className="field__input" inputMode="decimal" />
            </div>
          </PaymentActionForm>
        </section>
      )}

      {payment && payment.approved && (
        <section className="panel" aria-labelledby="cko-void-title">
          <div className="panel__head">
            <div>
              <h2 id="cko-void-title">Void</h2>
              <p className="panel__hint">Releases the whole authorization. Only possible before anything is captured.</p>
            </div>
          </div>
          <PaymentActionForm action={voidCheckoutComAction} orderNumber={order.orderNumber} idempotencyKey={randomUUID()} label="Void payment" pendingLabel="Voiding…" tone="danger" />
        </section>
      )}
    </>
  );
}

/** Checkout.com's facts of the payment, at the top of the side column. */
export function CheckoutComFacts({ detail }: { detail: CheckoutComOrderDetail }) {
  const { order, payment, state } = detail;
  return (
    <section className="panel" aria-labelledby="cko-facts-title">
      <div className="panel__head">
        <h2 id="cko-facts-title">Checkout.com</h2>
      </div>
      <dl className="facts-list">
        <div>
          <dt>Payment</dt>
          <dd><code style={{ overflowWrap: "anywhere" }}>{order.providerReference}</code></dd>
        </div>
        <div>
          <dt>Klarna order</dt>
          <dd data-testid="klarna-order-id"><code style={{ overflowWrap: "anywhere" }}>{payment?.processing?.partner_order_id ?? state?.klarnaOrderId ?? "—"}</code></dd>
        </div>
        <div>
          <dt>How the shopper pays</dt>
          <dd data-testid="payment-method">{state?.paymentMethod ?? order.paymentMethod ?? "—"}</dd>
        </div>
        {payment?.expires_on && (
          <div>
            <dt>Authorization ends</dt>
            <dd>{formatDateTime(payment.expires_on)}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
