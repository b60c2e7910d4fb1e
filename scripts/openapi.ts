// `npm run openapi`: writes openapi.json (OpenAPI 3.1) from the route table and zod schemas; `-- --check` fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { registry, toJSONSchema, type $ZodType } from 'zod/v4/core';
import { BILLING_ERROR_CODES } from '../src/client/errors.js';
import { ERROR_STATUS, ErrorBodySchema, EVENTS_PATH, IDEMPOTENCY_HEADER, ROUTES, type RouteSpec } from '../src/client/routes.js';
import { HOST_ROUTES } from '../src/client/host-routes.js';
import { SERVICE_ROUTES } from '../src/client/service-routes.js';
import * as schemas from '../src/client/schemas.js';
import { OPERATION_DOCS, SUBSCRIBE_OPERATION, TAGS, type OperationDocs } from './openapi-docs.js';

type JsonObject = { [key: string]: JsonValue };
type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OPENAPI_PATH = join(ROOT, 'openapi.json');

const SCHEMA_REF = (name: string): string => `#/components/schemas/${name}`;

/** Every exported `…Schema` of schemas.ts (and ErrorBody) becomes a named component: AccountSchema → Account. */
function namedSchemas(): Array<[string, $ZodType]> {
  const named: Array<[string, $ZodType]> = [];
  for (const [exportName, value] of Object.entries(schemas)) {
    if (!exportName.endsWith('Schema') || typeof value !== 'object' || !('_zod' in value)) continue;
    named.push([exportName.slice(0, -'Schema'.length), value]);
  }
  named.push(['ErrorBody', ErrorBodySchema]);
  return named.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Components from zod's own JSON Schema output. Schemas a client sends (bodies, queries and what
 * nests in them) are emitted as input, so unknown keys stay allowed as zod's strip parsing allows
 * them; everything else as output. `unrepresentable: 'any'` keeps a custom check or transform
 * from failing the build; refinements (e.g. "every amount in the account currency") are simply
 * not expressible and are left to the prose.
 */
export function buildComponentSchemas(routes: Record<string, RouteSpec> = { ...ROUTES, ...HOST_ROUTES, ...SERVICE_ROUTES }): {
  schemas: Record<string, JsonObject>;
  names: Map<unknown, string>;
} {
  const named = namedSchemas();
  const names = new Map<unknown, string>(named.map(([name, schema]) => [schema, name]));
  // Ad-hoc schemas in a route (not exported from schemas.ts) get the operation's name.
  for (const route of Object.values(routes)) {
    const suffixes = [
      ['body', 'Request'],
      ['query', 'Query'],
      ['response', 'Response'],
    ] as const;
    for (const [part, suffix] of suffixes) {
      const schema = route[part];
      if (schema && !names.has(schema)) {
        const name = `${route.operation[0]?.toUpperCase()}${route.operation.slice(1)}${suffix}`;
        names.set(schema, name);
        named.push([name, schema]);
      }
    }
  }
  const sent = new Set<unknown>();
  for (const route of Object.values(routes)) {
    if (route.body) sent.add(route.body);
    if (route.query) sent.add(route.query);
  }
  sent.add(schemas.TopUpPaymentSourceSchema);

  const input = registry<{ id: string }>();
  const output = registry<{ id: string }>();
  for (const [name, schema] of named) (sent.has(schema) ? input : output).add(schema, { id: name });

  const emitted: Record<string, JsonObject> = {};
  for (const [set, io] of [
    [input, 'input'],
    [output, 'output'],
  ] as const) {
    const result = toJSONSchema(set, { io, uri: SCHEMA_REF, unrepresentable: 'any', target: 'draft-2020-12' });
    for (const [name, jsonSchema] of Object.entries(result.schemas)) {
      const { $schema: _schema, $id: _id, ...rest } = jsonSchema as Record<string, unknown>;
      emitted[name] = rest as JsonObject;
    }
  }
  return { schemas: emitted, names };
}

/** Hono-style `/v1/top-ups/:topUpId` → OpenAPI `/v1/top-ups/{topUpId}`. */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] ?? '');
}

/** An operation's tag, summary and description from OPERATION_DOCS; an operation without them fails the build. */
function docsOf(operation: string, docs: Readonly<Record<string, OperationDocs>>): OperationDocs {
  const found = Object.hasOwn(docs, operation) ? docs[operation] : undefined;
  if (!found) throw new Error(`${operation}: no tag, summary and description in OPERATION_DOCS (scripts/openapi-docs.ts)`);
  if (!TAGS.some((tag) => tag.name === found.tag)) throw new Error(`${operation}: tag ${found.tag} is not in TAGS`);
  return found;
}

/** Every `$ref` under `node`. */
function collectRefs(node: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, found);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.add(value);
      else collectRefs(value, found);
    }
  }
  return found;
}

