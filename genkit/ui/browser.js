// genkit's browser path: the student's own browser runs the sampling graphs of genkit/export.py with
// onnxruntime-web (WebAssembly), so that a class of 100 does not queue for the Space's one CPU.
// genkit/ui/browser.py puts this script in the page's <head>, after window.genkitBrowserConfig
// (where the runtime and each graph are, their constants, and this script's words in both languages).
//
// The maths is not here: each graph is a whole step of its sampler, traced from the Python the server
// runs. This script draws the starting noise from the seed (as genkit.export.portable_noise does), loops
// over the timesteps the server chose (genkit.samplers.timesteps, listed in the configuration), and
// paints pixels. When it cannot (no WebAssembly, a graph that does not load), it says so and clicks the
// view's server button: the same picture, from the same seed, computed by the server.
(() => {
  const config = window.genkitBrowserConfig || { models: {}, words: {} };
  const words = () => config.words[window.genkitLanguage] || config.words.en || {};
  const fill = (text, values) => (text || "").replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
  const number = (x, digits) => Number(x).toLocaleString(window.genkitLanguage === "fr" ? "fr-FR" : "en-US",
    { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const yieldToPage = () => new Promise((resolve) => setTimeout(resolve, 0));  // the page may paint, then go on

  // ------------------------------------------------------------------ the runtime and the graphs, loaded once
  let runtime = null;
  const sessions = {};

  // onnxruntime-web's script, then its WebAssembly module, both from the app (browser.py: static_paths)
  function loadRuntime() {
    if (runtime) return runtime;
    runtime = new Promise((resolve, reject) => {
      if (typeof WebAssembly !== "object" || !config.runtime) {
        reject(new Error(config.error || words().no_wasm));
        return;
      }
      const base = new URL(config.runtime, document.baseURI).href;  // absolute: the runtime loads its module from it
      const script = document.createElement("script");
      script.src = base + "ort.wasm.min.js";
      script.onload = () => {
        window.ort.env.wasm.wasmPaths = base;
        window.ort.env.logLevel = "error";  // not its start-up warnings (an unknown CPU vendor) in the console
        // threads share memory only in a cross-origin isolated page (browser.py: isolation): then one per core, up to 4
        window.ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
        resolve(window.ort);
      };
      script.onerror = () => reject(new Error(script.src));
      document.head.appendChild(script);
    });
    runtime.catch(() => { runtime = null; });  // a later click tries again
    return runtime;
  }

  function session(name) {
    const model = config.models[name];
    if (!model) return Promise.reject(new Error(name));
    if (!sessions[name]) {
      sessions[name] = loadRuntime().then((ort) =>
        ort.InferenceSession.create(new URL(model.url, document.baseURI).href, { executionProviders: ["wasm"] }));
      sessions[name].catch(() => { delete sessions[name]; });
    }
    return sessions[name];
  }

  // a view's runtime and graph loaded when its tab opens, while the student reads it, not after the click
  function preload(name) {
    if (!config.models[name] || sessions[name]) return;
    session(name).catch((err) => console.warn("genkit: preload", name, err));
  }

  // ------------------------------------------------------------------ the noise: genkit.export.portable_noise

  // mirrors genkit.export.mulberry32: n uniform numbers in (0, 1] from a 32-bit seed (uint32 arithmetic)
  function mulberry32(seed, n) {
    const out = new Float64Array(n);
    let state = seed >>> 0;
    for (let i = 0; i < n; i++) {
      state = (state + 0x6D2B79F5) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 15), z | 1) >>> 0;
      z = (z ^ ((z + (Math.imul(z ^ (z >>> 7), z | 61) >>> 0)) >>> 0)) >>> 0;
      out[i] = (((z ^ (z >>> 14)) >>> 0) + 1) / 4294967296;
    }
    return out;
  }

  // mirrors genkit.export.portable_noise: pairs of uniforms become two normal numbers (Box-Muller)
  function portableNoise(seed, n) {
    const u = mulberry32(seed, 2 * Math.ceil(n / 2));
    const out = new Float32Array(n);
    for (let i = 0; 2 * i < n; i++) {
      const r = Math.sqrt(-2 * Math.log(u[2 * i])), theta = 2 * Math.PI * u[2 * i + 1];
      out[2 * i] = r * Math.cos(theta);
      if (2 * i + 1 < n) out[2 * i + 1] = r * Math.sin(theta);
    }
    return out;
  }

  // ------------------------------------------------------------------ painting: genkit.viz.grid's layout

  // images (B, C, H, W) in [0, 1] -> a grid of `cols` columns, `pad` pixels of grey 0.3 between them
  // (viz.grid(x, nrow=cols, pad=2, value=0.3), as the server draws it), on the view's canvas `role`
  function paint(view, role, data, [b, c, h, w], cols) {
    const canvas = document.querySelector(`#${view} canvas[data-role=${role}]`);
    if (!canvas) return;
    const pad = 2, rows = Math.ceil(b / cols);
    canvas.width = cols * (w + pad) + pad;
    canvas.height = rows * (h + pad) + pad;
    const ctx = canvas.getContext("2d");
    const pixels = ctx.createImageData(canvas.width, canvas.height);
    pixels.data.fill(Math.round(0.3 * 255));
    for (let i = 3; i < pixels.data.length; i += 4) pixels.data[i] = 255;
    for (let k = 0; k < b; k++) {
      const x0 = pad + (k % cols) * (w + pad), y0 = pad + Math.floor(k / cols) * (h + pad);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const p = 4 * ((y0 + y) * canvas.width + x0 + x);
          for (let ch = 0; ch < 3; ch++) {
            const v = data[((k * c + (c === 3 ? ch : 0)) * h + y) * w + x];
            pixels.data[p + ch] = Math.round(255 * Math.min(1, Math.max(0, v)));
          }
        }
      }
    }
    ctx.putImageData(pixels, 0, 0);
  }

  function say(view, text, kind) {
    const line = document.querySelector(`#${view} .genkit-browser-status`);
    if (!line) return;
    line.textContent = text;
    line.className = "genkit-browser-status" + (kind === "error" ? " genkit-browser-error" : "");
  }

  // a whole number in [lo, hi], or null (the view then says which setting is wrong)
  function whole(value, lo, hi) {
    const x = Number(value);
    return Number.isInteger(x) && x >= lo && x <= hi ? x : null;
  }

  // the browser could not: say why, and let the server draw the same picture (its button in this view)
  function fallBack(view, server, err) {
    console.warn("genkit: browser path", err);
    say(view, fill(words().fallback, { why: err && err.message ? err.message : String(err) }), "error");
    const button = document.getElementById(server);
    if (button) button.click();
  }

  // a view's captions in the page's language (its gr.HTML's js_on_load, when Gradio draws it)
  function label(element) {
    for (const cap of element.querySelectorAll("[data-caption]")) cap.textContent = words()[cap.dataset.caption] || "";
    const status = element.querySelector(".genkit-browser-status[data-hint]");
    if (status && status.dataset.hint && !status.textContent) status.textContent = words()[status.dataset.hint] || "";
  }

  const timing = {};  // the last run of each view, for the benchmark (genkit/bench.py --browser) and the tests

  // ------------------------------------------------------------------ the views

  // The loop of genkit.samplers.ddim_steps (eta = 0), or euler_steps for a flow, over a step graph:
  // x_T = portable_noise(seed, (n, C, H, W)), then one run of the graph per pair of timesteps (t, t_prev), x_t and
  // x0 painted at each; -> the last outputs.
  // `feeds`: the graph's other inputs (the prompt's ids and w for text-to-image).
  async function denoise(view, net, model, n, steps, seed, cols, feeds) {
    const ort = window.ort, shape = [n, ...model.shape], ts = config.timesteps[model.schedule][steps];
    const flow = model.schedule === "flow";
    let x = new ort.Tensor("float32", portableNoise(seed, shape.reduce((a, b) => a * b)), shape);
    paint(view, "xt", x.data.map((v) => (v + 1) / 2), shape, cols);  // x_T as the server shows it: [-1, 1] -> [0, 1]
    const time = flow  // a flow's times in [0, 1], a diffusion's whole timesteps
      ? (t) => new ort.Tensor("float32", Float32Array.from([t]), [1])
      : (t) => new ort.Tensor("int64", BigInt64Array.from([BigInt(t)]), [1]);
    let out = null;
    for (let i = 0; i < steps; i++) {
      out = await net.run({ x_t: x, t: time(ts[i]), t_prev: time(ts[i + 1]), ...feeds });
      x = out.x_prev;
      paint(view, "xt", out.x_prev_image.data, shape, cols);
      paint(view, "x0", out.x0_image.data, shape, cols);
      say(view, fill(words().running, { i: i + 1, n: steps, t: flow ? number(ts[i + 1], 2) : ts[i + 1] }));
      await yieldToPage();  // the page paints this step (at its next frame) while the next one runs
    }
    return out;
  }

  // a run's step count and seed as whole numbers, or null once the view has said which one is wrong
  function stepsAndSeed(view, model, steps, seed) {
    const s = whole(steps, 1, model.max_steps), k = readSeed(view, seed);
    if (s === null) say(view, fill(words().bad_steps, { max: model.max_steps }), "error");
    return s === null || k === null ? null : [s, k];
  }

  // a seed as the server reads it (genkit/ui/inputs.py: SEED_MAX), or null once the view has said it is wrong
  function readSeed(view, seed) {
    const k = whole(seed, 0, config.seed_max);
    if (k === null) say(view, fill(words().bad_seed, { max: config.seed_max }), "error");
    return k;
  }

  // a finished run's times (and its last image) kept for the benchmark and the tests -> its seconds in all
  function timed(view, started, loaded, out, extra) {
    const now = performance.now();
    timing[view] = { total_s: (now - started) / 1000, load_s: (loaded - started) / 1000, run_s: (now - loaded) / 1000,
                     image: Array.from(out.x_prev_image.data), ...extra };
    return timing[view].total_s;
  }

  // Diffusion: `n` samples of checkpoint `name` in `steps` steps from the seed's x_T, x_t and x0 streamed step by
  // step. Mirrors genkit.samplers.ddim_sample (eta = 0) for diffusion-*, euler_steps for flow-*, from
  // x_T = portable_noise(seed, (n, C, H, W)).
  async function diffusion(view, server, name, steps, seed, n = 16, cols = 4) {
    const model = config.models[name], w = words();
    if (!model) return fallBack(view, server, new Error(fill(w.no_graph, { name })));
    const run = stepsAndSeed(view, model, steps, seed);
    if (!run) return;
    [steps, seed] = run;
    const started = performance.now();
    try {
      say(view, w.loading);
      const net = await session(name);
      const loaded = performance.now();
      const out = await denoise(view, net, model, n, steps, seed, cols, {});  // export.DDIMStep
      const s = timed(view, started, loaded, out, {});
      say(view, fill(model.schedule === "flow" ? w.flow_done : w.done, { n, steps, seed, s: number(s, 2) }));
    } catch (err) {
      fallBack(view, server, err);
    }
  }

  // The same noise at several step counts: one x_T = portable_noise(seed, (1, C, H, W)) through each model of
  // config.counts (DDIM on diffusion-mnist, Euler on flow-mnist) with each number of steps, a row per model,
  // painted as each run ends. Mirrors genkit/ui/diffusion_browser.py's count_samples.
  async function counts(view, server, seed) {
    const { steps, models } = config.counts || { steps: [], models: [] }, w = words();
    const missing = models.find((name) => !config.models[name]);
    if (missing || !models.length) return fallBack(view, server, new Error(fill(w.no_graph, { name: missing })));
    seed = readSeed(view, seed);
    if (seed === null) return;
    const started = performance.now(), images = [];
    try {
      say(view, w.loading);
      for (const name of models) {
        const model = config.models[name], net = await session(name);
        for (const k of steps) {
          const out = await denoise(view, net, model, 1, k, seed, 1, {});  // its x_t, x0 canvases: not in this view
          images.push(...out.x_prev_image.data);
          paint(view, "counts", images, [images.length / out.x_prev_image.data.length, ...model.shape], steps.length);
        }
      }
      const s = (performance.now() - started) / 1000;
      timing[view] = { total_s: s, image: images };
      say(view, fill(w.counts_done, { seed, counts: steps.join(", "), s: number(s, 2) }));
    } catch (err) {
      fallBack(view, server, err);
    }
  }

  // mirrors genkit.text.words: lower case, punctuation (Unicode category P) becomes a space, split on spaces
  function splitWords(text) {
    const t = text.toLowerCase().replace(/\p{P}/gu, " ").trim();
    return t ? t.split(/\s+/) : [];
  }

  // A prompt read as the server reads it (genkit/ui/text2img_inputs.py: read_prompt, marked_words), then
  // tokenized as genkit.text.Tokenizer.batch does: its known words' ids in order, 0 after them.
  // -> { ids (max_len,), unknown } or { error } (the words of the message in the page's language).
  function tokenize(model, prompt) {
    const w = words(), length = [...prompt].length;
    if (length > model.max_chars) return { error: fill(w.t2i_long, { n: length, max: model.max_chars }) };
    const ws = splitWords(prompt.trim()), index = new Map(model.vocab.map((v, i) => [v, i]));
    const known = ws.filter((x) => index.has(x)), unknown = [...new Set(ws.filter((x) => !index.has(x)))];
    if (known.length > model.max_len) return { error: fill(w.t2i_words, { n: known.length, max: model.max_len }) };
    const quote = (x) => (window.genkitLanguage === "fr" ? `« ${x} »` : `“${x}”`);
    if (ws.length && !ws.some((x) => model.content.includes(x))) {
      const listed = unknown.map(quote).join(", ") || "–";
      return { error: fill(w.t2i_none, { words: listed, known: model.content.join(", ") }) };
    }
    const ids = new Array(model.max_len).fill(0);
    known.forEach((x, i) => { ids[i] = index.get(x); });
    return { ids, unknown: unknown.map(quote).join(", ") };
  }

  // Text-to-image: `n` images of the prompt, DDIM with classifier-free guidance at w, x_t and x0 streamed.
  // Mirrors genkit.text2img.generate(model, [prompt] * n, w, steps, x_T=portable_noise(seed, (n, C, H, W))).
  async function text2img(view, server, dataset, prompt, w, steps, seed, n = 4, cols = 2) {
    const name = `text2img-${dataset}`, model = config.models[name], say_ = words();
    if (!model) return fallBack(view, server, new Error(fill(say_.no_graph, { name })));
    prompt = prompt == null ? "" : String(prompt);
    const read = tokenize(model, prompt);
    if (read.error) return say(view, read.error, "error");
    const guidance = Number(w);
    if (!(w !== "" && w !== null && guidance >= 0 && guidance <= model.w_max)) {
      return say(view, fill(say_.bad_w, { max: model.w_max }), "error");
    }
    const run = stepsAndSeed(view, model, steps, seed);
    if (!run) return;
    [steps, seed] = run;
    const started = performance.now();
    try {
      say(view, say_.loading);
      const net = await session(name), ort = window.ort;
      const loaded = performance.now();
      const ids = new ort.Tensor("int64", BigInt64Array.from(Array(n).fill(read.ids).flat(), BigInt),
        [n, model.max_len]);
      const wt = new ort.Tensor("float32", Float32Array.from([guidance]), [1]);
      const out = await denoise(view, net, model, n, steps, seed, cols, { ids, w: wt });  // export.GuidedStep
      const s = timed(view, started, loaded, out, { ids: read.ids });
      const done = fill(say_.t2i_done,
        { n, prompt: prompt.trim(), w: number(guidance, 1), steps, seed, s: number(s, 2) });
      say(view, read.unknown ? `${done} ${fill(say_.t2i_unknown, { words: read.unknown })}` : done);
    } catch (err) {
      fallBack(view, server, err);
    }
  }

  // The GAN's generator on a grid: G(z) for the seed's n codes z = portable_noise(seed, (n, z_dim)).
  async function gan(view, server, dataset, seed, n = 64, cols = 8) {
    const name = `gan-${dataset}`, model = config.models[name], w = words();
    if (!model) return fallBack(view, server, new Error(fill(w.no_graph, { name })));
    seed = readSeed(view, seed);
    if (seed === null) return;
    try {
      if (!sessions[name]) say(view, w.loading);
      const net = await session(name), ort = window.ort;
      const started = performance.now();
      const z = new ort.Tensor("float32", portableNoise(seed, n * model.z), [n, model.z]);
      const out = await net.run({ z });  // export.Generator
      paint(view, "g", out.image.data, out.image.dims, cols);
      const ms = performance.now() - started;
      timing[view] = { run_s: ms / 1000, image: Array.from(out.image.data) };
      say(view, fill(w.gan_done, { n, seed, ms: number(ms, 0) }));
    } catch (err) {
      fallBack(view, server, err);
    }
  }

  // The VAE's latent map: the code under the pointer, decoded at every move (no server round trip).
  // The map's pixel -> z is genkit.views.vae.pixel_to_z, an affine map whose coefficients are in the config.
  // One listener for the page (the map is drawn when its tab opens): config.pointer names the map's picture,
  // the dataset radio and the view that shows the decoding.
  function followPointer({ view, image, radio }) {
    let busy = false, pending = null, frames = 0, total = 0, since = performance.now(), at = [0, 0];
    // the decoding also follows the pointer, beside it, so that it is seen wherever the map is on the screen
    const tip = document.createElement("canvas");
    tip.className = "genkit-pointer-tip";
    document.body.appendChild(tip);
    const decode = async (name, z1, z2) => {
      const net = await session(name), ort = window.ort;
      const z = new ort.Tensor("float32", Float32Array.from([z1, z2]), [1, 2]);
      const out = await net.run({ z });  // export.Decoder
      paint(view, "x", out.image.data, out.image.dims, 1);
      const source = document.querySelector(`#${view} canvas[data-role=x]`);
      if (source) {
        tip.width = source.width;
        tip.height = source.height;
        tip.getContext("2d").drawImage(source, 0, 0);
        tip.style.display = "block";
        const right = at[0] + 24 + tip.offsetWidth < window.innerWidth;  // beside the pointer, on the side with room
        tip.style.left = `${right ? at[0] + 24 : Math.max(0, at[0] - 24 - tip.offsetWidth)}px`;
        tip.style.top = `${Math.max(8, at[1] - 150)}px`;
      }
      frames += 1;
      total += 1;
      const now = performance.now(), fps = (1000 * frames) / Math.max(1, now - since);
      timing[view] = { fps, total, z: [z1, z2], image: Array.from(out.image.data) };
      say(view, fill(words().pointer, { z1: number(z1, 2), z2: number(z2, 2), fps: number(fps, 0) }));
      if (now - since > 2000) { frames = 0; since = now; }  // frames per second over the last two seconds
    };
    document.addEventListener("pointermove", (e) => {
      const img = e.target.closest && e.target.closest(`#${image} img`);
      if (!img || !img.naturalWidth) return;
      const checked = document.querySelector(`#${radio} input:checked`);
      const name = `vae-${checked ? checked.value : "mnist"}-z2`, model = config.models[name];
      if (!model) return say(view, fill(words().no_graph, { name }), "error");
      // the picture is drawn with object-fit: contain; the pointer -> the map's own pixel
      const box = img.getBoundingClientRect();
      const scale = Math.min(box.width / img.naturalWidth, box.height / img.naturalHeight);
      const px = (e.clientX - box.left - (box.width - scale * img.naturalWidth) / 2) / scale;
      const py = (e.clientY - box.top - (box.height - scale * img.naturalHeight) / 2) / scale;
      if (px < 0 || py < 0 || px > img.naturalWidth || py > img.naturalHeight) return;
      at = [e.clientX, e.clientY];
      const [a1, b1, a2, b2] = model.pixel_to_z;  // z1 = a1 + b1 px, z2 = a2 + b2 py, within the map's edge
      const edge = (z) => Math.min(model.limit, Math.max(-model.limit, z));
      pending = [name, edge(a1 + b1 * px), edge(a2 + b2 * py)];
      if (busy) return;  // one decode at a time; the latest position is decoded next
      busy = true;
      (async () => {
        try {
          while (pending) {
            const args = pending;
            pending = null;
            await decode(...args);
            await nextFrame();
          }
        } catch (err) {
          say(view, fill(words().fallback_pointer, { why: err.message || String(err) }), "error");
        } finally {
          busy = false;
        }
      })();
    });
    document.addEventListener("pointerout", (e) => {  // the pointer left the map: the floating decoding goes
      if (e.target.closest && e.target.closest(`#${image}`)) tip.style.display = "none";
    });
  }
  if (config.pointer) followPointer(config.pointer);

  window.genkitBrowser = { diffusion, counts, text2img, gan, tokenize, label, preload, portableNoise, mulberry32,
                           timing, session };
})();
