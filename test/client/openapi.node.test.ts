// openapi.json: fresh, complete (every route with its method), documented (summary, description, declared tag), every $ref resolvable, no unused component, and generation robust to refinements.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as z from 'zod/mini';
import { EVENTS_PATH, IDEMPOTENCY_HEADER, ROUTES, type RouteSpec } from '../../src/client/routes.js';
import { AccountSchema, ID_MAX_LENGTH, ID_PATTERN, Identifier, UsageQuerySchema } from '../../src/client/schemas.js';
import { HOST_ROUTES } from '../../src/client/host-routes.js';
import { SERVICE_ROUTES } from '../../src/client/service-routes.js';
import { OPENAPI_PATH, buildOpenApiDocument, renderOpenApi } from '../../scripts/openapi.js';
import { OPERATION_DOCS } from '../../scripts/openapi-docs.js';

/*
 * The parts of an OpenAPI 3.1 document these tests read, checked when the document is read: a missing or mistyped
 * field fails with zod's path to it instead of an `undefined` deep in an assertion. Loose objects keep every other key,
 * so refs are still collected from the whole document.
 */
const SchemaNode = z.looseObject({
  $ref: z.optional(z.string()),
  type: z.optional(z.union([z.string(), z.array(z.string())])),
  minimum: z.optional(z.number()),
  maximum: z.optional(z.number()),
  required: z.optional(z.array(z.string())),
  properties: z.optional(z.record(z.string(), z.looseObject({ $ref: z.optional(z.string()) }))),
});
const ResponseNode = z.looseObject({
  $ref: z.optional(z.string()),
  description: z.optional(z.string()),
  content: z.optional(z.record(z.string(), z.looseObject({ schema: SchemaNode }))),
});
const ParameterNode = z.looseObject({
  $ref: z.optional(z.string()),
  in: z.optional(z.string()),
  name: z.optional(z.string()),
  required: z.optional(z.boolean()),
  schema: z.optional(SchemaNode),
});
const SecurityRequirement = z.record(z.string(), z.array(z.string()));
const OperationNode = z.looseObject({
  operationId: z.optional(z.string()),
  summary: z.optional(z.string()),
  description: z.optional(z.string()),
  tags: z.optional(z.array(z.string())),
  parameters: z.optional(z.array(ParameterNode)),
  requestBody: z.optional(z.unknown()),
  responses: z.record(z.string(), ResponseNode),
  security: z.optional(z.array(SecurityRequirement)),
});
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PathItemNode = z.looseObject(
  Object.fromEntries(HTTP_METHODS.map((method) => [method, z.optional(OperationNode)])) as Record<
    (typeof HTTP_METHODS)[number],
    z.ZodMiniOptional<typeof OperationNode>
  >,
);
const OpenApiDocument = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({
    license: z.optional(z.looseObject({ identifier: z.optional(z.string()), name: z.string() })),
    contact: z.optional(z.looseObject({ name: z.optional(z.string()), email: z.optional(z.string()), url: z.optional(z.string()) })),
  }),
  tags: z.array(z.looseObject({ name: z.string(), description: z.optional(z.string()) })),
  security: z.optional(z.array(SecurityRequirement)),
  paths: z.record(z.string(), PathItemNode),
  components: z.looseObject({
    schemas: z.record(z.string(), SchemaNode),
    securitySchemes: z.optional(z.record(z.string(), z.unknown())),
  }),
});
type OpenApiDocument = z.infer<typeof OpenApiDocument>;
type Operation = z.infer<typeof OperationNode>;