/**
 * The component schemas reachable from the rest of the document. A query schema is written out as
 * query parameters, so its own component would be unused; it is left out, as is any schema no
 * route reaches.
 */
function referencedSchemas(document: JsonObject, componentSchemas: Record<string, JsonObject>): Record<string, JsonObject> {
  const { components, ...outside } = document;
  const { schemas: _schemas, ...otherComponents } = (components ?? {}) as JsonObject;
  const pending = [...collectRefs([outside, otherComponents])];
  const kept = new Set<string>();
  while (pending.length > 0) {
    const ref = pending.pop() ?? '';
    const name = ref.startsWith(SCHEMA_REF('')) ? ref.slice(SCHEMA_REF('').length) : null;
    if (name === null || kept.has(name)) continue;
    const schema = componentSchemas[name];
    if (!schema) throw new Error(`${ref} does not name an emitted schema`);
    kept.add(name);
    pending.push(...collectRefs(schema));
  }
  return Object.fromEntries(Object.entries(componentSchemas).filter(([name]) => kept.has(name)));
}

/** Query parameters from the query schema's JSON Schema; null is dropped (absent keys are simply not sent). */
function queryParameters(schema: JsonObject): JsonObject[] {
  const properties = (schema['properties'] ?? {}) as Record<string, JsonObject>;
  const required = new Set((schema['required'] ?? []) as string[]);
  return Object.keys(properties)
    .sort()
    .map((name) => {
      let property = properties[name] ?? {};
      const anyOf = property['anyOf'];
      if (Array.isArray(anyOf)) {
        const nonNull = anyOf.filter(
          (branch) => !(typeof branch === 'object' && branch !== null && (branch as JsonObject)['type'] === 'null'),
        );
        if (nonNull.length === 1 && nonNull[0]) property = nonNull[0] as JsonObject;
      }
      return { name, in: 'query', required: required.has(name), schema: property };
    });
}

interface ErrorResponseSpec {
  name: string;
  code: (typeof BILLING_ERROR_CODES)[number];
  description: string;
  retryAfter?: boolean;
}

const ERROR_RESPONSES: ErrorResponseSpec[] = [
  {
    name: 'ValidationFailed',
    code: 'validation',
    description: 'The request was not accepted; details.fieldErrors maps each field to a message.',
  },
  { name: 'Unauthorized', code: 'unauthorized', description: 'Missing, expired or invalid bearer token.' },
  { name: 'Forbidden', code: 'forbidden', description: 'The token may not manage billing for this account.' },
  { name: 'NotFound', code: 'not_found', description: 'No such record on this account.' },
  {
    name: 'Conflict',
    code: 'conflict',
    description:
      'A stale expectedVersion (details.current holds the newer AutoRechargeSettings), or an Idempotency-Key reused for a different payment.',
  },
  {
    name: 'CardDeclined',
    code: 'card_declined',
    description:
      'The card was refused while saving it (details.declineCode). Top-up declines are a TopUp with status "failed", not this error.',
  },
  { name: 'RateLimited', code: 'rate_limited', description: 'Too many requests; wait for Retry-After.', retryAfter: true },
  {
    name: 'Unavailable',
    code: 'unavailable',
    description: 'Temporarily unavailable; safe requests may be retried after Retry-After.',
    retryAfter: true,
  },
  { name: 'ServerError', code: 'unknown', description: 'An unexpected server error.' },
];

function errorResponseRef(code: ErrorResponseSpec['code']): [string, JsonObject] {
  const spec = ERROR_RESPONSES.find((candidate) => candidate.code === code);
  if (!spec) throw new Error(`no error response for ${code}`);
  return [String(ERROR_STATUS[code]), { $ref: `#/components/responses/${spec.name}` }];
}

function operationErrors(route: RouteSpec): Array<ErrorResponseSpec['code']> {
  // A service key is all or nothing: there is no account it could be forbidden.
  const codes: Array<ErrorResponseSpec['code']> = isServiceRoute(route) ? ['unauthorized'] : ['unauthorized', 'forbidden'];
  if (route.body || route.query || pathParams(route.path).length > 0) codes.push('validation');
  if (pathParams(route.path).length > 0) codes.push('not_found');
  if (route.operation === 'saveAutoRecharge' || route.operation === 'createTopUp') codes.push('conflict');
  if (route.operation === 'addPaymentMethod') codes.push('card_declined');
  // 429 only where the server really limits: ROUTES says which routes those are.
  if (route.rateLimited) codes.push('rate_limited');
  codes.push('unknown', 'unavailable');
  return codes;
}

/** Server-to-server routes (SERVICE_ROUTES): sent with a service key, not the account's bearer token. */
function isServiceRoute(route: RouteSpec): boolean {
  return 'auth' in route && route.auth === 'service';
}

