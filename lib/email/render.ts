/**
 * Renders a shopper email as HTML and plain text from the order the store keeps. The store speaks English in every
 * market (lib/pricing/markets.ts), so emails are English; money is formatted in the order's currency the way its
 * market reads it ("1 234,00 kr", "12,50 €"), never as minor units.
 */
import type { AddressRead, OrderLineRead, ShippingInfo } from "@/lib/klarna/types";
import { getMarket } from "@/lib/pricing/markets";
import { formatMoney } from "@/lib/pricing/money";
import type { EmailKind } from "./events";

export interface EmailOrder {
  orderNumber: string;
  market: string;
  currency: string;
  orderAmount: number;
  orderTaxAmount: number;
  lines: OrderLineRead[];
  billingAddress: AddressRead | null;
  shippingAddress: AddressRead | null;
  paymentMethod: string | null;
  cancelReason?: string | null;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface RenderContext {
  storeName: string;
  /** The order page (signed or the order's own link); absent, the email says to use "find my order". */
  orderUrl: string | null;
  /** How long a lookup link lasts, in words, for the order_link email. */
  linkValidFor?: string;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Only web addresses become links; anything else a merchant typed is shown as text. */
const safeUrl = (value: string | null | undefined) => (value && /^https?:\/\//i.test(value) ? value : null);

const countryNames = new Intl.DisplayNames(["en"], { type: "region" });

/** "DE" → "Germany"; anything that is not a region code is shown as given. */
function countryName(code: string | null | undefined): string | null | undefined {
  if (!code || !/^[A-Za-z]{2}$/.test(code)) return code;
  try {
    return countryNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** Goods show their quantity; a discount, a shipping fee or sales tax is one amount, shown by its name. */
function lineLabel(line: OrderLineRead): string {
  const goods = !line.type || line.type === "physical" || line.type === "digital";
  return goods ? `${line.quantity} × ${line.name}` : line.name;
}

function addressLines(address: AddressRead | null): string[] {
  if (!address) return [];
  const name = [address.given_name, address.family_name].filter(Boolean).join(" ");
  const cityLine = [address.postal_code, address.city].filter(Boolean).join(" ");
  return [address.organization_name, name, address.street_address, address.street_address2, cityLine, address.region, countryName(address.country)]
    .filter((part): part is string => Boolean(part && part.trim()));
}

function greetingName(order: EmailOrder): string {
  return order.billingAddress?.given_name ?? order.shippingAddress?.given_name ?? "";
}

interface Section {
  heading: string;
  intro: string[];
  showLines: boolean;
  extra?: { label: string; value: string; href?: string | null }[];
}

function sectionFor(kind: EmailKind, order: EmailOrder, payload: Record<string, unknown>, money: (n: number) => string, ctx: RenderContext): Section & { subject: string } {
  const number = order.orderNumber;
  switch (kind) {
    case "confirmation":
      return {
        subject: `Order ${number} confirmed`,
        heading: "Thank you for your order",
        intro: [`We have received order ${number} and are getting it ready. We will email you again when it ships.`],
        showLines: true,
      };
    case "shipping": {
      const info = (payload.shippingInfo ?? null) as ShippingInfo | null;
      const extra: Section["extra"] = [];
      if (info?.shipping_company) extra.push({ label: "Carrier", value: info.shipping_company });
      if (info?.tracking_number || info?.tracking_uri) {
        extra.push({ label: "Tracking", value: info.tracking_number ?? "Track your parcel", href: safeUrl(info.tracking_uri) });
      }
      return {
        subject: `Order ${number} has shipped`,
        heading: "Your order is on its way",
        intro: [`Order ${number} has left our warehouse.`],
        showLines: true,
        extra,
      };
    }
    case "refund": {
      const amount = typeof payload.amount === "number" ? payload.amount : null;
      return {
        subject: `Refund for order ${number}`,
        heading: "We have refunded you",
        intro: [
          amount !== null
            ? `We have refunded ${money(amount)} for order ${number}. Klarna will update your payment within a few days.`
            : `We have made a refund for order ${number}. Klarna will update your payment within a few days.`,
        ],
        showLines: false,
      };
    }
    case "cancellation":
      return {
        subject: `Order ${number} cancelled`,
        heading: "Your order has been cancelled",
        intro: [`Order ${number} has been cancelled and you will not be charged for it.`],
        showLines: true,
      };
    case "order_link":
      return {
        subject: `Your link to order ${number}`,
        heading: "Here is your order",
        intro: [
          `Someone asked for a link to order ${number} with this email address. Open it below${ctx.linkValidFor ? `; it works for ${ctx.linkValidFor}` : ""}.`,
          "If that was not you, you can ignore this email.",
        ],
        showLines: false,
      };
  }
}

export function renderEmail(kind: EmailKind, order: EmailOrder, payload: Record<string, unknown>, ctx: RenderContext): RenderedEmail {
  const locale = getMarket(order.market).formatLocale;
  const money = (n: number) => formatMoney(n, order.currency, locale);
  const section = sectionFor(kind, order, payload, money, ctx);
  const name = greetingName(order);
  const greeting = name ? `Hi ${name},` : "Hello,";
  const shipping = addressLines(order.shippingAddress ?? order.billingAddress);
  const billing = addressLines(order.billingAddress);
  const details: { label: string; value: string; href?: string | null }[] = [
    ...(section.extra ?? []),
    { label: "Order number", value: order.orderNumber },
    ...(section.showLines ? [{ label: "Payment", value: order.paymentMethod ?? "Klarna" }] : []),
  ];
  const linkLabel = kind === "order_link" ? "Open your order" : "View your order";

  // Plain text.
  const text: string[] = [greeting, "", ...section.intro, ""];
  for (const d of details) text.push(`${d.label}: ${d.value}${d.href && d.href !== d.value ? ` (${d.href})` : ""}`);
  if (section.showLines) {
    text.push("", "Items:");
    for (const line of order.lines) text.push(`  ${lineLabel(line)}  ${money(line.total_amount)}`);
    text.push(`Total: ${money(order.orderAmount)} (tax ${money(order.orderTaxAmount)})`);
    if (shipping.length) text.push("", "Delivery address:", ...shipping.map((l) => `  ${l}`));
    if (billing.length) text.push("", "Billing address:", ...billing.map((l) => `  ${l}`));
  }
  if (ctx.orderUrl) text.push("", `${linkLabel}: ${ctx.orderUrl}`);
  text.push("", `— ${ctx.storeName}`);

  // HTML: one table column, inline styles (mail clients drop <style>), readable at 390 px.
  const td = 'style="padding:6px 0;border-bottom:1px solid #e5e5e5;vertical-align:top"';
  const rows = order.lines
    .map(
      (line) =>
        `<tr><td ${td}>${escapeHtml(lineLabel(line))}</td><td ${td} align="right" style="padding:6px 0;border-bottom:1px solid #e5e5e5;text-align:right;white-space:nowrap">${escapeHtml(money(line.total_amount))}</td></tr>`,
    )
    .join("");
  const detailHtml = details
    .map((d) => {
      const value = d.href ? `<a href="${escapeHtml(d.href)}" style="color:#0b57d0">${escapeHtml(d.value)}</a>` : escapeHtml(d.value);
      return `<tr><th scope="row" align="left" style="padding:4px 12px 4px 0;font-weight:600;vertical-align:top">${escapeHtml(d.label)}</th><td style="padding:4px 0">${value}</td></tr>`;
    })
    .join("");
  const addressHtml = (title: string, lines: string[]) =>
    lines.length
      ? `<div style="display:inline-block;vertical-align:top;min-width:200px;margin:0 24px 12px 0"><h3 style="font-size:14px;margin:0 0 4px">${title}</h3><p style="margin:0;line-height:1.5">${lines.map(escapeHtml).join("<br>")}</p></div>`
      : "";
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(section.subject)}</title></head>
<body style="margin:0;background:#f4f4f2;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1a1a1a">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f2"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px"><tr><td style="padding:24px">
<p style="margin:0 0 16px;font-weight:700;font-size:18px">${escapeHtml(ctx.storeName)}</p>
<h1 style="font-size:22px;margin:0 0 12px">${escapeHtml(section.heading)}</h1>
<p style="margin:0 0 12px">${escapeHtml(greeting)}</p>
${section.intro.map((p) => `<p style="margin:0 0 12px;line-height:1.5">${escapeHtml(p)}</p>`).join("\n")}
<table role="presentation" style="margin:12px 0;border-collapse:collapse">${detailHtml}</table>
${
  section.showLines
    ? `<table role="table" width="100%" style="border-collapse:collapse;margin:12px 0"><caption style="text-align:left;font-weight:600;padding-bottom:4px">Items</caption>${rows}
<tr><td style="padding:8px 0;font-weight:700">Total</td><td style="padding:8px 0;font-weight:700;text-align:right;white-space:nowrap">${escapeHtml(money(order.orderAmount))}</td></tr>
<tr><td style="padding:0;color:#555;font-size:13px">Of which tax</td><td style="padding:0;color:#555;font-size:13px;text-align:right;white-space:nowrap">${escapeHtml(money(order.orderTaxAmount))}</td></tr></table>
<div style="margin-top:16px">${addressHtml("Delivery address", shipping)}${addressHtml("Billing address", billing)}</div>`
    : ""
}
${ctx.orderUrl ? `<p style="margin:20px 0"><a href="${escapeHtml(ctx.orderUrl)}" style="display:inline-block;background:#1a1a1a;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px">${linkLabel}</a></p>` : ""}
<p style="margin:24px 0 0;color:#555;font-size:13px">${escapeHtml(ctx.storeName)}</p>
</td></tr></table></td></tr></table></body></html>`;
  return { subject: section.subject, html, text: text.join("\n") };
}
