import type { KnContext } from "./context";
import { escapeHtml as e, formatMoney } from "./html";
import { needsExtraStep, returnUrlFor } from "./payment-requests";
import type { PaymentRequestRecord } from "./records";

export interface JourneyMessage {
  error?: string;
}

/**
 * Klarna's hosted purchase journey at the distribution URL, as plain server-rendered forms (no script), so it works
 * at phone width and with a keyboard or screen reader: e-mail, then a one-time code (999999 is always wrong), then for
 * the step-up persona an extra identity check, then back to the store's return_url.
 */
export function renderJourney(ctx: KnContext, request: PaymentRequestRecord, message: JourneyMessage = {}): string {
  const amount = formatMoney(request.amount, request.currency);
  const lines = request.supplementary_purchase_data?.line_items ?? [];
  const action = `/klarna-network/pay/${e(request.uuid)}`;
  const error = message.error ? `<p class="error" role="alert" id="form-error">${e(message.error)}</p>` : "";
  const described = message.error ? ' aria-describedby="form-error" aria-invalid="true"' : "";
  const back = returnUrlFor(request);
  let body: string;

  if (request.state === "SUBMITTED" || (request.state === "IN_PROGRESS" && request.journey_step === undefined)) {
    body = `<h1>Pay ${e(amount)} with Klarna</h1>
<p class="lead">Enter your e-mail address to continue.</p>
<form method="post" action="${action}">
  <input type="hidden" name="step" value="email">
  <label for="email">Email address</label>
  <input id="email" name="email" type="email" autocomplete="email" required value="${e(request.customer?.email ?? "")}"${described}>
  ${error}
  <button type="submit">Continue</button>
</form>`;
  } else if (request.state === "IN_PROGRESS" && request.journey_step === "code") {
    body = `<h1>Check your phone</h1>
<p class="lead">We sent a six-digit code to the phone number of <strong>${e(request.customer?.email ?? "")}</strong>.</p>
<form method="post" action="${action}">
  <input type="hidden" name="step" value="code">
  <label for="code">Verification code</label>
  <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="\\d{6}" maxlength="6" required${described}>
  ${error}
  <button type="submit">${needsExtraStep(request) ? "Continue" : `Pay ${e(amount)}`}</button>
</form>
<form method="post" action="${action}" class="secondary"><input type="hidden" name="step" value="restart"><button class="link" type="submit">Use a different email</button></form>`;
  } else if (request.state === "IN_PROGRESS" && request.journey_step === "verify") {
    body = `<h1>Confirm it's you</h1>
<p class="lead">For your security Klarna needs one more check before this purchase.</p>
<form method="post" action="${action}">
  <input type="hidden" name="step" value="verify">
  <label for="birth">Date of birth</label>
  <input id="birth" name="birth" type="date" required${described}>
  ${error}
  <button type="submit">Verify and pay ${e(amount)}</button>
</form>`;
  } else if (request.state === "DECLINED") {
    body = `<h1>Your purchase can't be accepted</h1>
<p class="lead" role="status">Klarna can't offer a payment for this purchase. Nothing has been charged. Please choose another way to pay.</p>
${back ? `<a class="button" href="${e(back)}">Back to store</a>` : ""}`;
  } else if (request.state === "PENDING_CONFIRMATION" || request.state === "COMPLETED" || request.state === "CONFIRMED") {
    body = `<h1>You're all set</h1>
<p class="lead" role="status">Klarna approved your purchase of ${e(amount)}. The store will confirm your order.</p>
${back ? `<a class="button" href="${e(back)}">Back to store</a>` : ""}`;
  } else {
    body = `<h1>This payment link can no longer be used</h1>
<p class="lead" role="status">It is ${e(request.state.toLowerCase())}. Nothing has been charged. Go back to the store to pay again.</p>
${back ? `<a class="button" href="${e(back)}">Back to store</a>` : ""}`;
  }

  const open = request.state === "SUBMITTED" || request.state === "IN_PROGRESS";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Klarna · ${e(ctx.core.config.merchantName)}</title>
<style>${STYLES}</style>
</head>
<body>
<header><span class="badge" aria-hidden="true">Klarna.</span><span class="merchant">${e(ctx.core.config.merchantName)}</span></header>
<main>
<section class="card" aria-labelledby="summary-title">
  <h2 id="summary-title" class="visually-hidden">Order summary</h2>
  <p class="total"><span>Total</span><strong>${e(amount)}</strong></p>
  ${lines.length > 0 ? `<ul class="lines">${lines.map((line) => `<li><span>${e(line.quantity)} × ${e(line.name)}</span><span>${e(formatMoney(line.total_amount, request.currency))}</span></li>`).join("")}</ul>` : ""}
</section>
<section class="card step">
${body}
</section>
${open ? `<form method="post" action="${action}" class="cancel"><input type="hidden" name="step" value="cancel"><button class="link" type="submit">Cancel and return to ${e(ctx.core.config.merchantName)}</button></form>` : ""}
<p class="fine">Klarna simulator · test purchase, no real money moves. Use customer@email.se (approved), customer+denied@email.se (declined) or customer+step-up@email.se (extra check); any six digits except 999999.</p>
</main>
</body>
</html>`;
}

const STYLES = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:#17120f;background:#f7f5f3}
header{display:flex;align-items:center;gap:12px;padding:14px 20px;background:#fff;border-bottom:1px solid #ece8e4}
.badge{background:#ffb3c7;color:#0b051d;font-weight:800;border-radius:8px;padding:4px 10px}
.merchant{font-weight:600}
main{max-width:440px;margin:0 auto;padding:20px 16px 40px;display:grid;gap:16px}
.card{background:#fff;border:1px solid #ece8e4;border-radius:16px;padding:20px}
h1{font-size:22px;line-height:1.25;margin:0 0 8px}
.lead{margin:0 0 16px;color:#4f4742}
.total{display:flex;justify-content:space-between;align-items:baseline;margin:0;font-size:18px}
.lines{list-style:none;margin:12px 0 0;padding:12px 0 0;border-top:1px solid #f1eeeb;display:grid;gap:6px;font-size:14px;color:#4f4742}
.lines li{display:flex;justify-content:space-between;gap:12px}
form{display:grid;gap:10px;margin:0}
label{font-weight:600}
input{font:inherit;border:1px solid #8a817b;border-radius:10px;padding:12px 14px;width:100%}
input:focus,button:focus,a:focus{outline:3px solid #0b051d;outline-offset:2px}
button,.button{font:inherit;font-weight:700;border:0;border-radius:999px;background:#17120f;color:#fff;padding:14px 18px;cursor:pointer;text-align:center;text-decoration:none;display:block}
button:hover,.button:hover{background:#3a322d}
button.link{background:none;color:#17120f;text-decoration:underline;font-weight:600;padding:8px 0}
.secondary{margin-top:4px}
.cancel{justify-items:center}
.error{margin:0;color:#a12a2a;font-weight:600}
.fine{font-size:13px;color:#4f4742;margin:0;text-align:center}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
