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
  //    language, above our translated message. window.genkitWords (genkit.ui.page_head) has them
  //    in both languages; each new toast gets the page's.
  const words = (window.genkitWords || {})[window.genkitLanguage] || {};
  const toastTitles = words.toasts || {};
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

  // 4. An error where the user acted. A handler's error (gr.Error, already in the user's language)
  //    reaches the page as a toast in a corner, which the back of the room does not see, and Gradio
  //    writes "Error" over the outputs of the failed event, hiding their last pictures. Instead the
  //    message is written whole, once, under the control the user last touched (the button, slider or
  //    radio, or the row that holds it), and the toast is not shown; those outputs keep their last
  //    pictures, dimmed, with "not updated" on them (CSS: genkit.ui.PAGE_CSS). The message goes away at
  //    the user's next click, choice or Enter. An error with no control to show it under (none touched
  //    yet, or in a tab that is closed now) stays a toast.
  let touched = null;  // the control the user touched last (its block)
  const touch = (e) => {
    if (!(e.target instanceof Element) || e.target.closest(".genkit-error, .toast-wrap")) return;
    const control = e.target.closest(".gradio-container .block") || e.target.closest(".gradio-container button");
    if (!control) return;  // (a button is not inside a block of its own)
    touched = control;
  };
  const clear = (e) => {  // a gesture that acts (not a finger scrolling the page, which also touches)
    if (!(e.target instanceof Element) || e.target.closest(".genkit-error")) return;
    if (e.type !== "keydown" || e.key === "Enter") document.querySelectorAll(".genkit-error").forEach((a) => a.remove());
  };
  ["pointerdown", "keydown"].forEach((kind) => document.addEventListener(kind, touch, true));
  ["click", "change", "keydown"].forEach((kind) => document.addEventListener(kind, clear, true));
  const horizontal = (e) => {
    const style = getComputedStyle(e);
    return style.display.includes("flex") && style.flexDirection.startsWith("row") || e.classList.contains("form");
  };
  const underTouched = (message) => {
    if (!touched || touched.offsetParent === null) return false;
    let anchor = touched;  // below the row: a message inside a row would squeeze its neighbours
    while (anchor.parentElement && horizontal(anchor.parentElement)) anchor = anchor.parentElement;
    const next = anchor.nextElementSibling;
    if (next && next.matches(".genkit-error") && next.dataset.message === message) return true;  // once
    const alert = document.createElement("div");
    alert.className = "genkit-error";
    alert.setAttribute("role", "alert");
    alert.dataset.message = message;
    const title = document.createElement("strong");
    title.textContent = words.error_label || "Error:";
    const close = document.createElement("button");
    close.textContent = "×";
    close.setAttribute("aria-label", words.close || "Close");
    close.addEventListener("click", () => alert.remove());
    alert.append(title, document.createTextNode(message), close);
    anchor.after(alert);
    alert.scrollIntoView({ block: "nearest" });
    return true;
  };
  const placeErrors = () => {
    for (const toast of document.querySelectorAll('[data-testid="toast-body"].error:not(.genkit-placed)')) {
      const texts = [...new Set([...toast.querySelectorAll('[data-testid="toast-text"]')]
        .map((e) => e.textContent.trim()).filter(Boolean))];
      if (texts.length && underTouched(texts.join(" "))) toast.classList.add("genkit-placed");  // hidden (CSS)
    }
    for (const badge of document.querySelectorAll('[data-testid="status-tracker"] > span.error:not([data-genkit])')) {
      badge.dataset.genkit = "1";
      badge.textContent = words.stale || badge.textContent;
    }
  };
  // 5. The two labels Gradio writes in English only (its pictures' full-screen button), as tooltips
  const ENGLISH_ONLY = { "Fullscreen": "fullscreen", "Exit fullscreen mode": "exit_fullscreen" };
  const ENGLISH_BUTTONS = Object.keys(ENGLISH_ONLY).map((label) => `button[aria-label="${label}"]`).join(", ");
  const relabel = (root) => {
    for (const button of [root, ...root.querySelectorAll(ENGLISH_BUTTONS)].filter((e) => e.matches(ENGLISH_BUTTONS))) {
      const text = words[ENGLISH_ONLY[button.getAttribute("aria-label")]];
      button.setAttribute("aria-label", text);
      button.setAttribute("title", text);
    }
  };
  new MutationObserver((changes) => {
    const added = changes.flatMap((c) => [...c.addedNodes]).filter((n) => n instanceof Element);
    if (added.some((n) => n.closest(".toast-wrap") || n.querySelector(".toast-title, .error") || n.matches(".error"))) {
      retitleToasts();
      placeErrors();
    }
    if (window.genkitLanguage !== "en") added.forEach(relabel);  // only what was just added
  }).observe(document.documentElement, { childList: true, subtree: true });

  // genkit.ui.build_app: the switch's input event calls this with "en" or "fr"
  window.genkitSetLanguage = (lang) => {
    if (!LANGS.includes(lang)) return;
    window.localStorage.setItem(KEY, lang);
    window.location.reload();
  };
})();
