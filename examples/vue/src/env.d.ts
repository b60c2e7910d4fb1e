// Vue's templates learn the billing tags' props and events (vue-tsc, Volar): GlobalComponents from billing-widgets/vue.
// In an app, `"types": ["billing-widgets/vue"]` in tsconfig.json does the same.
import type {} from 'billing-widgets/vue';
