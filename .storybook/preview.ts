// Storybook preview: feeds custom-elements.json to autodocs, turns axe failures into errors, and adds the theme and locale toolbars.
import type { Decorator, Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import customElements from '../custom-elements.json';
import { publicApi, type Manifest } from './public-api.js';
import { LOCALES, THEMES, themedStory } from '../stories/themes.js';

setCustomElementsManifest(publicApi(customElements as unknown as Manifest));

/** Every story renders inside the toolbar's theme (its --billing-* values) and locale (lang, and dir="rtl" for Arabic). */
const withThemeAndLocale: Decorator = (story, context) => themedStory(context.globals.theme, context.globals.locale, story());

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    a11y: { test: 'error' },
    controls: { expanded: true },
    layout: 'padded',
  },
  globalTypes: {
    theme: {
      description: 'Example theme: a set of --billing-* values applied around every story (stories/themes.ts)',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: Object.entries(THEMES).map(([value, theme]) => ({ value, title: theme.title })),
        dynamicTitle: true,
      },
    },
    locale: {
      description: 'Locale: lang (and dir="rtl" for Arabic) on the story wrapper',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        items: Object.entries(LOCALES).map(([value, locale]) => ({ value, title: locale.title, right: locale.lang })),
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'default', locale: 'en' },
  decorators: [withThemeAndLocale],
};

export default preview;