/** The BillingClient's routes and the reference server's routes for the host (HOST_ROUTES) and for services (SERVICE_ROUTES), documented together. */
export const DOCUMENTED_ROUTES: Record<string, RouteSpec> = { ...ROUTES, ...HOST_ROUTES, ...SERVICE_ROUTES };

/**
 * The whole OpenAPI 3.1 document for a route table (DOCUMENTED_ROUTES unless a test passes its own)
 * and the prose for its operations (OPERATION_DOCS).
 */
export function buildOpenApiDocument(
  routes: Record<string, RouteSpec> = DOCUMENTED_ROUTES,
  version = packageVersion(),
  docs: Readonly<Record<string, OperationDocs>> = OPERATION_DOCS,
): JsonObject {
  const { schemas: componentSchemas, names } = buildComponentSchemas(routes);
  const refTo = (schema: unknown): JsonObject => {
    const name = names.get(schema);
    if (!name) throw new Error('a route schema has no component name');
    return { $ref: SCHEMA_REF(name) };
  };

  const paths: Record<string, JsonObject> = {};
  for (const route of Object.values(routes)) {
    const parameters: JsonObject[] = pathParams(route.path).map((name) => {
      const schema = route.params?.[name];
      if (!schema) throw new Error(`${route.operation}: path parameter ${name} has no schema in params`);
      const { $schema: _schema, ...jsonSchema } = toJSONSchema(schema as unknown as $ZodType, {
        io: 'input',
        target: 'draft-2020-12',
      }) as Record<string, unknown>;
      return { name, in: 'path', required: true, schema: jsonSchema as JsonObject };
    });
    if (route.query) {
      const name = names.get(route.query);
      const querySchema = name ? componentSchemas[name] : undefined;
      if (!querySchema) throw new Error(`${route.operation}: query schema was not emitted`);
      parameters.push(...queryParameters(querySchema));
    }
    if (route.operation === 'createTopUp') parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });

    const { tag, summary, description, replayResponse } = docsOf(route.operation, docs);
    const responses: Record<string, JsonValue> = {
      [String(route.status)]: {
        description: route.status === 201 ? 'Created.' : 'OK.',
        content: { 'application/json': { schema: refTo(route.response) } },
      },
    };
    if (replayResponse !== undefined) {
      if (route.status === 200) throw new Error(`${route.operation}: a replayResponse needs a success status other than 200`);
      responses['200'] = { description: replayResponse, content: { 'application/json': { schema: refTo(route.response) } } };
    }
    for (const code of operationErrors(route)) {
      const [status, ref] = errorResponseRef(code);
      responses[status] = ref;
    }

    const operation: JsonObject = {
      operationId: route.operation,
      summary,
      description,
      tags: [tag],
      'x-idempotent': route.idempotent,
      responses,
    };
    if (parameters.length > 0) operation['parameters'] = parameters;
    if (isServiceRoute(route)) operation['security'] = [{ serviceKey: [] }];
    if (route.body) {
      operation['requestBody'] = { required: true, content: { 'application/json': { schema: refTo(route.body) } } };
    }
    const path = openApiPath(route.path);
    paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: operation };
  }

  const subscribe = docsOf(SUBSCRIBE_OPERATION, docs);
  paths[EVENTS_PATH] = {
    get: {
      operationId: SUBSCRIBE_OPERATION,
      summary: subscribe.summary,
      description: subscribe.description,
      tags: [subscribe.tag],
      'x-idempotent': true,
      parameters: [
        {
          name: 'Last-Event-ID',
          in: 'header',
          required: false,
          description: 'The id of the last event received, when reconnecting.',
          schema: { type: 'string' },
        },
      ],
      responses: {
        '200': {
          description: 'A text/event-stream that stays open.',
          content: {
            'text/event-stream': {
              // OpenAPI 3.1 has no way to describe one event of a stream (3.2's itemSchema does);
              // this schema is that of one event, the convention SSE-aware 3.1 tools read.
              schema: {
                type: 'object',
                description:
                  'One event of the stream, not the whole body: `data:` is one BillingChange as a single line of JSON; `id:` is present only where the server supports resuming with Last-Event-ID.',
                required: ['data'],
                properties: {
                  data: { $ref: SCHEMA_REF('BillingChange') },
                  id: { type: 'string', description: 'The event id, to send back as Last-Event-ID when reconnecting.' },
                },
              },
            },
          },
        },
        '204': { description: 'No change feed for this account: do not reconnect.' },
        ...Object.fromEntries((['unauthorized', 'forbidden', 'unavailable'] as const).map(errorResponseRef)),
      },
    },
  };

  const errorResponses: Record<string, JsonObject> = {};
  for (const spec of ERROR_RESPONSES) {
    const response: JsonObject = {
      description: `${spec.description} (error.code "${spec.code}")`,
      content: { 'application/json': { schema: { $ref: SCHEMA_REF('ErrorBody') } } },
    };
    if (spec.retryAfter) {
      response['headers'] = {
        'Retry-After': {
          description: 'Seconds (or an HTTP date) to wait before trying again.',
          schema: { type: 'string' },
        },
      };
    }
    errorResponses[spec.name] = response;
  }

  const usedTags = new Set(
    Object.values(paths).flatMap((pathItem) =>
      Object.values(pathItem).flatMap((operation) => (operation as JsonObject)['tags'] as string[]),
    ),
  );
  const pkg = packageJson();
  const document: JsonObject = {
    openapi: '3.1.0',
    info: {
      title: 'billing-widgets BillingClient REST binding',
      version,
      // package.json has no homepage or repository to point at; an example.com address is a placeholder that is never mailed.
      contact: { name: 'billing-widgets maintainers', email: 'billing-widgets@example.com' },
      license: { name: pkg.license ?? 'UNLICENSED', identifier: pkg.license ?? 'UNLICENSED' },
      description:
        'The REST binding of the BillingClient contract (src/client/routes.ts), generated by scripts/openapi.ts from the zod schemas. Money is integer minor units plus an ISO 4217 code; every amount of an account is in the account currency (a rule JSON Schema cannot express). Error responses of any status have the ErrorBody shape. Query strings carry plain key=value pairs; absent keys are left out.',
    },
    servers: [
      {
        url: '/',
        description:
          "The reference server (npm run server) serves the routes at its root; a host that mounts them under a prefix (e.g. /api) puts that prefix in HttpBillingClient's baseUrl.",
      },
    ],
    security: [{ bearerAuth: [] }],
    tags: TAGS.filter((tag) => usedTags.has(tag.name)).map((tag) => ({ name: tag.name, description: tag.description })),
    paths: sortKeys(paths) as JsonObject,
    components: {
      schemas: componentSchemas,
      parameters: {
        IdempotencyKey: {
          name: IDEMPOTENCY_HEADER,
          in: 'header',
          required: true,
          description:
            "One key per payment attempt; must equal the body's idempotencyKey. A replay returns the first top-up and never charges again.",
          schema: { type: 'string', minLength: 8, maxLength: 255 },
        },
      },
      responses: errorResponses,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'The token names the account.' },
        serviceKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A service key (npm run server -- --create-service-key NAME), for server-to-server routes only. Account tokens are refused there, and a service key opens no account route.',
        },
      },
    },
  };
  (document['components'] as JsonObject)['schemas'] = referencedSchemas(document, componentSchemas);
  return document;
}

