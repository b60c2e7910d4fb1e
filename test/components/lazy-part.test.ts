// LazyPart's idle prefetch (src/components/lazy-part.ts): fetched once the browser is idle, unless the element says,
// when idle comes, that it will not show the part (its `prefetch` option); then only wanting the part fetches it.
import { expect, fixtureCleanup } from '@open-wc/testing';
import { ReactiveElement } from 'lit';
import { LazyPart, SharedImport } from '../../src/components/lazy-part.js';
import { until } from '../helpers/dom.js';

const idle = () => new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, 50), { timeout: 3000 }));

interface Counted {
  fetches: number;
  shared: SharedImport<{ fetched: number }>;
}

/** A page's shared import whose fetches are counted; each test gets a fresh one (nothing loaded yet). */
function countedImport(): Counted {
  const counted: Counted = {
    fetches: 0,
    shared: new SharedImport(() => {
      counted.fetches += 1;
      return Promise.resolve({ fetched: counted.fetches });
    }),
  };
  return counted;
}

class PartHost extends ReactiveElement {
  shows = true;
  lazy?: LazyPart<{ fetched: number }>;
}
customElements.define('lazy-part-host', PartHost);

function host(shared: SharedImport<{ fetched: number }>, prefetch?: () => boolean): PartHost {
  const el = new PartHost();
  el.lazy = new LazyPart(el, { shared, load: () => shared.load(), wanted: () => true, name: 'a test part', prefetch });
  return el;
}

describe('LazyPart prefetch', () => {
  afterEach(() => {
    fixtureCleanup();
    document.querySelectorAll('lazy-part-host').forEach((el) => el.remove());
  });

  it('fetches once the browser is idle by default', async () => {
    const counted = countedImport();
    document.body.append(host(counted.shared));
    await until(() => counted.fetches === 1, 'prefetched when idle');
  });

  it('does not fetch when the element will not show the part, asked when idle (it may turn the part off after connecting)', async () => {
    const counted = countedImport();
    const el = host(counted.shared, () => el.shows);
    document.body.append(el);
    el.shows = false;
    await idle();
    await idle();
    expect(counted.fetches).to.equal(0);
    expect(el.lazy!.module).to.equal(undefined);
    // Wanting it still loads it.
    el.lazy!.want();
    await until(() => el.lazy!.module !== undefined, 'loaded when wanted');
    expect(counted.fetches).to.equal(1);
  });

  it('once another element has the module, takes it at once only if it may show the part', async () => {
    const counted = countedImport();
    await counted.shared.load();
    const off = host(counted.shared, () => false);
    const on = host(counted.shared, () => true);
    document.body.append(off, on);
    await until(() => on.lazy!.module !== undefined, 'taken at once');
    await idle();
    expect(off.lazy!.module).to.equal(undefined);
    expect(counted.fetches).to.equal(1);
  });
});
