// The zod half of the client (zod/mini, the response schemas, the route table with its schemas), loaded with
// import() by load-validator.ts on the first request rather than with the page.
import { checkResponse } from './response-check.js';
import { ErrorBodySchema, ROUTES } from './routes.js';
import { AutoRechargeSettingsSchema, BillingChangeSchema, type AutoRechargeSettings } from './schemas.js';
import { provideValidator } from './validator-slot.js';

export { BillingChangeSchema, ErrorBodySchema, ROUTES };

/** Settings sent beside an error (a conflict's `details.current`) when the schema accepts them; undefined otherwise. */
export function readAutoRechargeSettings(value: unknown): AutoRechargeSettings | undefined {
  const parsed = checkResponse(AutoRechargeSettingsSchema, value);
  return parsed.success ? parsed.data : undefined;
}

provideValidator({ BillingChangeSchema, ErrorBodySchema, ROUTES, readAutoRechargeSettings });
