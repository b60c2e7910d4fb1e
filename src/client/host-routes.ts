// Routes of the reference server for the host's own back office: not BillingClient methods (no widget calls them), in openapi.json beside ROUTES.
import * as z from 'zod/mini';
import type { RouteSpec } from './routes.js';
import { TopUpSchema } from './schemas.js';

/** A top-up whose charge may or may not have gone through, which the server could no longer settle itself. */
export const UnresolvedTopUpSchema = z.object({
  /** As the widgets see it: status "processing". */
  topUp: TopUpSchema,
  /** When the recovery sweep gave up replaying the charge (23 hours after it started, inside Stripe's 24-hour idempotency window). */
  unresolvedSince: z.iso.datetime({ offset: true }),
  /** Look the payment up at the processor by this: on Stripe, PaymentIntent metadata.idempotency_key. */
  processorIdempotencyKey: z.nullable(z.string()),
  /** The processor's payment id, when its answer arrived (usually null: that answer is what was lost). */
  providerPaymentId: z.nullable(z.string()),
});
export type UnresolvedTopUp = z.infer<typeof UnresolvedTopUpSchema>;

export const HOST_ROUTES = {
  listUnresolvedTopUps: {
    operation: 'listUnresolvedTopUps',
    method: 'GET',
    path: '/v1/top-ups',
    status: 200,
    idempotent: true,
    rateLimited: false,
    query: z.object({ status: z.literal('unresolved') }),
    response: z.object({ topUps: z.array(UnresolvedTopUpSchema) }),
  },
} as const satisfies Record<string, RouteSpec>;
