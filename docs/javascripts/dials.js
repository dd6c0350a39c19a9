// The dials-and-landscape widget of chapters 6 and 7, on the pages that have a .nnbook-dials panel.
//
// A panel's data file (made by figures/ch06_dials.py from nnbook) holds, on a grid over the plane
// of chapter 6, the cost and the two in-plane parts of the real gradient. Between grid points
// everything is interpolated bilinearly, so at a grid point the cost shown is exactly the file's.
// The dials' position is kept in grid units (x along s, y along t) for that reason.
(function main() {
  "use strict";

  // docs/javascripts/panel-kit.js comes first in the page, but instant navigation inserts a page's scripts
  // anew and runs each as it arrives: if the kit has not run yet, start when it says it has.
  if (!window.nnbookPanelKit) {
    document.addEventListener("nnbook:panel-kit", main, { once: true });
    return;
  }
  const { el } = window.nnbookPanelKit;

  const SUB = 4; // slider positions per grid cell: one arrow key press is a quarter of a cell
  const MIN_ARROW = 30; // px: past the dot's radius (6.5), a dashed shaft and an arrowhead (9)
  const MAX_RUN = 300; // "run" stops after this many steps
  const RUN_DELAY = 120; // milliseconds between steps while running
  const SAY_EVERY = 2000; // while running, a screen reader hears the cost at most this often (milliseconds)
  const VIRIDIS = [
    [68, 1, 84], [72, 36, 117], [65, 68, 135], [53, 95, 141], [42, 120, 142], [33, 145, 140],
    [34, 168, 132], [68, 191, 112], [122, 209, 81], [189, 223, 38], [253, 231, 37],
  ];
  let count = 0;

  function viridis(u) {
    const x = Math.min(Math.max(u, 0), 1) * (VIRIDIS.length - 1);
    const i = Math.min(Math.floor(x), VIRIDIS.length - 2);
    const f = x - i;
    return VIRIDIS[i].map((c, k) => Math.round(c + (VIRIDIS[i + 1][k] - c) * f));
  }

  function fmt(v, digits) {
    const text = v.toFixed(digits);
    return text.startsWith("-") ? "\u2212" + text.slice(1) : text; // a real minus sign
  }

  // The landscape: bilinear interpolation on the grid, in grid units.
  function Landscape(data) {
    this.data = data;
    this.nx = data.s.n;
    this.ny = data.t.n;
  }
  Landscape.prototype.at = function (x, y) {
    const d = this.data;
    x = Math.min(Math.max(x, 0), this.nx - 1);
    y = Math.min(Math.max(y, 0), this.ny - 1);
    const j = Math.min(Math.floor(x), this.nx - 2);
    const i = Math.min(Math.floor(y), this.ny - 2);
    const fx = x - j;
    const fy = y - i;
    const lerp = (g) =>
      (g[i][j] * (1 - fx) + g[i][j + 1] * fx) * (1 - fy) + (g[i + 1][j] * (1 - fx) + g[i + 1][j + 1] * fx) * fy;
    return { cost: lerp(d.cost), gs: lerp(d.grad_s), gt: lerp(d.grad_t) };
  };
  Landscape.prototype.cost = function (x, y) {
    const g = this.data.cost;
    const j = Math.min(Math.floor(x), this.nx - 2);
    const i = Math.min(Math.floor(y), this.ny - 2);
    const fx = x - j;
    const fy = y - i;
    return (g[i][j] * (1 - fx) + g[i][j + 1] * fx) * (1 - fy) + (g[i + 1][j] * (1 - fx) + g[i + 1][j + 1] * fx) * fy;
  };
  Landscape.prototype.s = function (x) { return this.data.s.min + x * this.data.s.step; };
  Landscape.prototype.t = function (y) { return this.data.t.min + y * this.data.t.step; };
  Landscape.prototype.x = function (s) { return (s - this.data.s.min) / this.data.s.step; };
  Landscape.prototype.y = function (t) { return (t - this.data.t.min) / this.data.t.step; };
  Landscape.prototype.inside = function (x, y) { return x >= 0 && x <= this.nx - 1 && y >= 0 && y <= this.ny - 1; };
  Landscape.prototype.band = function (c) {
    const levels = this.data.levels;
    let k = 0;
    while (k < levels.length - 1 && c >= levels[k + 1]) k++;
    return k; // levels.length - 1 means above the top level
  };

  function build(root, data) {
    const id = "nnbook-dials-" + ++count;
    const land = new Landscape(data);
    const start = { x: land.x(data.start[0]), y: land.y(data.start[1]) };
    const state = { x: start.x, y: start.y, path: [start], steps: 0, timer: null };
    let etaIndex = Math.max(data.etas.indexOf(data.eta), 0);

    // The controls.
    const dial = (name, label, n) => {
      const input = el("input", { type: "range", id: `${id}-${name}`, min: "0", max: String((n - 1) * SUB), step: "1" });
      // aria-live off: an <output> is a live region, and the slider already says its value.
      const out = el("output", { for: `${id}-${name}`, class: "nnbook-dials__value", "aria-live": "off" });
      const row = el("div", { class: "nnbook-dials__dial" }, [
        el("label", { for: input.id }, [el("span", { class: "nnbook-dials__name", text: name }), " " + label]),
        el("div", { class: "nnbook-dials__row" }, [input, out]),
      ]);
      return { input, out, row };
    };
    const ds = dial("s", "along e\u2081, toward the network trained further", land.nx);
    const dt = dial("t", "along e\u2082, the downhill direction at the start", land.ny);
    const eta = el("input", { type: "range", id: `${id}-eta`, min: "0", max: String(data.etas.length - 1), step: "1" });
    const etaOut = el("output", { for: eta.id, class: "nnbook-dials__value", "aria-live": "off" });
    const costOut = el("output", { class: "nnbook-dials__cost-value", "aria-live": "off" });
    const slope = el("p", { class: "nnbook-dials__slope" });
    const stepButton = el("button", { type: "button", class: "nnbook-dials__step", text: "Step downhill" });
    const runButton = el("button", { type: "button", class: "nnbook-dials__run", "aria-pressed": "false", text: "Run" });
    const resetButton = el("button", { type: "button", class: "nnbook-dials__reset", text: "Reset" });
    // What happened, shown; and the same words for a screen reader, said through one live region
    // that a run updates at most every SAY_EVERY ms instead of every step.
    const status = el("p", { class: "nnbook-dials__status" });
    const announcer = el("p", { class: "nnbook-dials__announce", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    const canvas = el("canvas", {
      class: "nnbook-dials__map",
      role: "img",
    });
    const legend = el("p", {
      class: "nnbook-dials__legend",
      text: "Dark is low cost. The orange dot is where the dials sit, its arrow the next step downhill " +
        "(\u03b7 times minus the slope; dashed when that step is too short to see, and drawn longer), " +
        "the white trail the steps taken, and the red star the network trained further. " +
        "Click the map to move the dials there.",
    });
    const panel = el("div", { class: "nnbook-dials__panel" }, [
      el("div", { class: "nnbook-dials__figure" }, [canvas, legend]),
      el("div", { class: "nnbook-dials__controls" }, [
        el("div", { class: "nnbook-dials__group" }, [
          ds.row,
          dt.row,
          el("div", { class: "nnbook-dials__dial" }, [
            el("label", { for: eta.id }, ["learning rate ", el("span", { class: "nnbook-dials__name", text: "\u03b7" })]),
            el("div", { class: "nnbook-dials__row" }, [eta, etaOut]),
          ]),
        ]),
        el("div", { class: "nnbook-dials__group" }, [
          el("p", { class: "nnbook-dials__cost" }, ["cost ", el("var", { text: "C" }), " = ", costOut]),
          slope,
          el("div", { class: "nnbook-dials__buttons" }, [stepButton, runButton, resetButton]),
          status,
          announcer,
        ]),
      ]),
    ]);
    eta.value = String(etaIndex);

    // Showing the state.
    const here = () => land.at(state.x, state.y);
    let running = false;
    let lastSaid = -Infinity;
    let sayTimer = null;
    function say(message, now) {
      if (sayTimer !== null) clearTimeout(sayTimer);
      sayTimer = null;
      const wait = lastSaid + SAY_EVERY - performance.now();
      if (now || !running || wait <= 0) {
        announcer.textContent = message;
        lastSaid = performance.now();
      } else {
        sayTimer = setTimeout(() => say(status.textContent, true), wait);
      }
    }
    function show(message) {
      const { cost, gs, gt } = here();
      const s = land.s(state.x);
      const t = land.t(state.y);
      ds.input.value = String(Math.round(state.x * SUB));
      dt.input.value = String(Math.round(state.y * SUB));
      ds.out.value = fmt(s, 2);
      dt.out.value = fmt(t, 2);
      ds.input.setAttribute("aria-valuetext", `s = ${fmt(s, 2)}`);
      dt.input.setAttribute("aria-valuetext", `t = ${fmt(t, 2)}`);
      etaOut.value = String(data.etas[etaIndex]);
      eta.setAttribute("aria-valuetext", `learning rate ${data.etas[etaIndex]}`);
      costOut.value = fmt(cost, 4);
      costOut.dataset.value = String(cost);
      slope.textContent =
        `slopes: \u2202C/\u2202s = ${fmt(gs, 4)}, \u2202C/\u2202t = ${fmt(gt, 4)}; ` +
        `the next step moves s by ${fmt(-data.etas[etaIndex] * gs, 2)} and t by ${fmt(-data.etas[etaIndex] * gt, 2)}`;
      canvas.setAttribute(
        "aria-label",
        `Contour map of the cost over the two dials, dark where the cost is low. The dials sit at s = ${fmt(s, 2)}, ` +
          `t = ${fmt(t, 2)}, where the cost is ${fmt(cost, 4)}` +
          (state.steps ? `, after ${state.steps} ${state.steps === 1 ? "step" : "steps"} downhill.` : "."),
      );
      if (message !== undefined) {
        status.textContent = message;
        say(message);
      }
      draw();
    }

    function stop() {
      if (state.timer !== null) clearTimeout(state.timer);
      state.timer = null;
      running = false;
      runButton.textContent = "Run";
      runButton.setAttribute("aria-pressed", "false");
    }

    function moveTo(x, y, message) {
      stop();
      state.x = x;
      state.y = y;
      state.path = [{ x, y }];
      state.steps = 0;
      show(message);
    }

    // One step of gradient descent: (s, t) <- (s, t) - eta * gradient. Returns false if it cannot be taken.
    function step() {
      const before = here();
      const e = data.etas[etaIndex];
      const x = state.x - (e * before.gs) / data.s.step;
      const y = state.y - (e * before.gt) / data.t.step;
      if (!land.inside(x, y)) {
        show(`That step would leave the map (learning rate ${e}): the step is too big for this valley. Try a smaller learning rate, or Reset.`);
        return false;
      }
      state.x = x;
      state.y = y;
      state.path.push({ x, y });
      state.steps += 1;
      const after = here().cost;
      const word = after < before.cost ? "down" : "up";
      show(`Step ${state.steps}: the cost went ${word}, from ${fmt(before.cost, 4)} to ${fmt(after, 4)}.`);
      return true;
    }

    function run() {
      if (state.timer !== null) {
        stop();
        return say(status.textContent, true);
      }
      runButton.textContent = "Pause";
      runButton.setAttribute("aria-pressed", "true");
      running = true;
      let taken = 0;
      const end = (extra) => {
        stop();
        status.textContent += extra;
        say(status.textContent, true); // the end of a run is always said at once
      };
      const tick = () => {
        const x0 = state.x;
        const y0 = state.y;
        if (!step()) return end("");
        taken += 1;
        if (Math.hypot(state.x - x0, state.y - y0) < 1e-4) {
          end(" The slope here is almost flat: the walk has settled.");
        } else if (taken >= MAX_RUN) {
          end(` Paused after ${MAX_RUN} steps.`);
        } else {
          state.timer = setTimeout(tick, RUN_DELAY);
        }
      };
      tick();
    }

    // Turning a dial says where it is and what the cost is there.
    const turned = (name) => () => {
      const x = name === "s" ? Number(ds.input.value) / SUB : state.x;
      const y = name === "t" ? Number(dt.input.value) / SUB : state.y;
      const value = name === "s" ? land.s(x) : land.t(y);
      moveTo(x, y, `You turned dial ${name} to ${fmt(value, 2)}: the cost is ${fmt(land.at(x, y).cost, 4)}.`);
    };
    ds.input.addEventListener("input", turned("s"));
    dt.input.addEventListener("input", turned("t"));
    eta.addEventListener("input", () => {
      etaIndex = Number(eta.value);
      show();
    });
    stepButton.addEventListener("click", () => {
      stop();
      step();
    });
    runButton.addEventListener("click", run);
    resetButton.addEventListener("click", () => moveTo(start.x, start.y, "Back at the start: the partly trained network."));

    // Drawing. The filled map does not depend on the palette and is drawn once per size.
    const margin = { left: 46, right: 14, top: 10, bottom: 40 };
    let box = null;
    let bands = null;

    function palette() {
      const css = getComputedStyle(root);
      const get = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
      return {
        fg: get("--md-default-fg-color", "#222"),
        muted: get("--md-default-fg-color--light", "#777"),
        bg: get("--md-default-bg-color", "#fff"),
        accent: get("--md-accent-fg-color", "#f97316"),
      };
    }

    function resize() {
      const width = Math.max(Math.round(canvas.clientWidth), 200);
      const height = Math.round(Math.min(Math.max(width * 0.62, 220), 480));
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.style.height = height + "px";
      box = { width, height, ratio, w: width - margin.left - margin.right, h: height - margin.top - margin.bottom };
      bands = null;
    }

    // Pixel <-> grid units.
    const px = (x) => margin.left + (x / (land.nx - 1)) * box.w;
    const py = (y) => margin.top + (1 - y / (land.ny - 1)) * box.h;

    function paintBands() {
      const w = Math.round(box.w * box.ratio);
      const h = Math.round(box.h * box.ratio);
      const off = document.createElement("canvas");
      off.width = w;
      off.height = h;
      const ctx = off.getContext("2d");
      const img = ctx.createImageData(w, h);
      const top = data.levels.length - 1;
      const colours = Array.from({ length: top + 1 }, (_, k) => viridis(k / top));
      for (let r = 0; r < h; r++) {
        const y = (1 - (r + 0.5) / h) * (land.ny - 1);
        for (let c = 0; c < w; c++) {
          const x = ((c + 0.5) / w) * (land.nx - 1);
          const rgb = colours[land.band(land.cost(x, y))];
          const o = (r * w + c) * 4;
          img.data[o] = rgb[0];
          img.data[o + 1] = rgb[1];
          img.data[o + 2] = rgb[2];
          img.data[o + 3] = 255;
        }
      }
      ctx.putImageData(img, 0, 0);
      bands = off;
    }

    // Height lines by marching squares on the grid, one level at a time.
    function contourLines(ctx, level) {
      const g = data.cost;
      ctx.beginPath();
      for (let i = 0; i < land.ny - 1; i++) {
        for (let j = 0; j < land.nx - 1; j++) {
          const corners = [[j, i, g[i][j]], [j + 1, i, g[i][j + 1]], [j + 1, i + 1, g[i + 1][j + 1]], [j, i + 1, g[i + 1][j]]];
          const cross = [];
          for (let k = 0; k < 4; k++) {
            const [xa, ya, a] = corners[k];
            const [xb, yb, b] = corners[(k + 1) % 4];
            if ((a < level) !== (b < level)) {
              const f = (level - a) / (b - a);
              cross.push([xa + (xb - xa) * f, ya + (yb - ya) * f]);
            }
          }
          for (let k = 0; k + 1 < cross.length; k += 2) {
            ctx.moveTo(px(cross[k][0]), py(cross[k][1]));
            ctx.lineTo(px(cross[k + 1][0]), py(cross[k + 1][1]));
          }
        }
      }
      ctx.stroke();
    }

    function arrow(ctx, x0, y0, x1, y1, colour) {
      const len = Math.hypot(x1 - x0, y1 - y0);
      const head = 9;
      ctx.strokeStyle = colour;
      ctx.fillStyle = colour;
      ctx.lineWidth = 2.5;
      if (len > head) {
        ctx.beginPath();
        ctx.moveTo(x0, y0);
        ctx.lineTo(x1 - ((x1 - x0) / len) * head * 0.8, y1 - ((y1 - y0) / len) * head * 0.8);
        ctx.stroke();
      }
      if (len < 0.5) return;
      const a = Math.atan2(y1 - y0, x1 - x0);
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x1 - head * Math.cos(a - 0.45), y1 - head * Math.sin(a - 0.45));
      ctx.lineTo(x1 - head * Math.cos(a + 0.45), y1 - head * Math.sin(a + 0.45));
      ctx.closePath();
      ctx.fill();
    }

    function star(ctx, x, y, r, colour) {
      ctx.beginPath();
      for (let k = 0; k < 10; k++) {
        const a = -Math.PI / 2 + (k * Math.PI) / 5;
        const rr = k % 2 ? r * 0.45 : r;
        ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
      }
      ctx.closePath();
      ctx.fillStyle = colour;
      ctx.fill();
      ctx.strokeStyle = "#fff";
      ctx.lineWidth = 1;
      ctx.stroke();
    }

    function draw() {
      if (!box || canvas.clientWidth && Math.abs(canvas.clientWidth - box.width) > 1) resize();
      if (!bands) paintBands();
      const p = palette();
      const ctx = canvas.getContext("2d");
      ctx.setTransform(box.ratio, 0, 0, box.ratio, 0, 0);
      ctx.clearRect(0, 0, box.width, box.height);
      ctx.drawImage(bands, margin.left, margin.top, box.w, box.h);
      ctx.save();
      ctx.beginPath();
      ctx.rect(margin.left, margin.top, box.w, box.h);
      ctx.clip();
      ctx.strokeStyle = "rgba(255, 255, 255, 0.35)";
      ctx.lineWidth = 0.6;
      for (const level of data.levels.slice(1)) contourLines(ctx, level);
      // The star: the network trained much further.
      star(ctx, px(land.x(data.star[0])), py(land.y(data.star[1])), 9, "#ef4444");
      // The walk so far.
      if (state.path.length > 1) {
        ctx.strokeStyle = "#fff";
        ctx.lineWidth = 1.3;
        ctx.beginPath();
        state.path.forEach((q, k) => (k ? ctx.lineTo(px(q.x), py(q.y)) : ctx.moveTo(px(q.x), py(q.y))));
        ctx.stroke();
        ctx.fillStyle = "#fff";
        for (const q of state.path) {
          ctx.beginPath();
          ctx.arc(px(q.x), py(q.y), 2, 0, 2 * Math.PI);
          ctx.fill();
        }
      }
      // The next step, and where the dials sit.
      const { gs, gt } = here();
      const e = data.etas[etaIndex];
      const x1 = state.x - (e * gs) / data.s.step;
      const y1 = state.y - (e * gt) / data.t.step;
      // A step shorter than the dot would hide under it: draw it dashed, in its direction, just long enough to see.
      const [ax, ay, bx, by] = [px(state.x), py(state.y), px(x1), py(y1)];
      const drawn = Math.hypot(bx - ax, by - ay);
      if (drawn > 0 && drawn < MIN_ARROW) {
        const k = MIN_ARROW / drawn;
        ctx.setLineDash([4, 3]);
        arrow(ctx, ax, ay, ax + (bx - ax) * k, ay + (by - ay) * k, p.accent);
        ctx.setLineDash([]);
      } else {
        arrow(ctx, ax, ay, bx, by, p.accent);
      }
      ctx.beginPath();
      ctx.arc(px(state.x), py(state.y), 6.5, 0, 2 * Math.PI);
      ctx.fillStyle = p.accent;
      ctx.fill();
      ctx.strokeStyle = "#fff";
      ctx.lineWidth = 2;
      ctx.stroke();
      ctx.restore();
      // Axes.
      ctx.fillStyle = p.fg;
      ctx.strokeStyle = p.muted;
      ctx.lineWidth = 1;
      ctx.font = "12px " + getComputedStyle(root).fontFamily;
      ctx.strokeRect(margin.left, margin.top, box.w, box.h);
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      const sMax = land.s(land.nx - 1);
      const sTick = (sMax - data.s.min) / 6 >= 5 ? 10 : 1;
      for (let s = Math.ceil(data.s.min / sTick) * sTick; s <= sMax + 1e-9; s += sTick) {
        const X = px(land.x(s));
        ctx.beginPath();
        ctx.moveTo(X, margin.top + box.h);
        ctx.lineTo(X, margin.top + box.h + 4);
        ctx.stroke();
        ctx.fillText(fmt(s, 0), X, margin.top + box.h + 6);
      }
      ctx.fillText("dial s", margin.left + box.w / 2, margin.top + box.h + 22);
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      const tMax = land.t(land.ny - 1);
      const tTick = (tMax - data.t.min) / 6 >= 2 ? 4 : 1;
      for (let t = Math.ceil(data.t.min / tTick) * tTick; t <= tMax + 1e-9; t += tTick) {
        const Y = py(land.y(t));
        ctx.beginPath();
        ctx.moveTo(margin.left - 4, Y);
        ctx.lineTo(margin.left, Y);
        ctx.stroke();
        ctx.fillText(fmt(t, 0), margin.left - 6, Y);
      }
      ctx.save();
      ctx.translate(12, margin.top + box.h / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "center";
      ctx.fillText("dial t", 0, 0);
      ctx.restore();
    }

    // Clicking the map puts the dials there (the sliders do the same from the keyboard).
    canvas.addEventListener("click", (event) => {
      if (!box) return;
      const r = canvas.getBoundingClientRect();
      const x = ((event.clientX - r.left - margin.left) / box.w) * (land.nx - 1);
      const y = (1 - (event.clientY - r.top - margin.top) / box.h) * (land.ny - 1);
      if (land.inside(x, y)) moveTo(Math.round(x * SUB) / SUB, Math.round(y * SUB) / SUB, "You moved the dials on the map.");
    });

    root.append(panel);
    const fallback = root.querySelector(".nnbook-dials__static");
    if (fallback) fallback.hidden = true;
    root.dataset.ready = "yes";
    show("Turn a dial, or take a step downhill.");
    // Repaint when the reader switches palettes or the panel changes width.
    new MutationObserver(() => draw()).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    if (window.ResizeObserver) new ResizeObserver(() => requestAnimationFrame(draw)).observe(canvas);
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "loading";
    const url = new URL(root.dataset.src || "../data/dials.json", document.baseURI);
    fetch(url)
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
        return response.json();
      })
      .then((data) => build(root, data))
      .catch((error) => {
        root.dataset.ready = "failed";
        const note = root.querySelector(".nnbook-dials__note");
        if (note) note.textContent = `The interactive panel could not load its data (${error.message}); open the book through a web server (for example mkdocs serve) to use it. The picture shows where it starts.`;
        console.warn("nnbook dials:", error);
      });
  }

  // This file is on the pages that have a panel, in the page's content (docs/_hooks/loading.py), and runs
  // each time such a page is shown: on a first load (deferred: the page is parsed), and each time
  // instant navigation swaps one in (the theme re-runs the content's scripts). So it boots now.
  nnbookPanelKit.bootNear(".nnbook-dials", setup);
})();
