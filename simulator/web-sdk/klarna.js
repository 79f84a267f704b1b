/*
 * Klarna web SDK stand-in (On-site messaging), served by the Klarna simulator at /web-sdk/v1/klarna.js.
 * Klarna's library is loaded from https://js.klarna.com/web-sdk/v1/klarna.js with data-client-id and
 * data-environment on its script tag; it scans the page for <klarna-placement> tags (data-key, data-locale,
 * data-purchase-amount in minor units) and renders each in a shadow root. After a page changes an amount it
 * calls window.Klarna.OnsiteMessaging.refresh(). This stand-in does the same, and renders from the simulator's
 * /messaging/v3 (the shape of Klarna's On-site messaging API), so every decision stays on the server.
 */
(function () {
  "use strict";

  var LOG_PREFIX = "[Klarna On-site messaging]";
  var script =
    document.currentScript || document.querySelector('script[src*="/web-sdk/v1/klarna.js"][data-client-id]');
  if (!script) return;
  var klarna = (window.Klarna = window.Klarna || {});
  // Loaded once: a second copy of the script on the same page changes nothing.
  if (klarna.OnsiteMessaging) return;

  var clientId = script.getAttribute("data-client-id") || "";
  var environment = script.getAttribute("data-environment") || "production";
  var origin = new URL(script.src, location.href).origin;
  var warned = {};

  function warnOnce(key, message) {
    if (warned[key]) return;
    warned[key] = true;
    console.warn(LOG_PREFIX + " " + message);
  }

  var STYLE =
    ":host{display:block}" +
    ".container{display:flex;align-items:center;gap:10px;padding:6px 0;font:14px/20px -apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#17120f}" +
    ".badge{flex:none;width:48px;height:20px;display:block}" +
    ".message{margin:0}" +
    ".cta{color:#17120f;font-weight:600;text-decoration:underline;text-underline-offset:2px;white-space:nowrap}" +
    ".cta:focus-visible{outline:2px solid #17120f;outline-offset:2px;border-radius:2px}" +
    ".sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}";

  function node(nodes, name) {
    for (var i = 0; i < nodes.length; i++) if (nodes[i].name === name) return nodes[i];
    return null;
  }

  function clear(element) {
    if (element.shadowRoot) element.shadowRoot.replaceChildren();
  }

  function paint(element, locale, nodes) {
    var root = element.shadowRoot || element.attachShadow({ mode: "open" });
    var style = document.createElement("style");
    style.textContent = STYLE;
    var container = document.createElement("div");
    container.className = "container";
    container.setAttribute("part", "osm-container");
    container.lang = locale;

    var badge = node(nodes, "KLARNA_BADGE");
    if (badge) {
      var image = document.createElement("img");
      image.className = "badge";
      image.setAttribute("part", "osm-badge");
      image.src = badge.url;
      image.alt = badge.alt;
      image.width = 48;
      image.height = 20;
      container.appendChild(image);
    }
    var message = document.createElement("p");
    message.className = "message";
    message.setAttribute("part", "osm-message");
    var text = node(nodes, "TEXT_MAIN");
    message.appendChild(document.createTextNode((text ? text.value : "") + " "));
    var action = node(nodes, "ACTION_LEARN_MORE");
    if (action) {
      var link = document.createElement("a");
      link.className = "cta";
      link.setAttribute("part", "osm-cta");
      link.href = action.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = action.label;
      var note = node(nodes, "A11Y_NEW_TAB");
      if (note) {
        var hidden = document.createElement("span");
        hidden.className = "sr";
        hidden.textContent = " " + note.value;
        link.appendChild(hidden);
      }
      message.appendChild(link);
    }
    container.appendChild(message);
    root.replaceChildren(style, container);
  }

  function render(element) {
    var key = element.getAttribute("data-key");
    var locale = element.getAttribute("data-locale");
    var amount = element.getAttribute("data-purchase-amount");
    var seq = (element.__klarnaSeq = (element.__klarnaSeq || 0) + 1);
    if (!clientId) {
      warnOnce("client", "The script tag has no data-client-id, so no placement is rendered.");
      return;
    }
    if (!key || !locale) {
      warnOnce("attrs", "A <klarna-placement> needs data-key and data-locale; it was left empty.");
      clear(element);
      return;
    }
    var url = new URL("/messaging/v3", origin);
    url.search = new URLSearchParams({
      client_id: clientId,
      placement_key: key,
      locale: locale,
      purchase_amount: amount || "",
    }).toString();
    fetch(url.toString(), { credentials: "omit" })
      .then(function (response) {
        return response.json().then(function (body) {
          return { status: response.status, body: body };
        });
      })
      .then(function (result) {
        // A newer amount was asked for while this answer travelled: keep only the latest.
        if (seq !== element.__klarnaSeq) return;
        if (result.status === 403) {
          clear(element);
          warnOnce(
            "forbidden",
            'The client id "' +
              clientId +
              '" is not recognised, so no messaging is shown. Use the client id from the Merchant portal ' +
              "(On-site messaging) and register this site's origin there.",
          );
          return;
        }
        if (result.status !== 200) {
          clear(element);
          var messages = (result.body && result.body.error_messages) || [];
          warnOnce("bad:" + key + ":" + locale + ":" + amount, "Placement " + key + " not rendered: " + messages.join("; "));
          return;
        }
        paint(element, locale, (result.body.content && result.body.content.nodes) || []);
      })
      .catch(function (error) {
        if (seq !== element.__klarnaSeq) return;
        warnOnce("network", "Could not reach Klarna: " + (error && error.message ? error.message : error));
      });
  }

  // Renders on the next microtask, so several attribute changes in one task make one request.
  function schedule(element) {
    if (element.__klarnaPending) return;
    element.__klarnaPending = true;
    queueMicrotask(function () {
      element.__klarnaPending = false;
      if (element.isConnected) render(element);
    });
  }

  function refresh() {
    var placements = document.querySelectorAll("klarna-placement");
    for (var i = 0; i < placements.length; i++) schedule(placements[i]);
  }

  klarna.OnsiteMessaging = { refresh: refresh };

  // Klarna's older library took commands through a data layer; the same refresh event works here.
  var layer = (window.KlarnaOnsiteService = window.KlarnaOnsiteService || []);
  var handle = function (event) {
    if (event && event.eventName === "refresh-placements") refresh();
  };
  layer.forEach(handle);
  layer.push = function (event) {
    handle(event);
    return Array.prototype.push.call(layer, event);
  };

  if (!customElements.get("klarna-placement")) {
    customElements.define(
      "klarna-placement",
      class extends HTMLElement {
        static get observedAttributes() {
          return ["data-key", "data-locale", "data-purchase-amount"];
        }
        connectedCallback() {
          schedule(this);
        }
        attributeChangedCallback() {
          if (this.isConnected) schedule(this);
        }
      },
    );
  }
  if (!clientId) warnOnce("client", "The script tag has no data-client-id, so no placement is rendered.");
  if (environment !== "playground" && environment !== "production") {
    warnOnce("environment", 'data-environment must be "playground" or "production", not "' + environment + '".');
  }
})();
