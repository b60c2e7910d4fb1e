// Svelte's templates learn the billing tags' props and events (svelte-check, the Svelte language server):
// svelteHTML.IntrinsicElements from billing-widgets/svelte. In an app, `"types": ["billing-widgets/svelte"]` does the same.
import type {} from 'billing-widgets/svelte';
