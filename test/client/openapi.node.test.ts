// openapi.json: fresh, complete (every route with its method), documented (summary, description, declared tag), every $ref resolvable, no unused component, and generation robust to refinements.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as z from 'zod/mini';
import { EVENTS_PATH, IDEMPOTENCY_HEADER, ROUTES, type RouteSpec } from '../../src/client/routes.js';
import { AccountSchema, ID_MAX_LENGTH, ID_PATTERN, Identifier, UsageQuerySchema } from '../../src/client/schemas.js';
import { HOST_ROUTES } from '../../src/client/host-routes.js';
import { OPENAPI_PATH, buildOpenApiDocument, renderOpenApi } from '../../scripts/openapi.js';
import { OPERATION_DOCS } from '../../scripts/openapi-docs.js';

type Json = Record<string, any>;
const committedText = readFileSync(OPENAPI_PATH, 'utf8');
const spec = JSON.parse(committedText) as Json;

function resolve(ref: string): unknown {
  assert.ok(ref.startsWith('#/'), `only local refs are expected, got ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], spec);
}

function collectRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => collectRefs(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else collectRefs(value, found);
    }
  }
  return found;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function operationsOf(document: Json): Array<{ where: string; operation: Json }> {
  return Object.entries(document['paths'] as Json).flatMap(([path, pathItem]) =>
    Object.entries(pathItem as Json)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, operation]) => ({ where: `${method.toUpperCase()} ${path}`, operation: operation as Json })),
  );
}

/** Components that nothing outside components reaches, directly or through other components. */
function unreferencedComponents(document: Json): string[] {
  const { components = {}, ...outside } = document;
  const reached = new Set<string>();
  for (const requirement of [
    ...(document['security'] ?? []),
    ...operationsOf(document).flatMap(({ operation }) => operation['security'] ?? []),
  ]) {
    for (const name of Object.keys(requirement as Json)) reached.add(`#/components/securitySchemes/${name}`);
  }
  const pending = collectRefs(outside);
  while (pending.length > 0) {
    const ref = pending.pop() ?? '';
    if (reached.has(ref)) continue;
    reached.add(ref);
    const [, , section, name] = ref.split('/');
    collectRefs((components as Json)[section ?? '']?.[name ?? ''], pending);
  }
  return Object.entries(components as Json).flatMap(([section, entries]) =>
    Object.keys(entries as Json)
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
    assert.equal(spec['openapi'], '3.1.0');
  });

  it('has every ROUTES entry with its method, operationId, body, success and error responses', () => {
    for (const route of Object.values(ROUTES) as RouteSpec[]) {
      const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const operation = spec['paths']?.[path]?.[route.method.toLowerCase()] as Json | undefined;
      assert.ok(operation, `${route.method} ${path} is missing`);
      assert.equal(operation['operationId'], route.operation);
      const success = operation['responses']?.[String(route.status)];
      assert.ok(success, `${route.operation}: no ${route.status} response`);
      assert.ok(resolve(success.content['application/json'].schema.$ref), `${route.operation}: success schema unresolved`);
      assert.equal(Boolean(operation['requestBody']), Boolean(route.body), `${route.operation}: requestBody`);
      for (const [status, response] of Object.entries(operation['responses'] as Json)) {
        if (Number(status) < 400) continue;
        const resolved = resolve((response as Json)['$ref']) as Json;
        assert.equal(resolved.content['application/json'].schema.$ref, '#/components/schemas/ErrorBody', `${route.operation} ${status}`);
      }
      for (const name of [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1])) {
        assert.ok(
          (operation['parameters'] as Json[]).some(
            (parameter) => parameter['in'] === 'path' && parameter['name'] === name && parameter['required'],
          ),
          `${route.operation}: path parameter ${name}`,
        );
      }
    }
    assert.equal(Object.keys(spec['paths']).length, new Set(Object.values(ROUTES).map((route) => route.path)).size + 1);
  });

  it('documents the Idempotency-Key header on createTopUp, the query parameters and the bearer scheme', () => {
    const createTopUp = spec['paths']['/v1/top-ups'].post as Json;
    const header = (createTopUp['parameters'] as Json[]).map((parameter) =>
      parameter['$ref'] ? resolve(parameter['$ref']) : parameter,
    ) as Json[];
    assert.ok(
      header.some((parameter) => parameter['in'] === 'header' && parameter['name'] === IDEMPOTENCY_HEADER && parameter['required']),
    );

    const usageParameters = (spec['paths']['/v1/usage'].get.parameters as Json[]).filter((parameter) => parameter['in'] === 'query');
    assert.deepEqual(usageParameters.map((parameter) => parameter['name']).sort(), Object.keys(UsageQuerySchema.shape).sort());
    assert.ok(usageParameters.every((parameter) => parameter['required'] === false));
    const limit = usageParameters.find((parameter) => parameter['name'] === 'limit');
    assert.deepEqual([limit?.['schema'].type, limit?.['schema'].minimum, limit?.['schema'].maximum], ['integer', 1, 500]);

    assert.deepEqual(spec['components'].securitySchemes.bearerAuth, {
      description: 'The token names the account.',
      scheme: 'bearer',
      type: 'http',
    });
    assert.deepEqual(spec['security'], [{ bearerAuth: [] }]);
  });

  it('lists 429 rate_limited on exactly the routes ROUTES marks rateLimited, and never on the change feed', () => {
    const limited: string[] = [];
    for (const route of Object.values(ROUTES) as RouteSpec[]) {
      const operation = spec['paths'][route.path.replace(/:([A-Za-z]+)/g, '{$1}')][route.method.toLowerCase()] as Json;
      assert.equal(
        '429' in operation['responses'],
        route.rateLimited,
        `${route.operation}: 429 listed ${'429' in operation['responses']}, rateLimited ${route.rateLimited}`,
      );
      if (route.rateLimited) limited.push(route.operation);
    }
    assert.deepEqual(limited.sort(), ['addPaymentMethod', 'createTopUp']);
    assert.ok(!('429' in spec['paths'][EVENTS_PATH].get.responses));
  });

  it('gives every path parameter the shared id schema: ASCII letters, digits and _ - . :, at most 255', () => {
    for (const route of Object.values(ROUTES) as RouteSpec[]) {
      for (const name of [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] ?? '')) {
        assert.equal(route.params?.[name], Identifier, `${route.operation}: ROUTES params.${name}`);
        const operation = spec['paths'][route.path.replace(/:([A-Za-z]+)/g, '{$1}')][route.method.toLowerCase()] as Json;
        const parameter = (operation['parameters'] as Json[]).find((candidate) => candidate['in'] === 'path' && candidate['name'] === name);
        assert.deepEqual(parameter?.['schema'], { type: 'string', minLength: 1, maxLength: ID_MAX_LENGTH, pattern: ID_PATTERN.source });
      }
    }
    const withoutSchema = { bare: { ...ROUTES.getTopUp, operation: 'bare', params: {} } } satisfies Record<string, RouteSpec>;
    assert.throws(() => buildOpenApiDocument(withoutSchema, '0.0.0'), /path parameter topUpId has no schema/);
  });

  it("documents the SSE change feed: one event's data is a BillingChange", () => {
    const events = spec['paths'][EVENTS_PATH]?.get as Json;
    const event = events['responses']['200'].content['text/event-stream'].schema as Json;
    assert.equal(event['properties'].data.$ref, '#/components/schemas/BillingChange');
    assert.deepEqual(event['required'], ['data']);
  });

  it('gives every operation a summary, a description and one tag declared with a description, and declares no unused tag', () => {
    const declared = new Map((spec['tags'] as Json[]).map((tag) => [tag['name'] as string, tag['description'] as string]));
    const used = new Set<string>();
    const operations = operationsOf(spec);
    assert.equal(operations.length, Object.keys(ROUTES).length + Object.keys(HOST_ROUTES).length + 1, 'every route and the change feed');
    for (const { where, operation } of operations) {
      assert.ok(typeof operation['summary'] === 'string' && operation['summary'].trim().length > 0, `${where}: summary`);
      assert.ok(operation['summary'].length <= 60 && !operation['summary'].endsWith('.'), `${where}: a summary is a short title`);
      assert.ok(typeof operation['description'] === 'string' && operation['description'].trim().length >= 40, `${where}: description`);
      assert.notEqual(operation['description'], operation['summary'], `${where}: the description says more than the summary`);
      assert.equal((operation['tags'] as string[]).length, 1, `${where}: one tag`);
      for (const tag of operation['tags'] as string[]) {
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
    assert.deepEqual(spec['info'].license, { identifier: pkg.license, name: pkg.license });
    assert.ok(spec['info'].contact.name && (spec['info'].contact.email || spec['info'].contact.url));
  });

  it('references every component (schemas, responses, parameters, security schemes) from outside components', () => {
    assert.deepEqual(unreferencedComponents(spec), []);
    // The query schemas are written out as query parameters, so they have no component of their own.
    for (const name of ['UsageQuery', 'UsageFilters', 'ListUnresolvedTopUpsQuery']) assert.ok(!(name in spec['components'].schemas), name);
    // The check itself finds an unused one, also when only another unused component refers to it.
    const withUnused = structuredClone(spec);
    withUnused['components'].schemas.Orphan = { type: 'object', properties: { money: { $ref: '#/components/schemas/OrphanMoney' } } };
    withUnused['components'].schemas.OrphanMoney = { type: 'integer' };
    assert.deepEqual(unreferencedComponents(withUnused).sort(), ['#/components/schemas/Orphan', '#/components/schemas/OrphanMoney']);
  });

  it('answers 200 for a replayed top-up and for a card already saved, beside their 201', () => {
    for (const [path, name] of [
      ['/v1/top-ups', 'createTopUp'],
      ['/v1/payment-methods', 'addPaymentMethod'],
    ] as const) {
      const responses = spec['paths'][path].post.responses as Json;
      assert.ok(responses['201'] && responses['200'], `${name}: 201 and 200`);
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
      assert.ok(spec['components'].schemas[name], `components.schemas.${name}`);
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
    const document = buildOpenApiDocument(routes, '0.0.0', docs) as Json;
    const schemas = document['components'].schemas as Json;
    assert.ok(schemas['RefinedRequest'], 'the ad-hoc body gets a component');
    assert.deepEqual(schemas['RefinedRequest'].required, ['amount']);
    assert.ok(schemas['RefinedResponse'].properties.account.$ref, 'the refined Account is referenced, not dropped');
  });
});
