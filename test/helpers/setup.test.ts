// test/helpers/setup.ts: a failed assertion on DOM nodes reaches the runner as descriptions, not live nodes.
import { expect } from '@open-wc/testing';

it('a failed assertion on DOM nodes carries short descriptions of them (the runner hung serialising live nodes)', () => {
  const button = document.createElement('button');
  button.setAttribute('part', 'retry-button');
  let failure: { actual?: unknown; expected?: unknown } | undefined;
  try {
    expect(document.createElement('span')).to.equal(button);
  } catch (error) {
    failure = error as typeof failure;
  }
  if (!failure) expect.fail('the comparison did not fail');
  expect(failure.actual).to.equal('<span>');
  expect(failure.expected).to.equal('<button part="retry-button">');
});

it('a passing assertion on DOM nodes is untouched', () => {
  const button = document.createElement('button');
  expect(button).to.equal(button);
});
