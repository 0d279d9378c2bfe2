// genkit's page script: Gradio puts it in the page's <head> (genkit.ui.launch_options), after it has
// chosen the page's language and before it draws the app. Nothing is fetched from anywhere.
(() => {
  // 1. The language. Gradio translates every text of the page in the browser: its own strings
  //    (upload areas, toasts, the footer) and the app's labels, which are keys of its gr.I18n table.
  //    It takes the language from the browser when it starts. The switch at the top stores the
  //    lecturer's choice and reloads the page, and here, before anything is drawn, the stored choice
  //    replaces the browser's (with Gradio's own changeLocale, from its core module, already loaded).
  //    (The switch used to relabel every component from the server: an event with hundreds of
  //    outputs, after which Gradio's frontend walked them all on every later update, and a GAN
  //    stream froze the page in French.)
  const KEY = "genkit-lang";
  const LANGS = ["en", "fr"];
  const chosen = window.localStorage.getItem(KEY);
  const core = () => {
    const url = performance.getEntriesByType("resource").map((e) => e.name)
      .find((name) => /\/assets\/core-[\w-]+\.js$/.test(name));
    return url ? import(url) : Promise.reject(new Error("Gradio's core module is not loaded"));
  };
  window.genkitLanguage = LANGS.includes(chosen) ? chosen
    : ((navigator.language || "en").toLowerCase().startsWith("fr") ? "fr" : "en");
  if (LANGS.includes(chosen)) {
    core().then((m) => m.changeLocale(chosen)).then(() => retitleTabs(chosen))
      .catch((e) => console.warn("genkit: language", e));
  }

  // Gradio writes the titles of a bar of tabs once, in the language the page had when it started
  // (before the choice above was applied): every title still in the other language is put in the
  // chosen one, at the start and after each click on a tab (a tab's sub-tabs appear when it opens).
  // window.genkitTabTitles comes from genkit.ui.page_head: every tab's title in both languages.
  function retitleTabs(lang) {
    const titles = window.genkitTabTitles || {};
    const other = LANGS.find((l) => l !== lang);
    const retitle = () => {
      for (const button of document.querySelectorAll(".tab-wrapper button, .overflow-dropdown button")) {
        const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const i = (titles[other] || []).indexOf(node.nodeValue.trim());
          if (i >= 0) node.nodeValue = titles[lang][i];  // the same text node: Svelte keeps its reference
        }
      }
    };
    const soon = () => [0, 100, 400, 1500].forEach((ms) => setTimeout(retitle, ms));  // as the bar is drawn
    soon();
    document.addEventListener("click", (e) => { if (e.target.closest("[role=tab], .overflow-menu")) soon(); }, true);
  }

  // 2. Sketchpads draw on the first stroke: Gradio's sketchpad starts with no tool chosen (and says
  //    "select the draw tool to start"), so a class drawing at once saw nothing. The brush is chosen
  //    for each sketchpad when it appears (a tab's sketchpads appear when it opens).
  function chooseBrushes() {
    for (const brush of document.querySelectorAll('button[aria-label="Brush"]')) {
      const pad = brush.closest(".block") || brush;
      if (pad.dataset.genkitBrush || brush.offsetParent === null) continue;  // once, when it is shown
      pad.dataset.genkitBrush = "1";
      if (!brush.classList.contains("highlight")) brush.click();
    }
  }
  const soonBrushes = () => [0, 200, 800, 2000].forEach((ms) => setTimeout(chooseBrushes, ms));
  soonBrushes();
  document.addEventListener("click", (e) => {
    if (e.target.closest("[role=tab], .overflow-menu, [type=radio]")) soonBrushes();
  }, true);

  // 3. A toast's title: Gradio writes its type ("Error", "Warning", "Info") in English whatever the
  //    language, above our translated message. window.genkitToastTitles (genkit.ui.page_head) has them
  //    in both languages; each new toast gets the page's.
  const toastTitles = (window.genkitToastTitles || {})[window.genkitLanguage] || {};
  const retitleToasts = () => {
    for (const title of document.querySelectorAll(".toast-title:not([data-genkit])")) {
      const type = [...title.classList].find((c) => c in toastTitles);
      const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); type && node; node = walker.nextNode()) {
        if (node.nodeValue.trim().toLowerCase() === type) {
          node.nodeValue = toastTitles[type] + " ";
          title.dataset.genkit = "1";
        }
      }
    }
  };
  new MutationObserver((changes) => {
    if (changes.some((c) => [...c.addedNodes].some((n) => n instanceof Element && n.closest(".toast-wrap, .toast-body")
        || (n instanceof Element && n.querySelector(".toast-title"))))) retitleToasts();
  }).observe(document.documentElement, { childList: true, subtree: true });

  // genkit.ui.build_app: the switch's input event calls this with "en" or "fr"
  window.genkitSetLanguage = (lang) => {
    if (!LANGS.includes(lang)) return;
    window.localStorage.setItem(KEY, lang);
    window.location.reload();
  };
})();
