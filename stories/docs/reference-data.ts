/// <reference types="vite/client" />
// The tables of the Theming and BillingClient docs pages, generated from the code and custom-elements.json, never copied by hand.
import customElementsManifest from '../../custom-elements.json';
import { BILLING_ERROR_CODES, BillingError } from '../../src/client/errors.js';
import { ERROR_STATUS, EVENTS_PATH, IDEMPOTENCY_HEADER, ROUTES } from '../../src/client/routes.js';
import { OPERATION_DOCS } from '../../scripts/openapi-docs.js';
import { BILLING_TOKEN_ROLES, type BillingTokenRoleInfo } from '../../src/styles/tokens.js';
import { THEMES, themeStyle } from '../themes.js';

interface ManifestMember {
  name: string;
  description?: string;
  default?: string;
}

interface ManifestElement {
  tagName?: string;
  customElement?: boolean;
  summary?: string;
  cssProperties?: ManifestMember[];
  cssParts?: ManifestMember[];
}

const manifest = customElementsManifest as unknown as { modules: Array<{ declarations?: ManifestElement[] }> };

/** The four widgets, in the order of a Billing tab. */
export const WIDGET_TAGS = ['credit-balance', 'add-funds-dialog', 'auto-recharge-settings', 'balance-usage-table'] as const;

function element(tag: string): ManifestElement {
  const found = manifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === tag);
  if (!found) throw new Error(`custom-elements.json has no <${tag}>`);
  return found;
}

export const globalRoles: readonly BillingTokenRoleInfo[] = BILLING_TOKEN_ROLES;

const roleNames = new Set<string>(BILLING_TOKEN_ROLES.map((role) => role.name));

export interface WidgetReference {
  tag: string;
  summary: string;
  /** The widget's own knobs (its cssProperties that are not global roles). */
  knobs: ManifestMember[];
  /** The global roles its docs say it reads. */
  roles: string[];
  parts: ManifestMember[];
}

export const widgets: readonly WidgetReference[] = WIDGET_TAGS.map((tag) => {
  const declaration = element(tag);
  const properties = declaration.cssProperties ?? [];
  return {
    tag,
    summary: declaration.summary ?? '',
    knobs: properties.filter((property) => !roleNames.has(property.name)),
    roles: properties.filter((property) => roleNames.has(property.name)).map((property) => property.name),
    parts: declaration.cssParts ?? [],
  };
});

/** True when a token value is a colour a swatch can show. */
export function isColour(value: string): boolean {
  return typeof CSS !== 'undefined' && !value.includes('var(') && CSS.supports('color', value);
}

/** Each example theme as the CSS a partner would paste. */
export const themeSnippets = Object.entries(THEMES).map(([name, theme]) => {
  const declarations = Object.entries(theme.tokens).map(([property, value]) => `  ${property}: ${value};`);
  const scheme = 'scheme' in theme ? ` data-billing-theme="${theme.scheme}"` : '';
  return {
    name,
    title: theme.title,
    description: theme.description,
    css: declarations.length
      ? `/* on <billing-provider${scheme}> or any ancestor of the widgets */\nbilling-provider {\n${declarations.join('\n')}\n}`
      : '/* nothing to set: the built-in roles, light or dark following prefers-color-scheme */',
    style: themeStyle(theme),
  };
});

// ------------------------------------------------------------------ BillingClient

export interface ErrorRow {
  code: string;
  status: number;
  retryable: boolean;
  message: string;
}

/** Each error code with the HTTP status it travels as, whether it is retryable by default, and its default message. */
export const errorRows: readonly ErrorRow[] = BILLING_ERROR_CODES.map((code) => {
  const error = new BillingError(code);
  return { code, status: ERROR_STATUS[code], retryable: error.retryable, message: error.message };
});

export interface RouteRow {
  operation: string;
  method: string;
  path: string;
  summary: string;
  status: string;
  idempotent: boolean;
}

interface OpenApiDocument {
  info?: { title?: string; version?: string };
  paths?: Record<
    string,
    Record<string, { operationId?: string; summary?: string; description?: string; responses?: Record<string, unknown> }>
  >;
}

// openapi.json is generated at the repo root by `npm run openapi`; when it is there the docs show
// exactly what it says, otherwise the route table it is generated from. A glob that matches
// nothing is an empty object, so the page builds either way.
const openApiFiles = import.meta.glob<OpenApiDocument>('../../openapi.json', { eager: true, import: 'default' });
export const openApi: OpenApiDocument | undefined = Object.values(openApiFiles)[0];

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export const routeSource: 'openapi.json' | 'src/client/routes.ts' = openApi?.paths ? 'openapi.json' : 'src/client/routes.ts';

export const routeRows: readonly RouteRow[] = openApi?.paths
  ? Object.entries(openApi.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method]) => HTTP_METHODS.includes(method))
        .map(([method, operation]) => {
          const fromTable = Object.values(ROUTES).find((route) => route.operation === operation.operationId);
          return {
            operation: operation.operationId ?? '',
            method: method.toUpperCase(),
            path,
            summary: operation.summary ?? operation.description ?? '',
            status: Object.keys(operation.responses ?? {})
              .filter((code) => /^2/.test(code))
              .join(', '),
            idempotent: fromTable?.idempotent ?? method === 'get',
          };
        }),
    )
  : Object.values(ROUTES).map((route) => ({
      operation: route.operation,
      method: route.method,
      path: route.path,
      summary: OPERATION_DOCS[route.operation].summary,
      status: String(route.status),
      idempotent: route.idempotent,
    }));

export { EVENTS_PATH, IDEMPOTENCY_HEADER };
