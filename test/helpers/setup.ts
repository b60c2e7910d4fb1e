// Loaded before every browser test file (web-test-runner.config.mjs, testRunnerHtml).
//
// A failed assertion whose actual or expected value is a DOM node, such as
// `expect(root.activeElement).to.equal(button)`, disconnected the browser: the runner serialises both values to show
// a diff, and walking a live element's graph never ends. They are replaced by a short description of the node, so
// the test fails with a readable message instead of taking the whole run down.
import { chai } from '@open-wc/testing';

function describeNode(node: Node): string {
  if (!(node instanceof Element)) return node.nodeName;
  const attributes = ['id', 'part', 'name', 'class']
    .map((name) => (node.hasAttribute(name) ? ` ${name}="${node.getAttribute(name)}"` : ''))
    .join('');
  return `<${node.localName}${attributes}>`;
}

chai.use((api) => {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the wrapper below calls it with the assertion as `this`
  const assert = api.Assertion.prototype.assert;
  api.Assertion.prototype.assert = function (this: unknown, ...args: Parameters<typeof assert>) {
    try {
      assert.apply(this, args);
    } catch (error) {
      if (error instanceof api.AssertionError) {
        const failure = error as { actual?: unknown; expected?: unknown };
        if (failure.actual instanceof Node) failure.actual = describeNode(failure.actual);
        if (failure.expected instanceof Node) failure.expected = describeNode(failure.expected);
      }
      throw error;
    }
  };
});