const committedText = readFileSync(OPENAPI_PATH, 'utf8');
const spec = OpenApiDocument.parse(JSON.parse(committedText));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolve(ref: string | undefined): unknown {
  assert.ok(ref !== undefined && ref.startsWith('#/'), `only local refs are expected, got ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), spec);
}

function collectRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => collectRefs(item, found));
  else if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else collectRefs(value, found);
    }
  }
  return found;
}

function operationsOf(document: OpenApiDocument): Array<{ where: string; operation: Operation }> {
  return Object.entries(document.paths).flatMap(([path, pathItem]) =>
    HTTP_METHODS.flatMap((method) => {
      const operation = pathItem[method];
      return operation ? [{ where: `${method.toUpperCase()} ${path}`, operation }] : [];
    }),
  );
}

/** The operation of a route, which must be in the document. */
function operationOf(document: OpenApiDocument, route: RouteSpec): Operation {
  const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
  const method = HTTP_METHODS.find((candidate) => candidate.toUpperCase() === route.method);
  assert.ok(method, `${route.operation}: ${route.method} is an HTTP method`);
  const operation = document.paths[path]?.[method];
  assert.ok(operation, `${route.method} ${path} is missing`);
  return operation;
}

/** Components that nothing outside components reaches, directly or through other components. */
function unreferencedComponents(document: OpenApiDocument): string[] {
  const { components, ...outside } = document;
  const reached = new Set<string>();
  for (const requirement of [
    ...(document.security ?? []),
    ...operationsOf(document).flatMap(({ operation }) => operation.security ?? []),
  ]) {
    for (const name of Object.keys(requirement)) reached.add(`#/components/securitySchemes/${name}`);
  }
  const pending = collectRefs(outside);
  while (pending.length > 0) {
    const ref = pending.pop() ?? '';
    if (reached.has(ref)) continue;
    reached.add(ref);
    const [, , section = '', name = ''] = ref.split('/');
    const entries = components[section];
    collectRefs(isRecord(entries) ? entries[name] : undefined, pending);
  }
  return Object.entries(components).flatMap(([section, entries]) =>
    Object.keys(isRecord(entries) ? entries : {})
      .map((name) => `#/components/${section}/${name}`)
      .filter((ref) => !reached.has(ref)),
  );
}

