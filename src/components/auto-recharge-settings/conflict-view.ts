// The side-by-side comparison <auto-recharge-settings> shows when someone else saved first.
import { html, type TemplateResult } from 'lit';
import type { PaymentMethod } from '../../client/schemas.js';
import type { Money } from '../../money/money.js';
import type { Conflict } from './draft-controller.js';
import { icon } from './icons.js';
import { cardName, moneyText, type Wording } from './words.js';

export interface ConflictViewProps {
  conflict: Conflict;
  paymentMethods: readonly PaymentMethod[];
  saving: 'save' | 'off' | null;
  onKeepMine: () => void;
  onUseTheirs: () => void;
}

export function renderConflict(wording: Wording, props: ConflictViewProps): TemplateResult {
  const text = wording.text;
  const { theirs, mine } = props.conflict;
  const money = (value: Money) => moneyText(wording, value);
  const cap = (value: Money | null) => (value ? money(value) : '—');
  const card = (id: string | null) => cardName(wording, id, props.paymentMethods);
  const adds = (values: Pick<Conflict['mine'], 'mode' | 'rechargeAmount' | 'targetBalance'>) =>
    values.mode === 'target' && values.targetBalance ? text.upToTarget(money(values.targetBalance)) : money(values.rechargeAmount);
  const rows: Array<[string, string, string]> = [
    [text.conflictStatus, theirs.enabled ? text.on : text.off, mine.enabled ? text.on : text.off],
    [text.thresholdLabel, money(theirs.thresholdAmount), money(mine.thresholdAmount)],
    [
      // Both fixed: the amount field's own label; once either refills to a target, the mode's.
      (theirs.mode ?? 'fixed') === 'fixed' && mine.mode === 'fixed' ? text.rechargeLabel : text.modeLegend,
      adds({ mode: theirs.mode ?? 'fixed', rechargeAmount: theirs.rechargeAmount, targetBalance: theirs.targetBalance ?? null }),
      adds(mine),
    ],
    [text.cardLegend, card(theirs.paymentMethodId), card(mine.paymentMethodId)],
  ];
  if (theirs.monthlyCapSupported) rows.push([text.capLabel, cap(theirs.monthlyCap), cap(mine.monthlyCap)]);
  return html`<div part="conflict" class="conflict" role="alert" aria-labelledby="conflict-title">
    <p class="conflict-title" id="conflict-title">${icon('warning')}<strong>${text.conflictTitle}</strong></p>
    <p>${text.conflictBody}</p>
    <div class="table-scroll">
      <table>
        <thead>
          <tr>
            <td></td>
            <th scope="col">${text.conflictTheirs}</th>
            <th scope="col">${text.conflictYours}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            ([label, theirValue, myValue]) =>
              html`<tr class=${theirValue === myValue ? '' : 'differs'}>
                <th scope="row">${label}</th>
                <td>${theirValue}</td>
                <td>${myValue}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <div class="actions">
      <button
        type="button"
        part="keep-mine-button"
        class="button button--primary"
        ?disabled=${props.saving !== null}
        @click=${props.onKeepMine}
      >
        ${props.saving === 'save' ? text.saving : text.keepMine}
      </button>
      <button
        type="button"
        part="use-theirs-button"
        class="button button--secondary"
        ?disabled=${props.saving !== null}
        @click=${props.onUseTheirs}
      >
        ${text.useTheirs}
      </button>
    </div>
  </div>`;
}
