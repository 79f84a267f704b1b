import { readFileSync } from "node:fs";
import path from "node:path";
import type { Hono } from "hono";
import { BADGE_PATH } from "./sessions";

const SDK_SOURCE = readFileSync(path.join(__dirname, "sdk", "api.js"), "utf8");
const BADGE_SVG = readFileSync(path.join(__dirname, "..", "assets", "klarna-badge.svg"), "utf8");

/** The Klarna.Payments SDK stand-in, its badge, and a bare page to try the SDK in a browser. */
export function sdkPagesRoutes(app: Hono): void {
  app.get("/kp/lib/v1/api.js", (c) =>
    c.body(SDK_SOURCE, 200, {
      "Content-Type": "application/javascript; charset=utf-8",
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "no-cache",
    }),
  );
  app.get(BADGE_PATH, (c) =>
    c.body(BADGE_SVG, 200, {
      "Content-Type": "image/svg+xml",
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "public, max-age=3600",
    }),
  );
  app.get("/_sim/sdk-test", (c) => c.html(SDK_TEST_PAGE));
}

// Reads client_token (and optionally category and email) from the query string, so a test only needs a session.
const SDK_TEST_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Klarna SDK test page</title>
<style>
body{margin:0;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;background:#f7f5f3;color:#17120f}
main{max-width:520px;margin:0 auto;padding:24px 16px;display:grid;gap:16px}
h1{font-size:20px;margin:0}
.panel{background:#fff;border:1px solid #ece8e4;border-radius:14px;padding:16px;display:grid;gap:12px}
label{font-weight:600;display:grid;gap:4px}
input,select{font:inherit;border:1px solid #d6d0ca;border-radius:10px;padding:8px 10px}
.actions{display:flex;flex-wrap:wrap;gap:8px}
button{font:inherit;font-weight:600;border:0;border-radius:999px;background:#17120f;color:#fff;padding:9px 16px;cursor:pointer}
pre{background:#17120f;color:#f7f5f3;border-radius:10px;padding:12px;white-space:pre-wrap;word-break:break-all;margin:0;min-height:2.5em}
</style>
<script src="/kp/lib/v1/api.js"></script>
</head>
<body>
<main>
<h1>Klarna SDK test page</h1>
<div class="panel">
  <label>Payment method
    <select id="category"><option value="pay_later">pay_later</option><option value="pay_over_time">pay_over_time</option><option value="pay_now">pay_now</option></select>
  </label>
  <label>Email <input id="email" type="email" autocomplete="off"></label>
  <div class="actions">
    <button id="load" type="button">Load</button>
    <button id="authorize" type="button">Authorize</button>
    <button id="reauthorize" type="button">Reauthorize</button>
    <button id="finalize" type="button">Finalize</button>
  </div>
</div>
<div id="klarna-payments-container"></div>
<div class="panel"><strong>Last result</strong><pre id="result" aria-live="polite"></pre></div>
</main>
<script>
(function () {
  var params = new URLSearchParams(location.search);
  var show = function (value) { document.getElementById("result").textContent = JSON.stringify(value); };
  var category = document.getElementById("category");
  var email = document.getElementById("email");
  if (params.get("category")) category.value = params.get("category");
  if (params.get("email")) email.value = params.get("email");
  try {
    Klarna.Payments.init({ client_token: params.get("client_token") || "" });
  } catch (error) {
    show({ thrown: error.name, message: error.message });
  }
  var data = function () {
    return { billing_address: { email: email.value, given_name: "Test", family_name: "Person" } };
  };
  document.getElementById("load").onclick = function () {
    Klarna.Payments.load({ container: "#klarna-payments-container", payment_method_category: category.value }, {}, show);
  };
  document.getElementById("authorize").onclick = function () {
    Klarna.Payments.authorize({ payment_method_category: category.value }, data(), show);
  };
  document.getElementById("reauthorize").onclick = function () {
    Klarna.Payments.reauthorize({ payment_method_category: category.value }, data(), show);
  };
  document.getElementById("finalize").onclick = function () {
    Klarna.Payments.finalize({ payment_method_category: category.value }, {}, show);
  };
})();
</script>
</body>
</html>`;
