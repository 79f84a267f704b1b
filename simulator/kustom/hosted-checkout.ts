import type { Core } from "../core";
import { html, money, scriptJson, type Html } from "../html";
import { categoriesFor } from "../markets";
import type { CheckoutOrderRecord } from "../records";
import { IFRAME_PATH } from "./html-snippet";

/**
 * The hosted checkout page inside the snippet's iframe: contact and delivery details, payment method, the order
 * summary and Buy; after the purchase, the confirmation. Buy posts to `<page>/purchase`, the page's own back end.
 */
export function renderHostedCheckout(core: Core, record: CheckoutOrderRecord | undefined, available: boolean): string {
  if (!record || !available) {
    return page(
      "Checkout unavailable",
      html`<section class="card notice" role="status"><h1>This checkout is no longer available</h1>
      <p>Go back to the store and start the checkout again.</p></section>`,
    );
  }
  const { data } = record;
  const currency = data.purchase_currency;
  const summary = html`<section class="card" aria-labelledby="summary-title">
  <h2 id="summary-title">Your order</h2>
  <ul class="lines">${data.order_lines.map(
    (line) => html`<li><span>${line.quantity > 1 || line.type === "physical" ? `${line.quantity} × ` : ""}${line.name}</span>
      <span class="amount">${money(line.total_amount, currency)}</span></li>`,
  )}</ul>
  <dl class="totals">
    <div class="total"><dt>Total</dt><dd>${money(data.order_amount, currency)}</dd></div>
    <div class="tax"><dt>Of which tax</dt><dd>${money(data.order_tax_amount, currency)}</dd></div>
  </dl>
</section>`;

  if (record.completed_at !== null) {
    const order = core.klarna.getOrder(record.order_id);
    const address = order?.shipping_address;
    return page(
      "Order confirmed",
      html`<section class="card confirmed" role="status" aria-labelledby="confirmed-title">
  <p class="tick" aria-hidden="true">✓</p>
  <h1 id="confirmed-title">Thank you for your order</h1>
  ${data.merchant_reference1 ? html`<p>Order number <strong>${data.merchant_reference1}</strong></p>` : ""}
  ${order?.billing_address?.email ? html`<p class="muted">Payment details go to ${order.billing_address.email}.</p>` : ""}
  ${address ? html`<p class="muted">Delivery to ${[address.given_name, address.family_name].filter(Boolean).join(" ")}, ${[address.street_address, address.postal_code, address.city].filter(Boolean).join(", ")}</p>` : ""}
</section>
${summary}`,
    );
  }

  const prefill = data.billing_address ?? {};
  const field = (name: string, label: string, autocomplete: string, type = "text", value = "") =>
    html`<div class="field"><label for="${name}">${label}</label>
      <input id="${name}" name="${name}" type="${type}" autocomplete="${autocomplete}" value="${value}" aria-describedby="${name}-error">
      <p class="field-error" id="${name}-error" hidden></p></div>`;
  const categories = categoriesFor(data.purchase_country);
  const form = html`<form class="card" id="checkout-form" novalidate aria-labelledby="details-title">
  <h2 id="details-title">Your details</h2>
  ${field("email", "Email", "email", "email", prefill.email)}
  ${field("postal_code", "Postal code", "postal-code", "text", prefill.postal_code)}
  <div class="row">${field("given_name", "First name", "given-name", "text", prefill.given_name)}${field("family_name", "Last name", "family-name", "text", prefill.family_name)}</div>
  ${field("street_address", "Street address", "street-address", "text", prefill.street_address)}
  ${field("city", "City", "address-level2", "text", prefill.city)}
  ${field("phone", "Mobile phone", "tel", "tel", prefill.phone)}
  <fieldset class="methods"><legend>Payment method</legend>${categories.map(
    (category, index) => html`<label class="method"><input type="radio" name="payment_method_category" value="${category.identifier}"${index === 0 ? html` checked` : ""}>
      <span><strong>${category.name}</strong><small>${category.description}</small></span></label>`,
  )}</fieldset>
  <div class="message" id="checkout-message" role="alert" hidden></div>
  <button type="submit" id="buy">Buy</button>
  <p class="small">By pressing Buy you accept the store's <a href="${data.merchant_urls.terms}" target="_top">terms and conditions</a>.</p>
</form>`;
  return page("Checkout", html`${summary}${form}<script>${CHECKOUT_SCRIPT(`${IFRAME_PATH}/${record.order_id}/purchase`)}</script>`);
}

