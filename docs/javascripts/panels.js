// The draw and train panels (chapters 1, 2, 7 and 10): the book's 784-16-16-10 network in the page.
//
// A draw panel (data-panel="draw") reads the reader's handwriting, or a real MNIST test digit, with
// the untrained network of chapter 1 or the trained one of chapter 10. A train panel (data-panel="train")
// trains the untrained network on real MNIST digits in a Web Worker (train-worker.js) with the book's
// mini-batch SGD. The arithmetic is nnbook-net.js, which the tests check against nnbook itself.
// The knobs are docs/data/network-*.f32/.f64 (figures/panels.py); the digits are made at build time
// (docs/_hooks/digits.py) and may be missing: then the panels say so.
(function main() {
  "use strict";

  // docs/javascripts/panel-kit.js comes first in the page, but instant navigation inserts a page's scripts
  // anew and runs each as it arrives: if the kit has not run yet, start when it says it has.
  if (!window.nnbookPanelKit) {
    document.addEventListener("nnbook:panel-kit", main, { once: true });
    return;
  }
  const { el } = window.nnbookPanelKit;

  const SCRIPT = document.currentScript ? document.currentScript.src : document.baseURI;
  const SITE = new URL("../", SCRIPT); // this file is <site>/javascripts/panels.js
  const SIZES = [784, 16, 16, 10];
  let NET = window.nnbookNet; // nnbook-net.js: see arithmetic()
  const cache = {};
  let count = 0;

  function once(key, make) {
    if (!cache[key]) cache[key] = make();
    return cache[key];
  }

  function bytes(path) {
    const url = new URL(path, SITE);
    return fetch(url).then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status} for ${url.pathname}`);
      return r.arrayBuffer();
    });
  }

  function network(which) {
    return once("net-" + which, () =>
      which === "trained"
        ? bytes("data/network-trained.f32").then((b) => NET.fromFlat(new Float32Array(b), SIZES))
        : bytes("data/network-untrained.f64").then((b) => NET.fromFlat(new Float64Array(b), SIZES)),
    );
  }

  // {train: {labels, pixels, count}, test: {...}} from the build's digit files, or an Error saying they are missing.
  function digits(splits) {
    return once("manifest", () =>
      bytes("data/digits.json").then((b) => JSON.parse(new TextDecoder().decode(b))),
    ).then((manifest) => {
      if (manifest.missing) throw new Error(manifest.missing);
      return Promise.all(
        splits.map((split) =>
          once("digits-" + split, () =>
            bytes("data/" + manifest[split].file).then((b) => {
              const n = manifest[split].count;
              return { count: n, labels: new Uint8Array(b, 0, n), pixels: new Uint8Array(b, n, n * 784), about: manifest[split].about };
            }),
          ),
        ),
      ).then((list) => Object.fromEntries(splits.map((s, i) => [s, list[i]])));
    });
  }

  const pct = (v) => (100 * v).toFixed(1) + "%";

  function palette(root) {
    const css = getComputedStyle(root);
    const get = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
    return { fg: get("--md-default-fg-color", "#222"), muted: get("--md-default-fg-color--light", "#666"), font: css.fontFamily };
  }

  // A cell's colour for an activation a in 0..1, from pale to deep indigo, with black or white text,
  // whichever contrasts more (both are at least 4.5:1 against any colour on this scale).
  function cellColours(a) {
    const lo = [238, 240, 251];
    const hi = [26, 35, 126];
    const rgb = lo.map((c, k) => Math.round(c + (hi[k] - c) * a));
    const lin = rgb.map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    const lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
    return { bg: `rgb(${rgb.join(",")})`, fg: lum > 0.179 ? "#000" : "#fff" };
  }

  // ---------------------------------------------------------------- draw panel
  function buildDraw(root) {
    const id = "nnbook-draw-" + ++count;
    const SIDE = 280; // the drawing surface's own pixels; ten per MNIST pixel
    const withHidden = root.dataset.hidden === "yes";
    const withSwitch = root.dataset.switch === "yes";
    let which = root.dataset.network === "trained" ? "trained" : "untrained";
    let net = null;
    let input = null; // the 784 numbers the network reads
    let testIndex = -1;

    const canvas = el("canvas", {
      class: "nnbook-draw__canvas",
      width: String(SIDE),
      height: String(SIDE),
      role: "img",
      "aria-label": "Drawing area: draw one digit here with the mouse, a finger or a pen. From the keyboard, use the Show me a test digit button instead.",
    });
    const clear = el("button", { type: "button", class: "nnbook-panel__button", text: "Clear drawing" });
    const showTest = el("button", { type: "button", class: "nnbook-panel__button", text: "Show me a test digit" });
    const seen = el("canvas", { class: "nnbook-draw__seen", width: "28", height: "28", role: "img", "aria-label": "The 28 by 28 digit the network reads: empty" });
    const answer = el("strong", { class: "nnbook-draw__digit", "data-answer": "", text: "none yet" });
    const status = el("p", { class: "nnbook-panel__status", role: "status", "aria-live": "polite" });
    const bars = el("ol", { class: "nnbook-draw__bars", start: "0", "aria-label": "The network's ten outputs, one per digit" });
    const rows = [];
    for (let d = 0; d < 10; d++) {
      const fill = el("span", { class: "nnbook-draw__fill" });
      const value = el("span", { class: "nnbook-draw__value", text: "\u2013" });
      const li = el("li", { class: "nnbook-draw__row" }, [
        el("span", { class: "nnbook-draw__label", text: String(d) }),
        el("span", { class: "nnbook-draw__bar", "aria-hidden": "true" }, [fill]),
        value,
      ]);
      bars.append(li);
      rows.push({ li, fill, value });
    }
    const layers = [];
    const hidden = el("div", { class: "nnbook-draw__hidden" });
    if (withHidden) {
      for (const l of [1, 2]) {
        const cells = [];
        const grid = el("div", { class: "nnbook-draw__cells" });
        for (let j = 0; j < 16; j++) {
          const cell = el("span", { class: "nnbook-draw__cell", text: "\u2013" });
          cells.push(cell);
          grid.append(cell);
        }
        hidden.append(el("div", { class: "nnbook-draw__layer", role: "group", "aria-label": `hidden layer ${l}: the activations of its 16 neurons` }, [
          el("p", { class: "nnbook-draw__caption", text: `hidden layer ${l}, 16 neurons` }),
          grid,
        ]));
        layers.push(cells);
      }
    }
    const toggle = el("input", { type: "checkbox", role: "switch", id: id + "-trained" });
    const controls = el("div", { class: "nnbook-panel__buttons" }, [clear, showTest]);
    const body = [
      el("div", { class: "nnbook-draw__input" }, [canvas, controls]),
      el("div", { class: "nnbook-draw__middle" }, [
        el("figure", { class: "nnbook-draw__seen-box" }, [seen, el("figcaption", { text: "what the network reads: 28 \u00d7 28 numbers" })]),
        hidden,
      ]),
      el("div", { class: "nnbook-draw__out" }, [
        el("p", { class: "nnbook-draw__answer" }, ["The network's answer: ", answer]),
        bars,
      ]),
    ];
    if (withSwitch) {
      toggle.checked = which === "trained";
      controls.append(el("label", { class: "nnbook-draw__switch", for: toggle.id }, [toggle, " use the trained network (chapter 10)"]));
    }
    const panel = el("div", { class: "nnbook-panel nnbook-draw__panel" }, [el("div", { class: "nnbook-draw__grid" }, body), status]);

    // The drawing surface: white paper and dark ink in both palettes. Only the ink's opacity is read.
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    function wipe() {
      ctx.clearRect(0, 0, SIDE, SIDE);
      input = null;
      testIndex = -1;
    }

    function show(message) {
      const sctx = seen.getContext("2d");
      const img = sctx.createImageData(28, 28);
      for (let i = 0; i < 784; i++) {
        const v = input ? Math.round(255 * (1 - input[i])) : 255;
        img.data.set([v, v, v, 255], 4 * i);
      }
      sctx.putImageData(img, 0, 0);
      if (!input || !net) {
        answer.dataset.answer = "";
        answer.textContent = net ? "none yet" : "loading";
        for (const r of rows) {
          r.fill.style.width = "0";
          r.value.textContent = "\u2013";
          r.li.classList.remove("nnbook-draw__row--top");
        }
        for (const cells of layers) {
          for (const c of cells) {
            c.style.background = "";
            c.style.color = "";
            c.textContent = "\u2013";
          }
        }
        seen.setAttribute("aria-label", "The 28 by 28 digit the network reads: empty");
      } else {
        const acts = NET.forwardAll(net, input);
        const out = acts[acts.length - 1];
        const top = NET.argmax(out);
        answer.dataset.answer = String(top);
        answer.textContent = String(top);
        rows.forEach((r, d) => {
          r.fill.style.width = (100 * out[d]).toFixed(1) + "%";
          r.value.textContent = out[d].toFixed(2);
          r.li.classList.toggle("nnbook-draw__row--top", d === top);
        });
        layers.forEach((cells, l) =>
          cells.forEach((c, j) => {
            const a = acts[l + 1][j];
            const col = cellColours(a);
            c.style.background = col.bg;
            c.style.color = col.fg;
            c.textContent = a.toFixed(2).replace(/^0\./, ".");
            c.title = `neuron ${j}: ${a.toFixed(3)}`;  // numbered from 0, as in the book
          }),
        );
        seen.setAttribute("aria-label", testIndex >= 0 ? `The 28 by 28 test image ${testIndex}` : "The 28 by 28 digit made from your drawing");
      }
      if (message !== undefined) status.textContent = message;
    }

    function readDrawing() {
      const rgba = ctx.getImageData(0, 0, SIDE, SIDE).data;
      const ink = new Float64Array(SIDE * SIDE);
      for (let i = 0; i < ink.length; i++) ink[i] = rgba[4 * i + 3] / 255;
      testIndex = -1;
      input = NET.preprocess(ink, SIDE, SIDE);
    }

    // Pointer events: mouse, touch and pen alike.
    let drawing = false;
    let last = null;
    let pending = false;
    const point = (e) => {
      const r = canvas.getBoundingClientRect();
      return [((e.clientX - r.left) / r.width) * SIDE, ((e.clientY - r.top) / r.height) * SIDE];
    };
    canvas.addEventListener("pointerdown", (e) => {
      if (e.button !== undefined && e.button > 0) return;
      e.preventDefault();
      if (testIndex >= 0) wipe(); // drawing over a test digit starts a fresh page
      canvas.setPointerCapture(e.pointerId);
      drawing = true;
      last = point(e);
      ctx.fillStyle = "#111";
      ctx.beginPath();
      ctx.arc(last[0], last[1], 10, 0, 2 * Math.PI);
      ctx.fill();
    });
    canvas.addEventListener("pointermove", (e) => {
      if (!drawing) return;
      const p = point(e);
      ctx.strokeStyle = "#111";
      ctx.lineWidth = 20; // MNIST strokes are about two pixels of the 20-pixel box
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.beginPath();
      ctx.moveTo(last[0], last[1]);
      ctx.lineTo(p[0], p[1]);
      ctx.stroke();
      last = p;
      if (!pending) {
        pending = true;
        requestAnimationFrame(() => {
          pending = false;
          readDrawing();
          show();
        });
      }
    });
    const end = () => {
      if (!drawing) return;
      drawing = false;
      readDrawing();
      show(net && input ? `The network reads your drawing as ${answer.dataset.answer}.` : undefined);
    };
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);

    clear.addEventListener("click", () => {
      wipe();
      show("Cleared. Draw a digit.");
    });

    showTest.addEventListener("click", () => {
      digits(["test"])
        .then(({ test }) => {
          const i = (testIndex + 1 + test.count) % test.count;
          wipe();
          testIndex = i;
          input = new Float64Array(784);
          const img = ctx.createImageData(SIDE, SIDE);
          for (let p = 0; p < 784; p++) {
            const v = test.pixels[784 * i + p];
            input[p] = v / 255;
            const px = p % 28;
            const py = Math.floor(p / 28);
            for (let dy = 0; dy < 10; dy++) {
              for (let dx = 0; dx < 10; dx++) img.data.set([17, 17, 17, v], 4 * ((py * 10 + dy) * SIDE + px * 10 + dx));
            }
          }
          ctx.putImageData(img, 0, 0);
          const label = test.labels[i];
          show();
          const said = answer.dataset.answer;
          status.textContent =
            // numbered from 0, as the book's code numbers them: test image 18 is images[:, 18]
            `Test image ${i} (one of the first ${test.count.toLocaleString("en")}), a ${label}: the ${which} network answers ${said}` +
            (String(label) === said ? ", which is right." : ", which is wrong.");
        })
        .catch((error) => {
          status.textContent = error.message;
          root.dataset.digits = "missing";
        });
    });

    function use(name) {
      which = name;
      network(name).then((n) => {
        net = n;
        show(`Now using the ${name} network.`);
      });
    }
    toggle.addEventListener("change", () => use(toggle.checked ? "trained" : "untrained"));

    return network(which).then((n) => {
      net = n;
      root.append(panel);
      const fallback = root.querySelector(".nnbook-panel__static");
      if (fallback) fallback.hidden = true;
      show(`Draw a digit in the box, or press Show me a test digit. This is the ${which} network.`);
      root.dataset.ready = "yes";
    });
  }

  // ---------------------------------------------------------------- train panel
  function buildTrain(root) {
    const id = "nnbook-train-" + ++count;
    const ETAS = [0.1, 0.3, 0.5, 1, 2, 3, 5, 10];
    const BATCHES = [1, 5, 10, 20, 50, 100];
    const start = el("button", { type: "button", class: "nnbook-panel__button nnbook-train__start", "aria-pressed": "false", text: "Start" });
    const stepButton = el("button", { type: "button", class: "nnbook-panel__button", text: "Step" });
    const reset = el("button", { type: "button", class: "nnbook-panel__button", text: "Reset" });
    const select = (name, values, chosen) => {
      const s = el("select", { id: `${id}-${name}` });
      for (const v of values) s.append(el("option", { value: String(v), text: String(v) }));
      s.value = String(chosen);
      return s;
    };
    const eta = select("eta", ETAS, root.dataset.eta || 1);
    const batch = select("batch", BATCHES, root.dataset.batch || 10);
    const accuracy = el("output", { class: "nnbook-train__accuracy", "data-accuracy": "", text: "\u2013" });
    const costOut = el("output", { class: "nnbook-train__cost", text: "\u2013" });
    const seenOut = el("output", { class: "nnbook-train__seen", text: "0" });
    const status = el("p", { class: "nnbook-panel__status", role: "status", "aria-live": "polite" });
    const chart = el("canvas", {
      class: "nnbook-train__chart",
      role: "img",
      "aria-label": "Training curves: the cost on the mini-batches and the accuracy on held-out test digits, against the number of training digits seen",
    });
    const panel = el("div", { class: "nnbook-panel nnbook-train__panel" }, [
      el("div", { class: "nnbook-panel__buttons" }, [start, stepButton, reset]),
      el("div", { class: "nnbook-train__controls" }, [
        el("label", { for: eta.id }, ["learning rate ", el("var", { text: "\u03b7" }), " ", eta]),
        el("label", { for: batch.id }, ["batch size ", el("var", { text: "m" }), " ", batch]),
      ]),
      el("dl", { class: "nnbook-train__readout" }, [
        el("div", {}, [el("dt", { text: "digits seen" }), el("dd", {}, [seenOut])]),
        el("div", {}, [el("dt", { text: "cost (recent batches)" }), el("dd", {}, [costOut])]),
        el("div", {}, [el("dt", { text: "test accuracy" }), el("dd", {}, [accuracy])]),
      ]),
      chart,
      el("p", { class: "nnbook-train__legend" }, [
        el("span", { class: "nnbook-train__key nnbook-train__key--cost", "aria-hidden": "true" }),
        " cost, left scale; ",
        el("span", { class: "nnbook-train__key nnbook-train__key--acc", "aria-hidden": "true" }),
        " test accuracy, right scale; across: thousands of training digits seen",
      ]),
      status,
    ]);

    let worker = null;
    let running = false;
    let points = [];
    let about = "";
    let epochSaid = 0;

    function setRunning(on) {
      running = on;
      start.textContent = on ? "Pause" : "Start";
      start.setAttribute("aria-pressed", on ? "true" : "false");
    }
    const settings = () => ({ type: "set", eta: Number(eta.value), batch: Number(batch.value) });
    eta.addEventListener("change", () => worker && worker.postMessage(settings()));
    batch.addEventListener("change", () => worker && worker.postMessage(settings()));
    start.addEventListener("click", () => {
      if (!worker) return;
      setRunning(!running);
      worker.postMessage({ type: running ? "run" : "pause" });
      status.textContent = running ? "Training." : "Paused.";
    });
    stepButton.addEventListener("click", () => {
      if (!worker) return;
      setRunning(false);
      worker.postMessage({ type: "pause" });
      worker.postMessage({ type: "step" });
    });
    reset.addEventListener("click", () => {
      if (!worker) return;
      setRunning(false);
      points = [];
      epochSaid = 0;
      worker.postMessage({ type: "reset" });
      status.textContent = "Back to the untrained network.";
    });

    function onMessage(e) {
      const m = e.data;
      if (m.type === "error") {
        setRunning(false);
        status.textContent = m.message;
        return;
      }
      if (m.reset) points = [];
      seenOut.value = m.seen.toLocaleString("en");
      if (m.cost !== null) costOut.value = m.cost.toFixed(4);
      if (m.accuracy !== null) {
        accuracy.value = pct(m.accuracy);
        accuracy.dataset.accuracy = String(m.accuracy);
        points.push({ seen: m.seen, cost: m.cost, accuracy: m.accuracy });
      }
      if (m.epoch > epochSaid) {
        epochSaid = m.epoch;
        // the accuracy at the pass's end: the headline figure above goes on updating as training does
        status.textContent = `Pass ${m.epoch} over ${about} done; at its end, test accuracy ${accuracy.value}.`;
      } else if (m.stepped) {
        status.textContent = `One step on ${m.stepped} digits: cost ${m.cost.toFixed(4)}, test accuracy ${accuracy.value}.`;
      }
      draw();
    }

    // The curves: cost on the left scale (0 to the largest seen), accuracy on the right (0 to 100%).
    function draw() {
      const width = Math.max(Math.round(chart.clientWidth), 200);
      const height = Math.round(Math.min(Math.max(width * 0.45, 180), 300));
      const ratio = window.devicePixelRatio || 1;
      if (chart.width !== Math.round(width * ratio)) chart.width = Math.round(width * ratio);
      if (chart.height !== Math.round(height * ratio)) chart.height = Math.round(height * ratio);
      chart.style.height = height + "px";
      const p = palette(root);
      const ctx = chart.getContext("2d");
      const m = { left: 44, right: 44, top: 10, bottom: 30 };
      const w = width - m.left - m.right;
      const h = height - m.top - m.bottom;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, width, height);
      ctx.font = "12px " + p.font;
      ctx.strokeStyle = p.muted;
      ctx.lineWidth = 1;
      ctx.strokeRect(m.left, m.top, w, h);
      // Four equal steps on each scale, each step a round number (1, 2, 2.5 or 5 times a power of ten), so
      // every tick is labelled with its exact value.
      const step = (top) => {
        const unit = 10 ** Math.floor(Math.log10(top / 4));
        return [1, 2, 2.5, 5, 10].map((f) => f * unit).find((s) => 4 * s >= top);
      };
      const label = (v) => String(Math.round(v * 1000) / 1000);
      const xStep = step(Math.max(1000, points.length ? points[points.length - 1].seen : 0));
      const xMax = 4 * xStep;
      const costs = points.map((q) => q.cost).filter((c) => c !== null);
      const cStep = step(Math.max(0.2, ...costs));
      const cMax = 4 * cStep;
      const X = (s) => m.left + (s / xMax) * w;
      ctx.fillStyle = p.fg;
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      for (let k = 0; k <= 4; k++) ctx.fillText(label((k * xStep) / 1000), m.left + (k * w) / 4, m.top + h + 6);
      ctx.textBaseline = "middle";
      for (let k = 0; k <= 4; k++) {
        const y = m.top + h - (k * h) / 4;
        ctx.textAlign = "right";
        ctx.fillText(label(k * cStep), m.left - 4, y);
        ctx.textAlign = "left";
        ctx.fillText(k * 25 + "%", m.left + w + 4, y);
      }
      const line = (values, top, colour) => {
        ctx.strokeStyle = colour;
        ctx.lineWidth = 2;
        ctx.beginPath();
        let first = true;
        for (const q of points) {
          const v = values(q);
          if (v === null) continue;
          const y = m.top + h - (v / top) * h;
          if (first) ctx.moveTo(X(q.seen), y);
          else ctx.lineTo(X(q.seen), y);
          first = false;
        }
        ctx.stroke();
      };
      line((q) => q.cost, cMax, "#3b82f6");
      line((q) => q.accuracy, 1, "#f97316");
    }

    return Promise.all([network("untrained"), digits(["train", "test"])]).then(([net, data]) => {
      about = data.train.about;
      root.append(panel);
      const fallback = root.querySelector(".nnbook-panel__static");
      if (fallback) fallback.hidden = true;
      worker = new Worker(new URL("javascripts/train-worker.js", SITE));
      worker.onmessage = onMessage;
      worker.onerror = (e) => {
        status.textContent = "The training worker failed: " + e.message;
        console.error("nnbook train:", e.message);
      };
      worker.postMessage({
        ...settings(),
        type: "init",
        script: new URL("javascripts/nnbook-net.js", SITE).href,
        flat: NET.toFlat(net),
        sizes: SIZES,
        train: data.train,
        test: data.test,
      });
      status.textContent = `Ready: the untrained network and ${data.train.about}. Press Start.`;
      root.dataset.ready = "yes";
      new MutationObserver(draw).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
      if (window.ResizeObserver) new ResizeObserver(() => requestAnimationFrame(draw)).observe(chart);
    });
  }

  // nnbook-net.js is placed just before this file (docs/_hooks/loading.py) and, on a first load, runs
  // first. On a page shown by instant navigation the theme starts both at once and either may finish
  // first: a panel then waits for it.
  function arithmetic() {
    if (window.nnbookNet) return Promise.resolve((NET = window.nnbookNet));
    const script = document.querySelector('script[src$="javascripts/nnbook-net.js"]');
    if (!script) return Promise.reject(new Error("nnbook-net.js is not on this page"));
    return new Promise((resolve, reject) => {
      script.addEventListener("load", () => resolve((NET = window.nnbookNet)), { once: true });
      script.addEventListener("error", () => reject(new Error("nnbook-net.js did not load")), { once: true });
    });
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "loading";
    const build = root.dataset.panel === "train" ? buildTrain : buildDraw;
    arithmetic()
      .then(() => build(root))
      .catch((error) => {
        root.dataset.ready = "failed";
        const missing = /MNIST/.test(error.message);
        if (missing) root.dataset.digits = "missing";
        const note = root.querySelector(".nnbook-panel__note");
        const text = missing
          ? error.message + " The picture shows what the panel does."
          : `The interactive panel could not load (${error.message}); open the book through a web server (for example mkdocs serve) to use it. The picture shows what it does.`;
        if (note) note.textContent = text;
        if (!missing) console.warn("nnbook panel:", error);
      });
  }

  // This file is on the pages that have a panel, in the page's content (docs/_hooks/loading.py), and runs
  // each time such a page is shown: on a first load (deferred: the page is parsed), and each time
  // instant navigation swaps one in (the theme re-runs the content's scripts). So it boots now.
  nnbookPanelKit.bootNear("[data-panel=draw], [data-panel=train]", setup);
})();
