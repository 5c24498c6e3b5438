import { z } from "zod";

/** `[id]` and `[deliveryId]` segments of the profile's webhook routes. */
export const webhookIdParamsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
export const webhookDeliveryParamsSchema = webhookIdParamsSchema.extend({
  deliveryId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
});

export const WEBHOOK_NOT_FOUND = { code: "not_found", message: "This webhook endpoint does not exist." } as const;
