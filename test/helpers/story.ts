// Renders a story as Storybook does: its render function into a container, then its play function (the person's
// input that brings the widget into the story's state), which Storybook also runs and waits for.
import { render, type TemplateResult } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';

export async function renderStory(meta: Meta, story: StoryObj, id: string, container: HTMLElement): Promise<void> {
  const args = { ...(meta.args ?? {}), ...(story.args ?? {}) };
  const renderFunction = (story.render ?? meta.render) as ((a: typeof args, c: unknown) => TemplateResult) | undefined;
  if (typeof renderFunction !== 'function') throw new Error(`${id} needs a render function`);
  render(renderFunction(args, { args, id }), container);
  const play = story.play as ((context: { canvasElement: HTMLElement; args: typeof args; id: string }) => Promise<void> | void) | undefined;
  await play?.({ canvasElement: container, args, id });
}