describe('openapi.json', () => {
  it('is what scripts/openapi.ts generates now (run `npm run openapi` if this fails)', () => {
    assert.equal(committedText, renderOpenApi(buildOpenApiDocument()));
  });

  it('is deterministic and ends with a newline', () => {
    assert.equal(renderOpenApi(buildOpenApiDocument()), renderOpenApi(buildOpenApiDocument()));
    assert.ok(committedText.endsWith('}\n'));
    assert.equal(spec.openapi, '3.1.0');
  });

  it('has every ROUTES entry with its method, operationId, body, success and error responses', () => {
    for (const route of Object.values(ROUTES) as RouteSpec[]) {
      const operation = operationOf(spec, route);
      assert.equal(operation.operationId, route.operation);
      const success = operation.responses[String(route.status)];
      assert.ok(success, `${route.operation}: no ${route.status} response`);
      assert.ok(resolve(success.content?.['application/json']?.schema.$ref), `${route.operation}: success schema unresolved`);
      assert.equal(Boolean(operation.requestBody), Boolean(route.body), `${route.operation}: requestBody`);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const resolved = ResponseNode.parse(resolve(response.$ref));
        assert.equal(resolved.content?.['application/json']?.schema.$ref, '#/components/schemas/ErrorBody', `${route.operation} ${status}`);
      }
      for (const name of [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1])) {
        assert.ok(
          operation.parameters?.some((parameter) => parameter.in === 'path' && parameter.name === name && parameter.required),
          `${route.operation}: path parameter ${name}`,
        );
      }
    }
    const paths = new Set(
      [...Object.values(ROUTES), ...Object.values(HOST_ROUTES), ...Object.values(SERVICE_ROUTES)].map((route) => route.path),
    );
    assert.equal(Object.keys(spec.paths).length, paths.size + 1);
  });

  it('documents the Idempotency-Key header on createTopUp, the query parameters and the bearer scheme', () => {
    const header = operationOf(spec, ROUTES.createTopUp).parameters?.map((parameter) =>
      parameter.$ref ? ParameterNode.parse(resolve(parameter.$ref)) : parameter,
    );
    assert.ok(header?.some((parameter) => parameter.in === 'header' && parameter.name === IDEMPOTENCY_HEADER && parameter.required));

    const usageParameters = (spec.paths['/v1/usage']?.get?.parameters ?? []).filter((parameter) => parameter.in === 'query');
    assert.deepEqual(usageParameters.map((parameter) => parameter.name).sort(), Object.keys(UsageQuerySchema.shape).sort());
    assert.ok(usageParameters.every((parameter) => parameter.required === false));
    const limit = usageParameters.find((parameter) => parameter.name === 'limit');
    assert.deepEqual([limit?.schema?.type, limit?.schema?.minimum, limit?.schema?.maximum], ['integer', 1, 500]);

    assert.deepEqual(spec.components.securitySchemes?.['bearerAuth'], {
      description: 'The token names the account.',
      scheme: 'bearer',
      type: 'http',
    });
    assert.deepEqual(spec.security, [{ bearerAuth: [] }]);
    // Usage ingestion takes a service key instead, and only it does.
    assert.deepEqual(Object.keys(spec.components.securitySchemes ?? {}).sort(), ['bearerAuth', 'serviceKey']);
    for (const { where, operation } of operationsOf(spec)) {
      assert.deepEqual(operation.security, where.includes(SERVICE_ROUTES.recordUsage.path) ? [{ serviceKey: [] }] : undefined, where);
    }
  });

  it('lists 429 rate_limited on exactly the routes ROUTES marks rateLimited, and never on the change feed', () => {
    const limited: string[] = [];
    for (const route of Object.values(ROUTES) as RouteSpec[]) {
      const { responses } = operationOf(spec, route);
      assert.equal(
        '429' in responses,
        route.rateLimited,
        `${route.operation}: 429 listed ${'429' in responses}, rateLimited ${route.rateLimited}`,
      );
      if (route.rateLimited) limited.push(route.operation);
    }
    assert.deepEqual(limited.sort(), ['addPaymentMethod', 'createTopUp']);
    const feed = spec.paths[EVENTS_PATH]?.get;
    assert.ok(feed, `GET ${EVENTS_PATH} is missing`);
    assert.ok(!('429' in feed.responses));
  });

  it('gives every path parameter the shared id schema: ASCII letters, digits and _ - . :, at most 255', () => {
    for (const route of Object.values(ROUTES) as RouteSpec[]) {
      for (const name of [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] ?? '')) {
        assert.equal(route.params?.[name], Identifier, `${route.operation}: ROUTES params.${name}`);
        const parameter = operationOf(spec, route).parameters?.find((candidate) => candidate.in === 'path' && candidate.name === name);
        assert.deepEqual(parameter?.schema, { type: 'string', minLength: 1, maxLength: ID_MAX_LENGTH, pattern: ID_PATTERN.source });
      }
    }
    const withoutSchema = { bare: { ...ROUTES.getTopUp, operation: 'bare', params: {} } } satisfies Record<string, RouteSpec>;
    assert.throws(() => buildOpenApiDocument(withoutSchema, '0.0.0'), /path parameter topUpId has no schema/);
  });

  it("documents the SSE change feed: one event's data is a BillingChange", () => {
    const event = spec.paths[EVENTS_PATH]?.get?.responses['200']?.content?.['text/event-stream']?.schema;
    assert.ok(event, 'the change feed has a 200 text/event-stream schema');
    assert.equal(event.properties?.['data']?.$ref, '#/components/schemas/BillingChange');
    assert.deepEqual(event.required, ['data']);
  });

  it('gives every operation a summary, a description and one tag declared with a description, and declares no unused tag', () => {
    const declared = new Map(spec.tags.map((tag) => [tag.name, tag.description]));
    const used = new Set<string>();
    const operations = operationsOf(spec);
    assert.equal(
      operations.length,
      Object.keys(ROUTES).length + Object.keys(HOST_ROUTES).length + Object.keys(SERVICE_ROUTES).length + 1,
      'every route and the change feed',
    );
    for (const { where, operation } of operations) {
      const { summary, description, tags } = operation;
      assert.ok(typeof summary === 'string' && summary.trim().length > 0, `${where}: summary`);
      assert.ok(summary.length <= 60 && !summary.endsWith('.'), `${where}: a summary is a short title`);
      assert.ok(typeof description === 'string' && description.trim().length >= 40, `${where}: description`);
      assert.notEqual(description, summary, `${where}: the description says more than the summary`);
      assert.equal(tags?.length, 1, `${where}: one tag`);
      for (const tag of tags) {
        assert.ok(declared.get(tag), `${where}: tag ${tag} is declared with a description`);
        used.add(tag);
      }
    }
    assert.deepEqual(
      [...declared.keys()].filter((tag) => !used.has(tag)),
      [],
      'declared tags no operation uses',
    );
  });

  it('has a license (SPDX identifier, as package.json says) and a contact', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { license: string };
    assert.deepEqual(spec.info.license, { identifier: pkg.license, name: pkg.license });
    const { contact } = spec.info;
    assert.ok(contact?.name && (contact.email || contact.url));
  });

  it('references every component (schemas, responses, parameters, security schemes) from outside components', () => {
    assert.deepEqual(unreferencedComponents(spec), []);
    // The query schemas are written out as query parameters, so they have no component of their own.
    for (const name of ['UsageQuery', 'UsageFilters', 'ListUnresolvedTopUpsQuery']) assert.ok(!(name in spec.components.schemas), name);
    // The check itself finds an unused one, also when only another unused component refers to it.
    const withUnused = structuredClone(spec);
    withUnused.components.schemas['Orphan'] = { type: 'object', properties: { money: { $ref: '#/components/schemas/OrphanMoney' } } };
    withUnused.components.schemas['OrphanMoney'] = { type: 'integer' };
    assert.deepEqual(unreferencedComponents(withUnused).sort(), ['#/components/schemas/Orphan', '#/components/schemas/OrphanMoney']);
  });

  it('answers 200 for a replayed top-up and for a card already saved, beside their 201', () => {
    for (const [path, name] of [
      ['/v1/top-ups', 'createTopUp'],
      ['/v1/payment-methods', 'addPaymentMethod'],
    ] as const) {
      const responses = spec.paths[path]?.post?.responses;
      assert.ok(responses?.['201'] && responses['200'], `${name}: 201 and 200`);
      assert.equal(responses['200'].description, OPERATION_DOCS[name].replayResponse);
    }
  });

  it('refuses to generate an operation that has no summary, description and tag', () => {
    const { getAccount: _documented, ...withoutGetAccount } = OPERATION_DOCS;
    assert.throws(() => buildOpenApiDocument(ROUTES, '0.0.0', withoutGetAccount), /getAccount: no tag, summary and description/);
    const badTag = { ...OPERATION_DOCS, getAccount: { ...OPERATION_DOCS.getAccount, tag: 'Accounts' as never } };
    assert.throws(() => buildOpenApiDocument(ROUTES, '0.0.0', badTag), /getAccount: tag Accounts is not in TAGS/);
  });

  it('resolves every $ref and names the main components', () => {
    for (const ref of collectRefs(spec)) assert.ok(resolve(ref) !== undefined, `unresolved ${ref}`);
    for (const name of [
      'Account',
      'TopUp',
      'PaymentMethod',
      'AutoRechargeSettings',
      'UsagePage',
      'UsageSummary',
      'Rate',
      'BillingChange',
      'ErrorBody',
    ]) {
      assert.ok(spec.components.schemas[name], `components.schemas.${name}`);
    }
  });

  it('does not fail on refinements, custom checks or transforms JSON Schema cannot express', () => {
    const Refined = z.object({ amount: z.int() }).check(z.refine((value) => value.amount % 5 === 0, 'multiple of 5'));
    const Transformed = z.pipe(
      z.string(),
      z.transform((value) => value.length),
    );
    const routes = {
      refined: {
        operation: 'refined',
        method: 'POST',
        path: '/v1/refined/:id',
        status: 200,
        idempotent: false,
        rateLimited: false,
        params: { id: Identifier },
        body: Refined,
        response: z.object({ account: AccountSchema, size: Transformed }),
      },
    } as const satisfies Record<string, RouteSpec>;
    const docs = { ...OPERATION_DOCS, refined: { tag: 'Account', summary: 'Refined', description: 'A route of this test only.' } } as const;
    const { schemas } = OpenApiDocument.parse(buildOpenApiDocument(routes, '0.0.0', docs)).components;
    assert.ok(schemas['RefinedRequest'], 'the ad-hoc body gets a component');
    assert.deepEqual(schemas['RefinedRequest'].required, ['amount']);
    assert.ok(schemas['RefinedResponse']?.properties?.['account']?.$ref, 'the refined Account is referenced, not dropped');
  });
});
