import { z } from "zod";
import { addressSchema, orderLineSchema, subscriptionReadSchema, type Address, type OrderLine } from "@/lib/klarna/types";
import { checkedKey, segment, type Idempotent, type KlarnaWire } from "./wire";

/*
 * Order Management's calls for changing an order before (and around) delivery, on Klarna's or Kustom's wire. Every
 * method, path, body and answer below is the operation's in reference/klarna/ordermanagement-v1.openapi.json; Kustom
 * serves the same API at its own host (reference/kustom/notes.md §1). Each is spread into `orders` (client.ts).
 */

/** Update_authorization (updateAuthorization's body): order_amount is required; lines replace the order's lines. */
export const updateAuthorizationSchema = z.object({
  /** "The new total order amount. Minor units." minimum 0, maximum 100000000. */
  order_amount: z.number().int().min(0).max(100_000_000),
  /** "Description of the change.", at most 255 characters. */
  description: z.string().max(255).optional(),
  /** "New set of order lines for the order.", at most 1000. */
  // Lines as Klarna reported them are sent back, so a line's `subscription` may be the partial object its examples show.
  order_lines: z.array(orderLineSchema.extend({ subscription: subscriptionReadSchema.optional() })).max(1000).optional(),
});
export type UpdateAuthorization = z.infer<typeof updateAuthorizationSchema>;

/** UpdateConsumer (updateConsumerDetails' body): either address, in the spec's `address` shape. */
export const updateCustomerDetailsSchema = z.object({
  shipping_address: addressSchema.optional(),
  billing_address: addressSchema.optional(),
});
export type UpdateCustomerDetails = { shipping_address?: Address; billing_address?: Address };

/** ExtendDueDateOptions (getOptionsForExtendDueDate's 200): both properties are optional in the spec. */
export const dueDateOptionsSchema = z.object({
  currency: z.string().optional(),
  /** OptionDto: number_of_days (int32) and amount, the merchant's fee in minor units (int64). */
  options: z
    .array(z.object({ number_of_days: z.number().int(), amount: z.number().int().optional() }))
    .optional()
    .transform((options) => options ?? []),
});
export type DueDateOptions = z.infer<typeof dueDateOptionsSchema>;

export function orderEditsApi(wire: KlarnaWire) {
  const { readJson, noContent } = wire;
  return {
    /**
     * PATCH /ordermanagement/v1/orders/{order_id}/authorization (updateAuthorization): 204 when Klarna accepts the
     * new amount and lines; 403 NOT_ALLOWED ("Decision is based on order state and outcome of risk assessment")
     * when it refuses, for example an increase its risk assessment declines.
     */
    async updateAuthorization(orderId: string, request: UpdateAuthorization, options: Idempotent): Promise<void> {
      return noContent({
        operation: "orders.updateAuthorization",
        method: "PATCH",
        path: `${orderPath(orderId)}/authorization`,
        body: updateAuthorizationSchema.parse(request),
        idempotencyKey: checkedKey(options.idempotencyKey),
      });
    },

    /**
     * PATCH /ordermanagement/v1/orders/{order_id}/customer-details (updateConsumerDetails): 204, or 403 NOT_ALLOWED
     * by order state and risk assessment ("Billing address cannot be updated for Klarna User Account orders").
     */
    async updateCustomerDetails(orderId: string, details: UpdateCustomerDetails, options: Idempotent): Promise<void> {
      return noContent({
        operation: "orders.updateCustomerDetails",
        method: "PATCH",
        path: `${orderPath(orderId)}/customer-details`,
        body: updateCustomerDetailsSchema.parse(details),
        idempotencyKey: checkedKey(options.idempotencyKey),
      });
    },

    /**
     * GET /ordermanagement/v1/orders/{order_id}/captures/{capture_id}/extend-due-date-options
     * (getOptionsForExtendDueDate): 200 with the options and their fees, 404 for an unknown order or capture.
     */
    async dueDateOptions(orderId: string, captureId: string): Promise<DueDateOptions> {
      return readJson(
        {
          operation: "orders.dueDateOptions",
          method: "GET",
          path: `${orderPath(orderId)}/captures/${segment(captureId)}/extend-due-date-options`,
        },
        dueDateOptionsSchema,
      );
    },

    /**
     * PATCH /ordermanagement/v1/orders/{order_id}/captures/{capture_id}/extend-due-date (extendDueDate), body
     * ExtendDueDateRequest { number_of_days } (required): 204, 403 "Extension of due date is not possible", 404.
     */
    async extendDueDate(orderId: string, captureId: string, numberOfDays: number, options: Idempotent): Promise<void> {
      if (!Number.isInteger(numberOfDays) || numberOfDays < 1) {
        throw new TypeError(`number_of_days must be a positive whole number of days, got ${numberOfDays}`);
      }
      return noContent({
        operation: "orders.extendDueDate",
        method: "PATCH",
        path: `${orderPath(orderId)}/captures/${segment(captureId)}/extend-due-date`,
        body: { number_of_days: numberOfDays },
        idempotencyKey: checkedKey(options.idempotencyKey),
      });
    },

    /**
     * POST /ordermanagement/v1/orders/{order_id}/captures/{capture_id}/trigger-send-out (triggerSendOut), no body:
     * 204 "Send out was triggered", 403 "Order has no captures.", 404 NO_SUCH_CAPTURE.
     */
    async triggerSendOut(orderId: string, captureId: string, options: Idempotent): Promise<void> {
      return noContent({
        operation: "orders.triggerSendOut",
        method: "POST",
        path: `${orderPath(orderId)}/captures/${segment(captureId)}/trigger-send-out`,
        idempotencyKey: checkedKey(options.idempotencyKey),
      });
    },
  };
}

export type OrderEditsApi = ReturnType<typeof orderEditsApi>;
export type { OrderLine };

function orderPath(orderId: string): string {
  return `/ordermanagement/v1/orders/${segment(orderId)}`;
}