function page(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Kustom Checkout</title>
<style>${STYLES}</style>
</head>
<body>
<main>
<header class="brand"><span class="logo">kustom</span><span class="secure">Secure checkout</span></header>
${body}
</main>
<script>${RESIZE_SCRIPT}</script>
</body>
</html>`.text;
}

// Tells the snippet how tall the content is (not the frame, which would never shrink), so the iframe never scrolls.
const RESIZE_SCRIPT = html`(function () {
  if (window.parent === window) return;
  var main = document.querySelector("main");
  var send = function () { window.parent.postMessage({ type: "kustom-sim:resize", height: main.getBoundingClientRect().bottom + window.scrollY }, "*"); };
  window.addEventListener("load", send);
  if (window.ResizeObserver) new ResizeObserver(send).observe(document.body);
  send();
})();`;

// The snippet's script listens for "navigate"; opened on its own (not framed), the page navigates itself.
const CHECKOUT_SCRIPT = (purchasePath: string) => html`(function () {
  var form = document.getElementById("checkout-form");
  var buy = document.getElementById("buy");
  var message = document.getElementById("checkout-message");
  var navigate = function (url) {
    if (window.parent !== window) window.parent.postMessage({ type: "kustom-sim:navigate", url: url }, "*");
    else window.location.assign(url);
  };
  var show = function (text) { message.textContent = text; message.hidden = false; };
  var markInvalid = function (name, text) {
    var input = document.getElementById(name);
    var error = document.getElementById(name + "-error");
    input.setAttribute("aria-invalid", "true");
    error.textContent = text;
    error.hidden = false;
    input.focus();
  };
  var clearErrors = function () {
    message.hidden = true;
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (input) { input.removeAttribute("aria-invalid"); });
    Array.prototype.forEach.call(form.querySelectorAll(".field-error"), function (error) { error.hidden = true; });
  };
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors();
    var values = {};
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name || (input.type === "radio" && !input.checked)) return;
      if (input.value.trim() !== "") values[input.name] = input.value.trim();
    });
    if (!/^[^\\s@]+@[^\\s@]+\\.[^\\s@.]{2,}$/.test(values.email || "")) return markInvalid("email", "Enter a valid email address, like name@example.com.");
    buy.disabled = true;
    buy.textContent = "Confirming your order…";
    fetch(${scriptJson(purchasePath)}, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(values) })
      .then(function (response) { return response.json(); })
      .then(function (outcome) {
        switch (outcome.result) {
          case "complete": buy.textContent = "Order placed"; return navigate(outcome.confirmation_url);
          case "validation_redirect": return navigate(outcome.location);
          case "invalid": markInvalid("email", "Enter a valid email address, like name@example.com."); break;
          case "denied": show("Your purchase can't be accepted. Please choose another way to pay."); break;
          case "validation_error": show(outcome.error_text); break;
          case "validation_failed": show("The store could not confirm your order. Please try again."); break;
          default: show("This checkout is no longer available. Go back to the store and start again.");
        }
        buy.disabled = false;
        buy.textContent = "Buy";
      })
      .catch(function () {
        show("Something went wrong. Check your connection and try again.");
        buy.disabled = false;
        buy.textContent = "Buy";
      });
  });
})();`;

const STYLES = html`*{box-sizing:border-box}
body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:#1a1a1a;background:#ffffff}
main{max-width:560px;margin:0 auto;padding:16px;display:grid;gap:16px}
.brand{display:flex;justify-content:space-between;align-items:center}
.logo{font-weight:800;font-size:20px;letter-spacing:-.5px;color:#1a1a1a}
.secure{font-size:14px;color:#4d4d4d}
.card{border:1px solid #d9d9d9;border-radius:12px;padding:16px;display:grid;gap:12px;background:#ffffff}
h1{font-size:22px;margin:0;color:#1a1a1a}
h2{font-size:18px;margin:0;color:#1a1a1a}
.lines{list-style:none;margin:0;padding:0;display:grid;gap:6px}
.lines li{display:flex;justify-content:space-between;gap:12px}
.amount,.totals dd{font-variant-numeric:tabular-nums;white-space:nowrap}
.totals{margin:0;border-top:1px solid #d9d9d9;padding-top:10px;display:grid;gap:4px}
.totals div{display:flex;justify-content:space-between}
.totals dt,.totals dd{margin:0}
.total{font-weight:700;font-size:18px}
.tax{font-size:14px;color:#4d4d4d}
.field{display:grid;gap:4px}
.row{display:grid;grid-template-columns:1fr 1fr;gap:12px}
label{font-weight:600;font-size:15px;color:#1a1a1a}
input[type=text],input[type=email],input[type=tel]{width:100%;height:48px;border:1.5px solid #767676;border-radius:8px;padding:0 12px;font:inherit;color:#1a1a1a;background:#ffffff}
input:focus{outline:3px solid #1a1a1a;outline-offset:1px}
input[aria-invalid=true]{border-color:#b3261e}
.field-error{margin:0;font-size:14px;color:#b3261e}
.methods{border:0;margin:0;padding:0;display:grid;gap:8px}
.methods legend{font-weight:600;font-size:15px;padding:0;margin-bottom:8px;color:#1a1a1a}
.method{display:flex;gap:10px;align-items:flex-start;border:1.5px solid #d9d9d9;border-radius:8px;padding:10px 12px;font-weight:400;cursor:pointer}
.method:has(input:checked){border-color:#1a1a1a}
.method input{margin-top:4px;width:18px;height:18px;accent-color:#1a1a1a}
.method span{display:grid}
.method small{font-size:14px;color:#4d4d4d}
.message{margin:0;padding:12px;border-radius:8px;background:#fdecea;color:#8c1d18;font-size:15px}
button{height:52px;border:0;border-radius:8px;background:#1a1a1a;color:#ffffff;font:inherit;font-size:17px;font-weight:700;cursor:pointer}
button:disabled{background:#4d4d4d;cursor:progress}
.small{margin:0;font-size:13px;color:#4d4d4d}
.small a{color:#1a1a1a}
.muted{margin:0;color:#4d4d4d}
.notice p{margin:0;color:#4d4d4d}
.confirmed{text-align:center;justify-items:center}
.confirmed p{margin:0}
.tick{width:48px;height:48px;border-radius:50%;background:#e3f5e9;color:#17663a;font-size:26px;line-height:48px;font-weight:800}
@media (max-width:420px){.row{grid-template-columns:1fr}main{padding:12px}}`;
