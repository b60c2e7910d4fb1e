// Export CSV for <balance-usage-table>: the export's progress, Cancel, outcome and their lines, with the CSV writer and
// the download (csv-export.ts). Only a person who exports needs them: the table loads this with import() on the first
// export.
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { isAbortError, toBillingError, type BillingError } from '../../client/errors.js';
import { numberFormat } from '../../money/intl-cache.js';
import type { BalanceUsageTableShellMessages } from '../../i18n/messages/balance-usage-table.js';
import { downloadFile, writeUsageExport, type UsageExportProgress, type UsageExportRequest } from './csv-export.js';
import { UsageExportEvent } from './events.js';
import type { UsagePagingFault } from './usage-paging-error.js';

export interface UsageExportWords {
  text: BalanceUsageTableShellMessages;
  locale: string;
  /** A failed request in the element's language. */
  errorText: (error: BillingError) => string;
  /** The element's error icon. */
  errorIcon: TemplateResult;
}

/**
 * @internal Export CSV of <balance-usage-table>: writes every page of the range with progress, says it is done, then fires `billing-usage-export` on the element and,
 * unless canceled, downloads the file; or says why it stopped. Taken off the page, the export stops without a word.
 */
export class UsageExportController implements ReactiveController {
  /** Set while an export runs. */
  progress?: UsageExportProgress;
  private message = '';
  private error?: string;
  private controller?: AbortController;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly words: () => UsageExportWords,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.controller?.abort();
  }

  /** `total`: the entries expected, shown until the first page says. */
  async start(request: UsageExportRequest, total: number): Promise<void> {
    if (this.controller) return;
    const controller = new AbortController();
    const { signal } = controller;
    this.controller = controller;
    this.error = undefined;
    this.message = '';
    this.show({ done: 0, total });
    try {
      const { file, fileName, done } = await writeUsageExport(request, signal, (progress) => this.show(progress));
      const { text, locale } = this.words();
      this.message = text.exportDone(numberFormat(locale).format(done), done);
      this.show(undefined);
      if (this.host.dispatchEvent(new UsageExportEvent(file, fileName, done)))
        downloadFile(this.host.shadowRoot ?? this.host, file, fileName);
    } catch (error) {
      this.show(undefined);
      // Canceled, or the element went away: nothing to say (Cancel says so itself).
      if (signal.aborted || isAbortError(error)) return;
      const failure = toBillingError(error);
      const fault = failure.details['usagePaging'] as UsagePagingFault | undefined;
      const { text, errorText } = this.words();
      this.error = fault ? text.pagingFaults[fault] : errorText(failure);
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
  }

  /** The person's Cancel: stops after the page in flight and says that nothing was downloaded. */
  cancel(): void {
    if (!this.controller) return;
    this.controller.abort();
    this.message = this.words().text.exportCanceled;
    this.show(undefined);
  }

  /** The progress line with Cancel, or the error, or the done / canceled status; nothing before the first export. */
  render(): TemplateResult | typeof nothing {
    const { text, locale, errorIcon } = this.words();
    if (this.progress) {
      const number = numberFormat(locale);
      const { done, total } = this.progress;
      return html`<div part="export-progress" class="export" role="status">
        <progress max=${Math.max(total, 1)} .value=${done} aria-label=${text.exportCsv}></progress>
        <span>${text.exporting(number.format(done), number.format(total), total)}</span>
        <button type="button" class="button button--link" @click=${() => this.cancel()}>${text.cancelExport}</button>
      </div>`;
    }
    if (this.error)
      return html`<p part="error" class="export export--error" role="alert">
        ${errorIcon}<span>${text.exportFailed} ${this.error}</span>
      </p>`;
    if (this.message) return html`<p part="export-status" class="export" role="status">${this.message}</p>`;
    return nothing;
  }

  private show(progress: UsageExportProgress | undefined): void {
    this.progress = progress;
    this.host.requestUpdate();
  }
}