/** Recursively sorted object keys (arrays keep their order), so the output never depends on insertion order. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/** The file's text: top-level sections in the conventional order, everything below sorted, two-space indent, trailing newline. */
export function renderOpenApi(document: JsonObject): string {
  const ordered: Record<string, unknown> = {};
  for (const key of ['openapi', 'info', 'servers', 'security', 'tags', 'paths', 'components']) {
    if (key in document) ordered[key] = key === 'openapi' ? document[key] : sortKeys(document[key]);
  }
  for (const key of Object.keys(document).sort()) if (!(key in ordered)) ordered[key] = sortKeys(document[key]);
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function packageJson(): { version?: string; license?: string } {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version?: string; license?: string };
}

function packageVersion(): string {
  return packageJson().version ?? '0.0.0';
}

function firstDifference(a: string, b: string): string {
  const left = a.split('\n');
  const right = b.split('\n');
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    if (left[index] !== right[index]) {
      return `line ${index + 1}:\n  committed: ${left[index] ?? '(end of file)'}\n  generated: ${right[index] ?? '(end of file)'}`;
    }
  }
  return 'no line differs';
}

function main(argv: string[]): number {
  const text = renderOpenApi(buildOpenApiDocument());
  if (argv.includes('--check')) {
    let committed: string | null = null;
    try {
      committed = readFileSync(OPENAPI_PATH, 'utf8');
    } catch {
      committed = null;
    }
    if (committed === text) {
      console.log('openapi.json is up to date.');
      return 0;
    }
    console.error(
      committed === null
        ? "openapi.json is missing: run 'npm run openapi' and commit it."
        : `openapi.json is stale: run 'npm run openapi' and commit it.\nFirst difference, ${firstDifference(committed, text)}`,
    );
    return 1;
  }
  writeFileSync(OPENAPI_PATH, text);
  console.log(`Wrote ${OPENAPI_PATH} (${Object.keys(DOCUMENTED_ROUTES).length} operations and the change feed).`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
