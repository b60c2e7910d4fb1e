// How long a top-up attempt waits between retries and polls: eager (the element's `timing` defaults to it), apart from the attempt itself.

export interface TopUpTiming {
  /** Waits between automatic retries of a request that failed retryably (network, 503, 429). */
  retryDelaysMs: readonly number[];
  /** Waits between polls of a "processing" top-up; the last one repeats until `maxPolls`. */
  pollDelaysMs: readonly number[];
  /** Polls before the attempt stops waiting and reports itself interrupted (resumable). */
  maxPolls: number;
}

export const DEFAULT_TOP_UP_TIMING: TopUpTiming = {
  retryDelaysMs: [500, 1500, 4000],
  pollDelaysMs: [500, 1000, 2000, 4000, 8000],
  maxPolls: 30,
};
