// The train panel's worker: the book's mini-batch SGD (nnbook-net.js's sgdStep) on real MNIST digits,
// off the page's thread so the page stays responsive. Started by panels.js, which sends "init" with
// the untrained knobs and the digits, then "run", "pause", "step", "reset" and "set" (eta, batch size).
// It reports after every stretch of about 50 ms of work, with the test accuracy every EVERY digits seen.
"use strict";

const EVERY = 1000; // digits seen between two measurements of the test accuracy
const SLICE = 50; // milliseconds of work between two reports
let NET = null;
let start = null;
let net = null;
let train = null;
let test = null;
let eta = 1;
let batch = 10;
let running = false;
let seen = 0;
let order = [];
let cursor = 0;
let epoch = 0;
let random = null;
let costSum = 0;
let costN = 0;
let nextCheck = 0;

function inputs(split) {
  const xs = [];
  for (let i = 0; i < split.count; i++) {
    const x = new Float64Array(784);
    for (let p = 0; p < 784; p++) x[p] = split.pixels[784 * i + p] / 255;
    xs.push(x);
  }
  return { xs, labels: Array.from(split.labels) };
}

function shuffle() {
  order = Array.from({ length: train.xs.length }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  cursor = 0;
}

function testAccuracy() {
  let right = 0;
  for (let i = 0; i < test.xs.length; i++) if (NET.argmax(NET.forward(net, test.xs[i])) === test.labels[i]) right++;
  return right / test.xs.length;
}

// One mini-batch; an epoch ends when every training digit has been used once.
function oneStep() {
  if (cursor >= order.length) shuffle();
  const idx = order.slice(cursor, cursor + batch);
  cursor += idx.length;
  const c = NET.sgdStep(net, idx.map((i) => train.xs[i]), idx.map((i) => train.labels[i]), eta);
  if (!Number.isFinite(c)) throw new Error(`The cost became ${c}: the learning rate ${eta} is too large. Reset, and pick a smaller one.`);
  costSum += c * idx.length;
  costN += idx.length;
  seen += idx.length;
  if (cursor >= order.length) epoch += 1;
  return idx.length;
}

function report(extra) {
  let accuracy = null;
  if (seen >= nextCheck || (extra && extra.stepped)) {
    accuracy = testAccuracy();
    nextCheck = seen + EVERY;
  }
  const cost = costN ? costSum / costN : null;
  if (accuracy !== null) {
    costSum = 0;
    costN = 0;
  }
  postMessage({ type: "progress", seen, epoch, cost, accuracy, running, ...extra });
}

function loop() {
  if (!running) return;
  try {
    const until = performance.now() + SLICE;
    while (performance.now() < until && seen < nextCheck) oneStep();
    report();
  } catch (error) {
    running = false;
    postMessage({ type: "error", message: error.message });
    return;
  }
  setTimeout(loop, 0); // lets "pause" and "set" in between
}

function restart() {
  net = NET.fromFlat(start, start.sizes);
  random = NET.rng(0);
  seen = 0;
  epoch = 0;
  costSum = 0;
  costN = 0;
  nextCheck = 0;
  shuffle();
}

onmessage = (e) => {
  try {
    handle(e.data);
  } catch (error) {
    running = false;
    postMessage({ type: "error", message: `The training stopped: ${error.message}` });
  }
};

function handle(m) {
  if (m.type === "init") {
    importScripts(m.script);
    NET = self.nnbookNet;
    start = m.flat;
    start.sizes = m.sizes;
    train = inputs(m.train);
    test = inputs(m.test);
    eta = m.eta;
    batch = m.batch;
    restart();
    report({ reset: true });
  } else if (m.type === "set") {
    eta = m.eta;
    batch = m.batch;
  } else if (m.type === "run") {
    if (!running) {
      running = true;
      loop();
    }
  } else if (m.type === "pause") {
    running = false;
  } else if (m.type === "step") {
    report({ stepped: oneStep() });
  } else if (m.type === "reset") {
    running = false;
    restart();
    report({ reset: true });
  }
}
