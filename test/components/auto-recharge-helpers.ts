// What the <auto-recharge-settings> tests share: mounting it on a fixture client, reading its parts as a person reads
// them, and recording what Save sends.
import { fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { SaveAutoRechargeRequest } from '../../src/client/schemas.js';
import type { AutoRechargeSettingsElement } from '../../src/components/auto-recharge-settings/auto-recharge-settings.js';
import { part, untilPart, type AutoRechargeFixtureClient } from '../../stories/auto-recharge-settings.stories.js';
import { normalise } from '../helpers/dom.js';

export const partText = (el: AutoRechargeSettingsElement, name: string): string => normalise(part(el, name)?.textContent);

export const fieldError = (el: AutoRechargeSettingsElement, field: string): string =>
  normalise(el.shadowRoot!.querySelector(`#field-${field}-error`)?.textContent);

export const input = (el: AutoRechargeSettingsElement, name: string): HTMLInputElement =>
  el.shadowRoot!.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;

export const saveButton = (el: AutoRechargeSettingsElement): HTMLButtonElement => part(el, 'save-button') as HTMLButtonElement;

/** Lets the widget's chained reads and re-renders finish. */
export async function settle(...elements: Array<{ updateComplete: Promise<unknown> }>): Promise<void> {
  for (let round = 0; round < 6; round += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await Promise.all(elements.map((el) => el.updateComplete));
  }
}

/** Records every saveAutoRecharge request the widget sends. */
export function recordSaves(client: AutoRechargeFixtureClient): SaveAutoRechargeRequest[] {
  const saves: SaveAutoRechargeRequest[] = [];
  const save = client.saveAutoRecharge.bind(client);
  client.saveAutoRecharge = (request, options) => {
    saves.push(request);
    return save(request, options);
  };
  return saves;
}

/** The widget on `client`, settled once its `ready` part is drawn. */
export async function renderSettings(
  client: AutoRechargeFixtureClient,
  locale = 'en-US',
  ready = 'summary',
): Promise<AutoRechargeSettingsElement> {
  const el = await fixture<AutoRechargeSettingsElement>(
    html`<auto-recharge-settings .client=${client} locale=${locale}></auto-recharge-settings>`,
  );
  await untilPart(el, ready);
  await settle(el);
  return el;
}
