import type { Core } from "../core";
import { scriptJson } from "../html";

/** Where the hosted checkout of an order is served: a Kustom-host path, not a /_sim helper. */
export const IFRAME_PATH = "/kustom/checkout/iframe";

/**
 * The order's html_snippet: a container and a script that inserts the hosted checkout in an iframe, as real
 * snippets do (notes.md §4: the merchant must make the script run). The iframe talks to the script with
 * postMessage: its height, and where to send the shopper's top window (confirmation page, or a validation denial).
 * After completion the same iframe shows the confirmation, so the snippet is also the confirmation snippet.
 */
export function htmlSnippet(core: Core, orderId: string): string {
  const src = `${core.config.publicUrl}${IFRAME_PATH}/${encodeURIComponent(orderId)}`;
  const origin = new URL(core.config.publicUrl).origin;
  return (
    `<div id="klarna-checkout-container" style="overflow-x: hidden;">` +
    `<noscript>Please enable JavaScript to complete your purchase.</noscript>` +
    `<script type="text/javascript">${snippetScript(src, origin)}</script>` +
    `</div>`
  );
}

function snippetScript(src: string, origin: string): string {
  return `(function (src, origin) {
  var script = document.currentScript;
  var container = (script && script.parentNode) || document.getElementById("klarna-checkout-container");
  if (!container || container.querySelector("iframe[data-kustom-checkout]")) return;
  var frame = document.createElement("iframe");
  frame.src = src;
  frame.title = "Kustom Checkout";
  frame.name = "kustom-checkout-iframe";
  frame.setAttribute("data-kustom-checkout", "");
  frame.setAttribute("allow", "payment");
  frame.style.cssText = "display:block;width:1px;min-width:100%;height:720px;border:0;background:transparent";
  container.appendChild(frame);
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data || {};
    if (data.type === "kustom-sim:resize" && typeof data.height === "number") {
      frame.style.height = Math.ceil(data.height) + "px";
    } else if (data.type === "kustom-sim:navigate" && typeof data.url === "string") {
      window.location.assign(data.url);
    }
  });
})(${scriptJson(src).text}, ${scriptJson(origin).text});`;
}
