// The book's network in JavaScript: the forward pass, one step of mini-batch SGD, and MNIST-style
// preprocessing of a drawing. Used by the draw and train panels (panels.js, train-worker.js), and
// loaded by the tests in node, which check it against nnbook (tests/test_panels.py).
//
// Everything is float64 (Float64Array), as nnbook's checks are. The knobs are the book's list of
// (W, b) pairs: W[l] holds W row by row, shape (n_out, n_in); b[l] has n_out entries. One example
// at a time, the text's version of the equations; nnbook ships the vectorised one.
(function (root) {
  "use strict";

  // sigma(z) = 1 / (1 + e^(-z)), written so that e^(...) never overflows.
  function sigmoid(z) {
    if (z >= 0) return 1 / (1 + Math.exp(-z));
    const e = Math.exp(z);
    return e / (1 + e);
  }

  // Knobs from one long vector in nnbook.flatten's order: each layer's W row by row, then its b.
  function fromFlat(flat, sizes) {
    const W = [];
    const b = [];
    let start = 0;
    for (let l = 1; l < sizes.length; l++) {
      const nIn = sizes[l - 1];
      const nOut = sizes[l];
      W.push(Float64Array.from(flat.subarray(start, start + nOut * nIn)));
      start += nOut * nIn;
      b.push(Float64Array.from(flat.subarray(start, start + nOut)));
      start += nOut;
    }
    if (start !== flat.length) {
      throw new Error(`a network of sizes [${sizes}] has ${start} knobs; the vector has ${flat.length}`);
    }
    return { sizes: sizes.slice(), W, b };
  }

  function toFlat(net) {
    const parts = [];
    for (let l = 0; l < net.W.length; l++) parts.push(net.W[l], net.b[l]);
    const flat = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let start = 0;
    for (const p of parts) {
      flat.set(p, start);
      start += p.length;
    }
    return flat;
  }

  function copy(net) {
    return { sizes: net.sizes.slice(), W: net.W.map((w) => w.slice()), b: net.b.map((v) => v.slice()) };
  }

  // a(l) = sigma(W(l) a(l-1) + b(l)); returns every layer's activations, the input first.
  function forwardAll(net, x) {
    if (x.length !== net.sizes[0]) throw new Error(`the input should have ${net.sizes[0]} numbers; it has ${x.length}`);
    const activations = [x];
    let a = x;
    for (let l = 0; l < net.W.length; l++) {
      const W = net.W[l];
      const b = net.b[l];
      const nIn = a.length;
      const out = new Float64Array(b.length);
      for (let j = 0; j < b.length; j++) {
        let z = b[j];
        const row = j * nIn;
        for (let k = 0; k < nIn; k++) z += W[row + k] * a[k];
        out[j] = sigmoid(z);
      }
      activations.push(out);
      a = out;
    }
    return activations;
  }

  function forward(net, x) {
    const all = forwardAll(net, x);
    return all[all.length - 1];
  }

  function argmax(v) {
    let best = 0;
    for (let j = 1; j < v.length; j++) if (v[j] > v[best]) best = j;
    return best;
  }

  // One step of gradient descent on a mini-batch, in place: W <- W - eta * nabla_W C, b <- b - eta * nabla_b C,
  // where C is the quadratic cost averaged over the batch, C_x = sum_j (a_j - y_j)^2 (nnbook.cost).
  // xs: the inputs; labels: the right digits. Returns the batch's average cost before the step.
  function sgdStep(net, xs, labels, eta) {
    const L = net.W.length;
    const m = xs.length;
    const nablaW = net.W.map((w) => new Float64Array(w.length));
    const nablaB = net.b.map((v) => new Float64Array(v.length));
    let total = 0;
    for (let i = 0; i < m; i++) {
      const acts = forwardAll(net, xs[i]);
      const out = acts[L];
      // delta(L) = 2 (a - y) * sigma'(z), with sigma'(z) = a (1 - a)
      let delta = new Float64Array(out.length);
      for (let j = 0; j < out.length; j++) {
        const diff = out[j] - (j === labels[i] ? 1 : 0);
        total += diff * diff;
        delta[j] = 2 * diff * out[j] * (1 - out[j]);
      }
      for (let l = L - 1; l >= 0; l--) {
        const a = acts[l];
        const nIn = a.length;
        const gW = nablaW[l];
        const gB = nablaB[l];
        for (let j = 0; j < delta.length; j++) {
          const d = delta[j];
          gB[j] += d;
          if (d === 0) continue;
          const row = j * nIn;
          for (let k = 0; k < nIn; k++) gW[row + k] += d * a[k];
        }
        if (l > 0) {
          // delta(l-1) = W(l)^T delta(l) * sigma'(z(l-1)), with W before this step
          const W = net.W[l];
          const back = new Float64Array(nIn);
          for (let j = 0; j < delta.length; j++) {
            const d = delta[j];
            const row = j * nIn;
            for (let k = 0; k < nIn; k++) back[k] += W[row + k] * d;
          }
          for (let k = 0; k < nIn; k++) back[k] *= a[k] * (1 - a[k]);
          delta = back;
        }
      }
    }
    const scale = eta / m; // the gradient is the average over the batch
    for (let l = 0; l < L; l++) {
      const W = net.W[l];
      const gW = nablaW[l];
      for (let k = 0; k < W.length; k++) W[k] -= scale * gW[k];
      const b = net.b[l];
      const gB = nablaB[l];
      for (let j = 0; j < b.length; j++) b[j] -= scale * gB[j];
    }
    return total / m;
  }

  // Interval overlap weights for shrinking (or stretching) nSrc pixels into nDst: row k of the result
  // says how much of each source pixel falls into destination pixel k, as a fraction of its width.
  function boxWeights(nSrc, nDst) {
    const w = [];
    const span = nSrc / nDst;
    for (let k = 0; k < nDst; k++) {
      const lo = k * span;
      const hi = lo + span;
      const row = [];
      for (let s = Math.floor(lo); s < Math.min(Math.ceil(hi), nSrc); s++) {
        const overlap = Math.min(hi, s + 1) - Math.max(lo, s);
        if (overlap > 0) row.push([s, overlap / span]);
      }
      w.push(row);
    }
    return w;
  }

  // A drawing as MNIST's digits were made: the ink's bounding box scaled, keeping its shape, so its
  // longer side is 20 pixels (area-averaged, so edges come out grey: anti-aliased), then placed in a
  // 28x28 field with its centre of mass at the centre. ink: width*height values in 0..1, row by row.
  // Returns 784 numbers in 0..1 (row by row, like nnbook.mnist.load's columns), or null if there is no ink.
  function preprocess(ink, width, height) {
    if (ink.length !== width * height) throw new Error(`ink should have ${width * height} values; it has ${ink.length}`);
    const THRESHOLD = 0.05;
    let x0 = width;
    let x1 = -1;
    let y0 = height;
    let y1 = -1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (ink[y * width + x] > THRESHOLD) {
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        }
      }
    }
    if (x1 < 0) return null;
    const bw = x1 - x0 + 1;
    const bh = y1 - y0 + 1;
    const side = Math.max(bw, bh);
    const tw = Math.max(1, Math.round((bw * 20) / side));
    const th = Math.max(1, Math.round((bh * 20) / side));
    const wx = boxWeights(bw, tw);
    const wy = boxWeights(bh, th);
    // Shrink along x, then along y.
    const rows = new Float64Array(bh * tw);
    for (let y = 0; y < bh; y++) {
      const src = (y0 + y) * width + x0;
      for (let k = 0; k < tw; k++) {
        let s = 0;
        for (const [i, f] of wx[k]) s += ink[src + i] * f;
        rows[y * tw + k] = s;
      }
    }
    const small = new Float64Array(th * tw);
    for (let k = 0; k < th; k++) {
      for (let x = 0; x < tw; x++) {
        let s = 0;
        for (const [i, f] of wy[k]) s += rows[i * tw + x] * f;
        small[k * tw + x] = Math.min(Math.max(s, 0), 1);
      }
    }
    // Centre of mass (pixel centres at index + 0.5), then a whole-pixel shift that puts it at (14, 14).
    let mass = 0;
    let cx = 0;
    let cy = 0;
    for (let y = 0; y < th; y++) {
      for (let x = 0; x < tw; x++) {
        const v = small[y * tw + x];
        mass += v;
        cx += v * (x + 0.5);
        cy += v * (y + 0.5);
      }
    }
    const clamp = (v, hi) => Math.min(Math.max(v, 0), hi);
    const ox = clamp(Math.round(14 - cx / mass), 28 - tw);
    const oy = clamp(Math.round(14 - cy / mass), 28 - th);
    const out = new Float64Array(784);
    for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) out[(oy + y) * 28 + ox + x] = small[y * tw + x];
    return out;
  }

  // A small seeded random generator (mulberry32), for the train panel's shuffles.
  function rng(seed) {
    let s = seed >>> 0;
    return function () {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const api = { sigmoid, fromFlat, toFlat, copy, forwardAll, forward, argmax, sgdStep, preprocess, rng };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.nnbookNet = api;
})(typeof self !== "undefined" ? self : globalThis);
