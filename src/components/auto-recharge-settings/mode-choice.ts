// The auto-recharge form's choice of how much a recharge adds: a fixed amount, or enough to reach a target balance.
import { html, type TemplateResult } from 'lit';
import type { AutoRechargeMode } from '../../client/schemas.js';
import type { AutoRechargeSettingsMessages } from '../../i18n/messages/auto-recharge-settings.js';

export interface ModeChoiceProps {
  text: AutoRechargeSettingsMessages;
  mode: AutoRechargeMode;
  /** While a save runs. */
  busy: boolean;
  onSelect: (mode: AutoRechargeMode) => void;
}

/**
 * Native radios in a fieldset: the legend names the group, Tab reaches the checked one and the arrow keys move
 * between them (and choose), as every radio group does; no roving tabindex of our own.
 */
export function renderModeChoice(props: ModeChoiceProps): TemplateResult {
  const { text } = props;
  const options: Array<[AutoRechargeMode, string]> = [
    ['fixed', text.modeFixed],
    ['target', text.modeTarget],
  ];
  return html`<fieldset part="mode" class="mode">
    <legend part="legend">${text.modeLegend}</legend>
    <div class="mode-options">
      ${options.map(
        ([mode, label]) =>
          html`<label part="mode-option" class="card-option mode-option" for=${`mode-${mode}`}>
            <input
              type="radio"
              id=${`mode-${mode}`}
              name="mode"
              .value=${mode}
              .checked=${props.mode === mode}
              ?disabled=${props.busy}
              @change=${() => props.onSelect(mode)}
            />
            <span>${label}</span>
          </label>`,
      )}
    </div>
  </fieldset>`;
}
