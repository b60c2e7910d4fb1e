// Runs before the page is first drawn (a blocking classic script, a file so a strict CSP allows it): applies ?lang's
// lang and dir and ?theme's scheme, which the demo's module (appearance.ts) applies again once it runs. Without it an
// Arabic page was drawn left to right and then mirrored (a layout shift of 0.7). Keep the table in step with
// stories/themes.ts (LOCALES, THEMES); test/e2e/layout-shift.node.test.ts loads ?lang=ar&theme=northwind.
(function () {
  var locales = { en: ['en-US', 'ltr'], de: ['de-DE', 'ltr'], fr: ['fr-FR', 'ltr'], ja: ['ja-JP', 'ltr'], ar: ['ar-EG', 'rtl'] };
  var schemes = { default: null, dark: 'dark', northwind: 'light' };
  var params = new URLSearchParams(location.search);
  var root = document.documentElement;
  var locale = locales[params.get('lang') || 'en'] || locales.en;
  root.lang = locale[0];
  root.dir = locale[1];
  var theme = params.get('theme');
  if (theme && Object.prototype.hasOwnProperty.call(schemes, theme)) {
    root.dataset.demoTheme = theme;
    if (schemes[theme]) root.dataset.billingTheme = schemes[theme];
  }
})();
