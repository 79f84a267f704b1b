/*
 * Klarna Payments SDK stand-in, served by the Klarna simulator at /kp/lib/v1/api.js.
 * It defines window.Klarna.Payments with the same methods and callback shapes as Klarna's
 * https://x.klarnacdn.net/kp/lib/v1/api.js, renders a Klarna-like widget and popup (an in-page
 * dialog, so tests can use ordinary page locators) and leaves every decision to the simulator,
 * reached at the client token's base_url.
 */
(function () {
  "use strict";

  var STYLE_ID = "klarna-sim-styles";
  var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;
  var session = null;
  var loaded = {};
  var handlers = {};

  function sdkError(name, message) {
    var error = new Error(message);
    error.name = name;
    return error;
  }

  function decodeSegment(segment) {
    var base64 = segment.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) base64 += "=";
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  // Like the real SDK, the token is only decoded here; the simulator checks its signature on every call.
  function parseClientToken(token) {
    var invalid = sdkError("InvalidClientTokenError", "options.client_token is not a valid client token");
    if (typeof token !== "string") throw invalid;
    var parts = token.split(".");
    if (parts.length !== 3 || !parts[2]) throw invalid;
    var header;
    var payload;
    try {
      header = decodeSegment(parts[0]);
      payload = decodeSegment(parts[1]);
    } catch {
      throw invalid;
    }
    if (!header || typeof header.alg !== "string" || header.alg.toLowerCase() === "none") throw invalid;
    if (!payload || typeof payload.session_id !== "string" || typeof payload.base_url !== "string") throw invalid;
    return payload;
  }

  function normaliseArguments(options, data, callback) {
    if (typeof data === "function") return { options: options, data: undefined, callback: data };
    return { options: options, data: data, callback: callback };
  }

  function respond(callback, result) {
    if (typeof callback === "function") callback(result);
  }

  function emit(eventName, payload) {
    (handlers[eventName] || []).slice().forEach(function (handler) {
      handler(payload);
    });
  }

  function requireInit(operation) {
    if (!session) throw sdkError("ApplicationNotInitializedError", operation + "() was called before init()");
  }

  function categoryOf(options) {
    var category = options && (options.payment_method_category || (options.payment_method_categories || [])[0]);
    if (!category) throw sdkError("PaymentMethodCategoryNotProvidedError", "options.payment_method_category is required");
    return category;
  }

  function call(path, body) {
    return fetch(session.baseUrl + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer " + session.token },
      body: JSON.stringify(body || {}),
    }).then(function (response) {
      if (response.status === 401) return { invalid_token: true };
      if (!response.ok) throw new Error("Klarna simulator answered " + response.status);
      return response.json();
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function badge() {
    var node = element("span", "klarna-sim-badge", "Klarna.");
    node.setAttribute("aria-hidden", "true");
    return node;
  }

  function formatMoney(minor, currency, locale) {
    try {
      return new Intl.NumberFormat(locale, { style: "currency", currency: currency }).format(minor / 100);
    } catch {
      return (minor / 100).toFixed(2) + " " + currency;
    }
  }

  function formatDate(date, locale) {
    try {
      return new Intl.DateTimeFormat(locale, { day: "numeric", month: "long" }).format(date);
    } catch {
      return date.toDateString();
    }
  }

  function installmentAmounts(total, count) {
    var base = Math.floor(total / count);
    var amounts = [];
    for (var i = 0; i < count; i++) amounts.push(base);
    amounts[0] += total - base * count;
    return amounts;
  }

  function resolveContainer(container) {
    if (container instanceof HTMLElement) return container;
    if (typeof container === "string") {
      var found = null;
      try {
        found = document.querySelector(container);
      } catch {
        found = null;
      }
      if (found) return found;
    }
    throw sdkError("InvalidContainerSelectorError", "options.container is neither an element nor a valid CSS selector");
  }

  // ---- Widget ------------------------------------------------------------------------------------------------

  function renderLoading(container) {
    container.replaceChildren();
    var box = element("div", "klarna-sim-widget klarna-sim-loading");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "Klarna payment details");
    box.setAttribute("aria-busy", "true");
    box.appendChild(element("span", "klarna-sim-spinner"));
    box.appendChild(element("span", "klarna-sim-muted", "Loading Klarna…"));
    container.appendChild(box);
  }

  function schedule(widget) {
    var amount = function (minor) {
      return formatMoney(minor, widget.purchase_currency, widget.locale);
    };
    var body = element("div", "klarna-sim-widget-body");
    if (widget.identifier === "pay_over_time") {
      var count = widget.installments || 3;
      var biweekly = widget.purchase_country === "US" || widget.purchase_country === "CA";
      var list = element("ol", "klarna-sim-schedule");
      list.style.gridTemplateColumns = "repeat(" + count + ", minmax(0, 1fr))";
      installmentAmounts(widget.order_amount, count).forEach(function (minor, index) {
        var item = element("li", "klarna-sim-schedule-item");
        var pie = element("span", "klarna-sim-pie");
        pie.style.setProperty("--klarna-sim-fill", ((index + 1) / count) * 100 + "%");
        pie.setAttribute("aria-hidden", "true");
        item.appendChild(pie);
        item.appendChild(element("strong", "", amount(minor)));
        var when = index === 0 ? "Today" : biweekly ? "In " + index * 2 + " weeks" : "In " + index + (index === 1 ? " month" : " months");
        item.appendChild(element("span", "klarna-sim-muted", when));
        list.appendChild(item);
      });
      body.appendChild(list);
    } else {
      var row = element("div", "klarna-sim-due");
      if (widget.identifier === "pay_later") {
        var due = new Date(Date.now() + 30 * 24 * 3600 * 1000);
        row.appendChild(element("strong", "", amount(widget.order_amount)));
        // The widget's words are English, so the month name is too; amounts keep the shopper's locale.
        row.appendChild(element("span", "klarna-sim-muted", "due " + formatDate(due, "en-" + widget.purchase_country) + ", no interest"));
      } else {
        row.appendChild(element("strong", "", amount(widget.order_amount)));
        row.appendChild(element("span", "klarna-sim-muted", "today, by bank transfer or card"));
      }
      body.appendChild(row);
    }
    return body;
  }

  function renderWidget(container, widget) {
    container.replaceChildren();
    var box = element("div", "klarna-sim-widget");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "Klarna payment details");
    var header = element("div", "klarna-sim-widget-header");
    header.appendChild(badge());
    var titles = element("div", "klarna-sim-titles");
    titles.appendChild(element("p", "klarna-sim-title", widget.name));
    titles.appendChild(element("p", "klarna-sim-subtitle", widget.description));
    header.appendChild(titles);
    box.appendChild(header);
    box.appendChild(schedule(widget));
    box.appendChild(element("p", "klarna-sim-footnote", "Klarna playground simulation: no real payment is made."));
    container.appendChild(box);
    emit("heightChanged", box.offsetHeight);
  }

  // ---- Popup -------------------------------------------------------------------------------------------------

  function openPopup(popup, options, callback) {
    var previousFocus = document.activeElement;
    var previousOverflow = document.documentElement.style.overflow;
    var finished = false;
    var decided = null;

    var overlay = element("div", "klarna-sim-overlay");
    var dialog = element("div", "klarna-sim-dialog");
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-label", "Klarna");

    var header = element("div", "klarna-sim-dialog-header");
    header.appendChild(badge());
    var close = element("button", "klarna-sim-close");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.innerHTML =
      '<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true"><path d="M1 1l12 12M13 1L1 13" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>';
    header.appendChild(close);
    dialog.appendChild(header);

    var summary = element("div", "klarna-sim-summary");
    summary.appendChild(element("span", "klarna-sim-muted", popup.merchant_name));
    summary.appendChild(element("strong", "klarna-sim-amount", formatMoney(popup.order_amount, popup.purchase_currency, popup.locale)));
    summary.appendChild(element("span", "klarna-sim-category", popup.name + " · " + popup.description));
    dialog.appendChild(summary);

    var step = element("div", "klarna-sim-step");
    dialog.appendChild(step);
    dialog.appendChild(element("p", "klarna-sim-legal", "Klarna playground simulation · no real money moves"));
    overlay.appendChild(dialog);

    function finish(result, after) {
      if (finished) return;
      finished = true;
      overlay.remove();
      document.removeEventListener("keydown", onKeydown, true);
      document.documentElement.style.overflow = previousOverflow;
      if (previousFocus && typeof previousFocus.focus === "function") previousFocus.focus();
      emit("fullscreenOverlayHidden");
      if (after) after();
      else respond(callback, result);
    }

    // Closing is the shopper cancelling, unless Klarna already refused: then the refusal stands.
    function cancel() {
      finish(decided || { approved: false, show_form: true });
    }

    function onKeydown(event) {
      if (event.key === "Escape") {
        event.preventDefault();
        cancel();
      } else if (event.key === "Tab") {
        var focusable = dialog.querySelectorAll("button:not([disabled]), input:not([disabled])");
        if (!focusable.length) return;
        var first = focusable[0];
        var last = focusable[focusable.length - 1];
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }
    }

    function field(id, label, input) {
      var wrap = element("div", "klarna-sim-field");
      var labelNode = element("label", "klarna-sim-label", label);
      labelNode.htmlFor = id;
      input.id = id;
      input.className = "klarna-sim-input";
      wrap.appendChild(labelNode);
      wrap.appendChild(input);
      return wrap;
    }

    function errorBox() {
      var box = element("p", "klarna-sim-error");
      box.setAttribute("role", "alert");
      box.hidden = true;
      return box;
    }

    function showError(box, message) {
      box.textContent = message;
      box.hidden = false;
    }

    function primary(label) {
      var button = element("button", "klarna-sim-primary", label);
      button.type = "submit";
      return button;
    }

    function setStep(nodes, focusTarget) {
      step.replaceChildren.apply(step, nodes);
      if (focusTarget) focusTarget.focus();
    }

    function emailStep(email, message) {
      var form = element("form", "klarna-sim-form");
      form.noValidate = true;
      var input = element("input");
      input.type = "email";
      input.autocomplete = "email";
      input.value = email;
      var problem = errorBox();
      form.appendChild(element("h2", "klarna-sim-heading", "Confirm your email"));
      form.appendChild(element("p", "klarna-sim-text", "We use it to find your Klarna account and send your receipt."));
      form.appendChild(field("klarna-sim-email", "Email address", input));
      form.appendChild(problem);
      form.appendChild(primary("Continue"));
      if (message) showError(problem, message);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var value = input.value.trim();
        if (!EMAIL.test(value)) {
          showError(problem, "Enter a valid email address.");
          input.focus();
          return;
        }
        if (options.express && options.express.collect_shipping_address) addressStep(value);
        else codeStep(value);
      });
      setStep([form], input);
    }

    // Express checkout with collect_shipping_address: Klarna collects the shipping address in its popup and returns
    // it as collected_shipping_address (reference/klarna/express-checkout-notes.md).
    function addressStep(email) {
      var form = element("form", "klarna-sim-form");
      form.noValidate = true;
      var given = options.express.address || {};
      var inputs = {};
      form.appendChild(element("h2", "klarna-sim-heading", "Shipping address"));
      form.appendChild(element("p", "klarna-sim-text", "Klarna shares this address with the store for delivery."));
      [
        ["given_name", "First name", "given-name"],
        ["family_name", "Last name", "family-name"],
        ["street_address", "Street address", "street-address"],
        ["postal_code", "Postal code", "postal-code"],
        ["city", "City", "address-level2"],
      ].forEach(function (spec) {
        var input = element("input");
        input.type = "text";
        input.autocomplete = "shipping " + spec[2];
        input.value = given[spec[0]] || "";
        inputs[spec[0]] = input;
        form.appendChild(field("klarna-sim-ship-" + spec[0], spec[1], input));
      });
      var problem = errorBox();
      form.appendChild(problem);
      form.appendChild(primary("Continue"));
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var collected = { country: given.country };
        if (given.region) collected.region = given.region;
        if (given.phone) collected.phone = given.phone;
        for (var key in inputs) {
          var value = inputs[key].value.trim();
          if (!value) {
            showError(problem, "Fill in every field of the address.");
            inputs[key].focus();
            return;
          }
          collected[key] = value;
        }
        codeStep(email, collected);
      });
      setStep([form], inputs.given_name);
    }

    function codeStep(email, shippingAddress) {
      var form = element("form", "klarna-sim-form");
      form.noValidate = true;
      var input = element("input");
      input.type = "text";
      input.inputMode = "numeric";
      input.autocomplete = "one-time-code";
      input.maxLength = 6;
      input.setAttribute("aria-describedby", "klarna-sim-code-hint");
      var hint = element("p", "klarna-sim-text");
      hint.id = "klarna-sim-code-hint";
      hint.appendChild(document.createTextNode("We sent a 6-digit code to "));
      hint.appendChild(element("strong", "", email));
      hint.appendChild(document.createTextNode(". In the playground any 6 digits work, such as 123456."));
      var problem = errorBox();
      var submit = primary("Confirm");
      var change = element("button", "klarna-sim-link", "Use a different email");
      change.type = "button";
      change.addEventListener("click", function () {
        emailStep(email);
      });
      form.appendChild(element("h2", "klarna-sim-heading", "Enter verification code"));
      form.appendChild(hint);
      form.appendChild(field("klarna-sim-otp", "Verification code", input));
      form.appendChild(problem);
      form.appendChild(submit);
      form.appendChild(change);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var code = input.value.trim();
        if (!/^\d{6}$/.test(code)) {
          showError(problem, "Enter the 6-digit code.");
          input.focus();
          return;
        }
        submit.disabled = true;
        submit.textContent = "Confirming…";
        problem.hidden = true;
        var confirmation = options.express
          ? call("/kp/sdk/express/confirm", {
              email: email,
              otp: code,
              auto_finalize: options.express.auto_finalize,
              collect_shipping_address: options.express.collect_shipping_address,
              shipping_address: shippingAddress,
            })
          : call("/kp/sdk/authorize/confirm", { payment_method_category: options.category, email: email, otp: code });
        confirmation.then(
          function (outcome) {
            if (finished) return;
            submit.disabled = false;
            submit.textContent = "Confirm";
            handleOutcome(outcome, email, input, problem);
          },
          function () {
            if (finished) return;
            submit.disabled = false;
            submit.textContent = "Confirm";
            showError(problem, "We could not reach Klarna. Check your connection and try again.");
          },
        );
      });
      setStep([form], input);
    }

    function handleOutcome(outcome, email, input, problem) {
      switch (outcome.result) {
        case "approved":
          finish(
            express({
              approved: true,
              show_form: true,
              authorization_token: outcome.authorization_token,
              finalize_required: false,
            }, outcome),
          );
          return;
        case "finalize_required":
          // Multistep Express: no token yet; the client_token resumes the authorization at finalize().
          finish(
            express({
              show_form: true,
              approved: true,
              finalize_required: true,
              client_token: outcome.client_token,
              payment_method_categories: outcome.payment_method_categories,
            }, outcome),
          );
          return;
        case "wrong_code":
          input.value = "";
          showError(problem, "That code is not right. Check it and try again.");
          input.focus();
          return;
        case "invalid_email":
          emailStep(email, "Enter a valid email address.");
          return;
        case "denied":
          decided = { approved: false, show_form: false };
          messageStep(
            "Your purchase can't be accepted",
            "Unfortunately Klarna can't accept this purchase right now. Please choose a different payment method to complete your purchase.",
          );
          return;
        default:
          decided = { approved: false, show_form: false };
          messageStep("Something went wrong", outcome.message || "This Klarna session is no longer available.");
      }
    }

    function express(result, outcome) {
      if (!options.express) return result;
      result.session_id = outcome.session_id;
      if (outcome.collected_shipping_address) result.collected_shipping_address = outcome.collected_shipping_address;
      return result;
    }

    function messageStep(title, text) {
      var icon = element("span", "klarna-sim-notice-icon", "!");
      icon.setAttribute("aria-hidden", "true");
      var back = element("button", "klarna-sim-primary", "Back to store");
      back.type = "button";
      back.addEventListener("click", cancel);
      setStep([icon, element("h2", "klarna-sim-heading", title), element("p", "klarna-sim-text", text), back], back);
    }

    close.addEventListener("click", cancel);
    document.addEventListener("keydown", onKeydown, true);
    document.documentElement.style.overflow = "hidden";
    document.body.appendChild(overlay);
    emit("fullscreenOverlayShown");
    emailStep(popup.email || "");
  }

  function startAuthorization(operation, rawOptions, rawData, rawCallback) {
    var args = normaliseArguments(rawOptions, rawData, rawCallback);
    requireInit(operation);
    var category = categoryOf(args.options);
    if (operation === "authorize" && !loaded[category]) {
      throw sdkError("ApplicationNotLoadedError", "authorize() was called before load() for " + category);
    }
    injectStyles();
    call("/kp/sdk/authorize", { payment_method_category: category, data: args.data }).then(
      function (answer) {
        if (answer.invalid_token) return respond(args.callback, { approved: false, show_form: false });
        if (!answer.ready) return respond(args.callback, answer.result);
        openPopup(answer.popup, { category: category }, args.callback);
      },
      function () {
        respond(args.callback, { approved: false, show_form: false, error: { message: "Klarna could not be reached" } });
      },
    );
  }

  function ordinaryFinalize(args) {
    var category = args.options && (args.options.payment_method_category || (args.options.payment_method_categories || [])[0]);
    if (!category) {
      return respond(args.callback, { approved: false, show_form: false, error: { message: "options.payment_method_category is required" } });
    }
    call("/kp/sdk/finalize", { payment_method_category: category }).then(
      function (answer) {
        respond(args.callback, answer.invalid_token ? { approved: false, show_form: false } : answer);
      },
      function () {
        respond(args.callback, { approved: false, show_form: false });
      },
    );
  }

  var Payments = {
    init: function (options) {
      var token = options && options.client_token;
      var payload = parseClientToken(token);
      session = { token: token, baseUrl: payload.base_url.replace(/\/+$/, ""), payload: payload };
      loaded = {};
    },

    load: function (rawOptions, rawData, rawCallback) {
      var args = normaliseArguments(rawOptions, rawData, rawCallback);
      if (!args.options) throw sdkError("ApplicationNotInitializedError", "load() needs options");
      requireInit("load");
      var container = resolveContainer(args.options.container);
      var category = categoryOf(args.options);
      injectStyles();
      renderLoading(container);
      call("/kp/sdk/load", { payment_method_category: category, data: args.data }).then(
        function (answer) {
          if (answer.invalid_token || !answer.show_form) {
            container.replaceChildren();
            delete loaded[category];
            var error = answer.invalid_token ? { message: "The client token was not accepted" } : answer.error;
            return respond(args.callback, { show_form: false, error: error });
          }
          loaded[category] = true;
          renderWidget(container, answer.widget);
          respond(args.callback, { show_form: true });
        },
        function () {
          container.replaceChildren();
          respond(args.callback, { show_form: false, error: { message: "Klarna could not be reached" } });
        },
      );
    },

    authorize: function (options, data, callback) {
      startAuthorization("authorize", options, data, callback);
    },

    reauthorize: function (options, data, callback) {
      startAuthorization("reauthorize", options, data, callback);
    },

    finalize: function (rawOptions, rawData, rawCallback) {
      var args = normaliseArguments(rawOptions, rawData, rawCallback);
      requireInit("finalize");
      // Multistep Express checkout finalizes with `finalize({}, orderPayload, callback)`: no category
      // (reference/klarna/express-checkout-notes.md, step 4).
      var express = call("/kp/sdk/express/finalize", { data: args.data || null });
      express.then(
        function (answer) {
          if (answer.invalid_token) return respond(args.callback, { approved: false, show_form: false });
          if (answer.handled) return respond(args.callback, answer.result);
          ordinaryFinalize(args);
        },
        function () {
          respond(args.callback, { approved: false, show_form: false });
        },
      );
    },

    on: function (eventName, handler) {
      if (["heightChanged", "fullscreenOverlayShown", "fullscreenOverlayHidden"].indexOf(eventName) === -1) {
        throw sdkError("EventNotSupportedError", eventName + " is not a supported event");
      }
      (handlers[eventName] = handlers[eventName] || []).push(handler);
    },

    off: function (eventName, handler) {
      if (!handler) delete handlers[eventName];
      else handlers[eventName] = (handlers[eventName] || []).filter(function (h) { return h !== handler; });
    },
  };

  // ---- Express checkout: Klarna.Payments.Buttons -------------------------------------------------------------
  // reference/klarna/express-checkout-notes.md: Buttons.init({ client_token }).load({ container, theme, shape, locale,
  // on_click }, load_callback) renders the button; on_click receives authorize(options, orderPayload, callback), which
  // also runs without a button as Buttons.init(...).authorize(...). theme: default | light | dark; shape: default |
  // rect | pill (anything else is the default). The simulator creates no session from a client_id: the store creates
  // it on the server and passes its client_token, which the pages also describe.

  var BUTTON_WORDS = { en: "Express checkout with", de: "Express-Kasse mit", sv: "Expresskassa med" };

  function expressAuthorize(rawOptions, rawData, rawCallback) {
    var args = normaliseArguments(rawOptions, rawData, rawCallback);
    var options = args.options || {};
    injectStyles();
    call("/kp/sdk/express/authorize", { data: args.data || null }).then(
      function (answer) {
        if (answer.invalid_token) return respond(args.callback, { approved: false, show_form: false });
        if (!answer.ready) return respond(args.callback, answer.result);
        openPopup(
          answer.popup,
          {
            category: answer.popup.identifier,
            express: {
              // auto_finalize defaults to true; collect_shipping_address to false.
              auto_finalize: options.auto_finalize !== false,
              collect_shipping_address: options.collect_shipping_address === true,
              address: answer.address,
            },
          },
          args.callback,
        );
      },
      function () {
        respond(args.callback, { approved: false, show_form: false, error: { message: "Klarna could not be reached" } });
      },
    );
  }

  function renderButton(container, options) {
    var theme = ["light", "dark"].indexOf(options.theme) === -1 ? "default" : options.theme;
    var shape = ["rect", "pill"].indexOf(options.shape) === -1 ? "default" : options.shape;
    var language = String(options.locale || navigator.language || "en").slice(0, 2).toLowerCase();
    var words = BUTTON_WORDS[language] || BUTTON_WORDS.en;
    var button = element("button", "klarna-sim-express klarna-sim-express--" + theme + " klarna-sim-express--" + shape);
    button.type = "button";
    button.setAttribute("aria-label", words + " Klarna");
    button.setAttribute("data-theme", theme);
    button.setAttribute("data-shape", shape);
    var text = element("span", "", words);
    text.setAttribute("aria-hidden", "true");
    button.appendChild(text);
    button.appendChild(badge());
    var busy = false;
    button.addEventListener("click", function () {
      // One authorization at a time: a second click while Klarna's popup is open does nothing.
      if (busy) return;
      busy = true;
      button.setAttribute("aria-disabled", "true");
      var settled = false;
      var authorize = function (authOptions, data, callback) {
        var args = normaliseArguments(authOptions, data, callback);
        expressAuthorize(args.options, args.data, function (result) {
          if (settled) return;
          settled = true;
          busy = false;
          button.removeAttribute("aria-disabled");
          respond(args.callback, result);
        });
      };
      try {
        options.on_click(authorize);
      } catch (error) {
        busy = false;
        button.removeAttribute("aria-disabled");
        throw error;
      }
    });
    container.replaceChildren(button);
    return button;
  }

  var Buttons = {
    init: function (initOptions) {
      if (!initOptions || typeof initOptions.client_token !== "string") {
        throw sdkError("InvalidClientTokenError", "The simulator's Express button needs the client_token of a session created on the server");
      }
      Payments.init({ client_token: initOptions.client_token });
      return {
        load: function (options, callback) {
          if (!options || typeof options.on_click !== "function") {
            throw sdkError("InvalidOptionsError", "options.on_click is required");
          }
          var container = resolveContainer(options.container);
          injectStyles();
          renderButton(container, options);
          respond(callback, { show_form: true });
        },
        authorize: function (options, data, callback) {
          expressAuthorize(options, data, callback);
        },
      };
    },
  };
  Payments.Buttons = Buttons;

  window.Klarna = window.Klarna || {};
  window.Klarna.Payments = Payments;
  // Pages that load the script asynchronously define this hook, as with Klarna's own script.
  if (typeof window.klarnaAsyncCallback === "function") window.klarnaAsyncCallback();

  // ---- Styles: one <style> block, every class prefixed klarna-sim- ------------------------------------------
  // The page's own CSS reaches these elements (there is no iframe), so rules are scoped under the widget or the
  // overlay to outrank a stylesheet's element and attribute selectors, and sizes and spacing are set explicitly.

  function injectStyles() {
    if (document.getElementById(STYLE_ID)) return;
    var IN = ":is(.klarna-sim-widget,.klarna-sim-overlay) ";
    var style = document.createElement("style");
    style.id = STYLE_ID;
    style.textContent = [
      ".klarna-sim-widget,.klarna-sim-overlay{font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif;color:#17120f;line-height:1.45;-webkit-font-smoothing:antialiased}",
      ".klarna-sim-widget *,.klarna-sim-overlay *{box-sizing:border-box}",
      ".klarna-sim-widget{background:#fff;border:1px solid #e8e3df;border-radius:16px;padding:16px;display:grid;gap:14px;max-width:100%}",
      ".klarna-sim-loading{display:flex;align-items:center;gap:10px;min-height:64px}",
      IN + ".klarna-sim-badge{display:inline-flex;align-items:center;background:#FFB3C7;color:#0b051d;font-weight:800;font-size:15px;letter-spacing:-.3px;border-radius:7px;padding:4px 9px;line-height:1.2;flex:none}",
      IN + ".klarna-sim-widget-header{display:flex;align-items:center;gap:12px}",
      IN + ".klarna-sim-titles{min-width:0}",
      IN + ".klarna-sim-title{margin:0;font-size:16px;font-weight:700;line-height:1.3}",
      IN + ".klarna-sim-subtitle{margin:0;font-size:14px;color:#5f5751}",
      IN + ".klarna-sim-muted{color:#6b625c;font-size:13px}",
      IN + ".klarna-sim-widget-body{background:#fdf6f8;border-radius:12px;padding:14px}",
      IN + ".klarna-sim-schedule{list-style:none;margin:0;padding:0;display:grid;gap:8px;text-align:center}",
      IN + ".klarna-sim-schedule-item{display:grid;justify-items:center;gap:4px;font-size:14px}",
      IN + ".klarna-sim-pie{width:22px;height:22px;border-radius:50%;border:2px solid #17120f;background:conic-gradient(#17120f var(--klarna-sim-fill),#fff 0)}",
      IN + ".klarna-sim-due{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px;font-size:15px}",
      IN + ".klarna-sim-footnote{margin:0;font-size:12px;color:#6b625c}",
      IN + ".klarna-sim-spinner{width:20px;height:20px;border-radius:50%;border:2.5px solid #f3d3dd;border-top-color:#17120f;animation:klarna-sim-spin .8s linear infinite;flex:none}",
      "@keyframes klarna-sim-spin{to{transform:rotate(360deg)}}",
      ".klarna-sim-overlay{position:fixed;inset:0;z-index:2147483000;background:rgba(23,18,15,.55);display:flex;align-items:center;justify-content:center;padding:16px;animation:klarna-sim-fade .15s ease-out}",
      "@keyframes klarna-sim-fade{from{opacity:0}}",
      ".klarna-sim-dialog{background:#fff;width:100%;max-width:440px;max-height:calc(100vh - 32px);overflow:auto;border-radius:22px;box-shadow:0 24px 64px rgba(0,0,0,.28)}",
      IN + ".klarna-sim-dialog-header{display:flex;align-items:center;justify-content:space-between;padding:16px 20px;border-bottom:1px solid #f1edea}",
      IN + ".klarna-sim-close{width:36px;height:36px;min-width:0;margin:0;padding:0;border:0;border-radius:50%;background:#f4f1ee;color:#17120f;display:inline-flex;align-items:center;justify-content:center;cursor:pointer;box-shadow:none}",
      IN + ".klarna-sim-close svg{width:14px;height:14px;flex:none}",
      IN + ".klarna-sim-close:hover{background:#ebe6e1}",
      IN + ".klarna-sim-summary{margin:16px 20px 0;padding:14px 16px;border-radius:14px;background:#fff0f4;display:grid;gap:2px}",
      IN + ".klarna-sim-amount{font-size:24px;font-weight:800;letter-spacing:-.4px}",
      IN + ".klarna-sim-category{font-size:14px;color:#4f4742}",
      IN + ".klarna-sim-step{padding:20px 20px 4px;display:grid;gap:14px}",
      IN + ".klarna-sim-form{display:grid;gap:14px}",
      IN + ".klarna-sim-heading{margin:0;font-size:20px;font-weight:800;letter-spacing:-.3px}",
      IN + ".klarna-sim-text{margin:0;color:#5f5751;font-size:15px}",
      IN + ".klarna-sim-field{display:grid;gap:6px}",
      IN + ".klarna-sim-label{font-size:14px;font-weight:600}",
      IN + ".klarna-sim-input{width:100%;height:50px;margin:0;border:1.5px solid #d6d0ca;border-radius:12px;padding:0 14px;font:inherit;font-size:16px;color:#17120f;background:#fff;box-shadow:none}",
      IN + ".klarna-sim-input:focus{outline:none;border-color:#17120f;box-shadow:0 0 0 3px #FFB3C7}",
      IN + "#klarna-sim-otp{letter-spacing:6px;font-variant-numeric:tabular-nums}",
      IN + ".klarna-sim-error{margin:0;padding:10px 12px;border-radius:10px;background:#fdecea;color:#a1251b;font-size:14px}",
      IN + ".klarna-sim-error[hidden]{display:none}",
      IN + ".klarna-sim-primary{width:100%;height:50px;margin:0;padding:0 20px;border:0;border-radius:999px;background:#17120f;color:#fff;font:inherit;font-size:16px;font-weight:700;line-height:1;text-transform:none;letter-spacing:normal;cursor:pointer;box-shadow:none}",
      IN + ".klarna-sim-primary:hover{background:#3a322d}",
      IN + ":is(.klarna-sim-primary,.klarna-sim-close,.klarna-sim-link):focus-visible{outline:3px solid #FFB3C7;outline-offset:2px}",
      IN + ".klarna-sim-primary[disabled]{opacity:.6;cursor:progress}",
      IN + ".klarna-sim-link{justify-self:center;margin:0;border:0;border-radius:6px;background:none;color:#17120f;font:inherit;font-size:14px;text-decoration:underline;cursor:pointer;padding:4px;box-shadow:none}",
      IN + ".klarna-sim-notice-icon{width:48px;height:48px;border-radius:50%;background:#FFB3C7;color:#17120f;font-weight:800;font-size:24px;display:inline-flex;align-items:center;justify-content:center}",
      IN + ".klarna-sim-legal{margin:0;padding:14px 20px 18px;text-align:center;font-size:12px;color:#6b625c}",
      ".klarna-sim-express{all:unset;box-sizing:border-box;width:100%;min-height:48px;display:inline-flex;align-items:center;justify-content:center;gap:8px;padding:0 20px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif;font-size:16px;font-weight:600;cursor:pointer;border-radius:8px;background:#0B051D;color:#fff;border:1px solid #0B051D}",
      ".klarna-sim-express--light{background:#fff;color:#0B051D;border-color:#0B051D}",
      ".klarna-sim-express--rect{border-radius:0}.klarna-sim-express--pill{border-radius:999px}",
      ".klarna-sim-express:hover{filter:brightness(1.15)}.klarna-sim-express[aria-disabled=true]{opacity:.6;cursor:progress}",
      ".klarna-sim-express:focus-visible{outline:3px solid #FFB3C7;outline-offset:2px}",
      ".klarna-sim-express .klarna-sim-badge{background:#FFB3C7;color:#0B051D;border-radius:6px;padding:2px 8px;font-weight:800}",
      "@media (max-width:480px){.klarna-sim-overlay{align-items:flex-end;padding:0}.klarna-sim-dialog{max-width:none;border-radius:22px 22px 0 0;max-height:92vh}}",
    ].join("\n");
    document.head.appendChild(style);
  }
})();
