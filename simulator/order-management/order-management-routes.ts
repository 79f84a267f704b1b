import type { Hono, MiddlewareHandler } from "hono";
import type { Core } from "../core";
import type { OrderApi } from "../records";
import {
  acknowledgeOrder,
  appendCaptureShippingInfo,
  appendOrderShippingInfo,
  cancelOrder,
  captureOrder,
  extendAuthorizationTime,
  extendDueDate,
  extendDueDateOptions,
  findOrder,
  noSuchOrder,
  getCapture,
  getRefund,
  listCaptures,
  orderView,
  refundOrder,
  releaseRemainingAuthorization,
  triggerSendOut,
  updateAuthorization,
  updateCustomerDetails,
  updateMerchantReferences,
} from "./order-management";
import { idempotency, methodNotAllowed, orderManagementFaults, readJson } from "../routes/http";

const ORDER = "/ordermanagement/v1/orders/:id";

/** Which API serves this copy of Order Management: its orders, its credentials and its base path. */
export interface OrderManagementScope {
  api: OrderApi;
  auth: MiddlewareHandler;
  /** Path prefix of the base URL it is mounted under ("" for Klarna's root, "/kustom" for Kustom's). */
  basePath: string;
}

/**
 * Order Management API v1 (ordermanagement-v1.openapi.json). Kustom runs the same API for Kustom Checkout orders
 * (reference/kustom/notes.md §1), so it is mounted once per base URL; an order is visible only at its own.
 */
export function orderManagementRoutes(app: Hono, core: Core, scope: OrderManagementScope): void {
  const ownOrdersOnly: MiddlewareHandler = async (c, next) => {
    const id = c.req.param("id") ?? "";
    const order = core.klarna.getOrder(id);
    if (order && (order.api ?? "klarna") !== scope.api) throw noSuchOrder(id);
    return next();
  };
  app.use("/ordermanagement/*", scope.auth);
  app.use(ORDER, ownOrdersOnly);
  app.use(`${ORDER}/*`, ownOrdersOnly);
  app.use("/ordermanagement/*", orderManagementFaults(core), idempotency(core, scope.api));

  const noContent = (action: () => void) => {
    action();
    return new Response(null, { status: 204 });
  };
  const orderUrl = (id: string) => `${core.config.publicUrl}${scope.basePath}/ordermanagement/v1/orders/${id}`;

  app.get(ORDER, (c) => c.json(orderView(findOrder(core, c.req.param("id")), core.clock.now())));
  app.post(`${ORDER}/acknowledge`, (c) => noContent(() => acknowledgeOrder(core, c.req.param("id"))));
  app.post(`${ORDER}/cancel`, (c) => noContent(() => cancelOrder(core, c.req.param("id"))));
  app.post(`${ORDER}/release-remaining-authorization`, (c) =>
    noContent(() => releaseRemainingAuthorization(core, c.req.param("id"))),
  );
  app.post(`${ORDER}/extend-authorization-time`, (c) => noContent(() => extendAuthorizationTime(core, c.req.param("id"))));
  app.patch(`${ORDER}/merchant-references`, async (c) => {
    const body = await readJson(c);
    return noContent(() => updateMerchantReferences(core, c.req.param("id"), body));
  });
  app.patch(`${ORDER}/customer-details`, async (c) => {
    const body = await readJson(c);
    return noContent(() => updateCustomerDetails(core, c.req.param("id"), body));
  });
  app.patch(`${ORDER}/authorization`, async (c) => {
    const body = await readJson(c);
    return noContent(() => updateAuthorization(core, c.req.param("id"), body));
  });
  app.post(`${ORDER}/shipping-info`, async (c) => {
    const body = await readJson(c);
    return noContent(() => appendOrderShippingInfo(core, c.req.param("id"), body));
  });

  app.post(`${ORDER}/captures`, async (c) => {
    const id = c.req.param("id");
    const capture = captureOrder(core, id, await readJson(c));
    c.header("Location", `${orderUrl(id)}/captures/${capture.capture_id}`);
    c.header("Capture-Id", capture.capture_id);
    return c.body(null, 201);
  });
  app.get(`${ORDER}/captures`, (c) => c.json(listCaptures(core, c.req.param("id"))));
  app.get(`${ORDER}/captures/:captureId`, (c) => c.json(getCapture(core, c.req.param("id"), c.req.param("captureId"))));
  app.post(`${ORDER}/captures/:captureId/shipping-info`, async (c) => {
    const body = await readJson(c);
    return noContent(() => appendCaptureShippingInfo(core, c.req.param("id"), c.req.param("captureId"), body));
  });
  app.post(`${ORDER}/captures/:captureId/trigger-send-out`, (c) =>
    noContent(() => triggerSendOut(core, c.req.param("id"), c.req.param("captureId"))),
  );
  app.get(`${ORDER}/captures/:captureId/extend-due-date-options`, (c) =>
    c.json(extendDueDateOptions(core, c.req.param("id"), c.req.param("captureId"))),
  );
  app.patch(`${ORDER}/captures/:captureId/extend-due-date`, async (c) => {
    const body = await readJson(c);
    return noContent(() => extendDueDate(core, c.req.param("id"), c.req.param("captureId"), body));
  });

  app.post(`${ORDER}/refunds`, async (c) => {
    const id = c.req.param("id");
    const refund = refundOrder(core, id, await readJson(c));
    c.header("Location", `${orderUrl(id)}/refunds/${refund.refund_id}`);
    c.header("Refund-Id", refund.refund_id);
    return c.body(null, 201);
  });
  app.get(`${ORDER}/refunds/:refundId`, (c) => c.json(getRefund(core, c.req.param("id"), c.req.param("refundId"))));

  const allowed: [string, string[]][] = [
    [ORDER, ["GET"]],
    [`${ORDER}/acknowledge`, ["POST"]],
    [`${ORDER}/cancel`, ["POST"]],
    [`${ORDER}/release-remaining-authorization`, ["POST"]],
    [`${ORDER}/extend-authorization-time`, ["POST"]],
    [`${ORDER}/merchant-references`, ["PATCH"]],
    [`${ORDER}/customer-details`, ["PATCH"]],
    [`${ORDER}/authorization`, ["PATCH"]],
    [`${ORDER}/shipping-info`, ["POST"]],
    [`${ORDER}/captures`, ["GET", "POST"]],
    [`${ORDER}/captures/:captureId`, ["GET"]],
    [`${ORDER}/captures/:captureId/shipping-info`, ["POST"]],
    [`${ORDER}/captures/:captureId/trigger-send-out`, ["POST"]],
    [`${ORDER}/captures/:captureId/extend-due-date-options`, ["GET"]],
    [`${ORDER}/captures/:captureId/extend-due-date`, ["PATCH"]],
    [`${ORDER}/refunds`, ["POST"]],
    [`${ORDER}/refunds/:refundId`, ["GET"]],
  ];
  for (const [path, methods] of allowed) app.all(path, methodNotAllowed(methods));
}
