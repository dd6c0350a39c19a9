// "Check yourself" questions: checked in the browser, remembered in this browser only.
//
// docs/_hooks/questions.py writes each question as one element with data-question="<id>": the
// question, its choices as a list, and every answer with its explanation folded in <details>. That
// is the page without JavaScript. Here a choice list becomes a radio group (arrow keys move through
// it, Enter or the Check button checks), a number question gets a field; checking sets
// data-state="right" or "wrong" on the element and shows, in a polite live region, the verdict and
// the explanation of the answer given. Answers are kept in localStorage under one key, so they
// survive a reload and instant navigation (every page the theme swaps in is set up again, on
// document$); the summary page's table counts them and can clear them. Nothing is sent anywhere.
(function () {
  "use strict";

  const KEY = "nnbook-questions";

  function load() {
    try {
      const saved = JSON.parse(localStorage.getItem(KEY) || "{}");
      return saved && typeof saved === "object" ? saved : {};
    } catch (error) {
      return {}; // storage off or a damaged entry: start afresh rather than break the page
    }
  }

  function save(id, entry) {
    const all = load();
    all[id] = entry;
    try {
      localStorage.setItem(KEY, JSON.stringify(all));
    } catch (error) {
      // storage full or disabled: the answer is still checked, only not remembered
    }
  }

  // A number as a reader types it: "23,860", " 0.5 ", "−1.2", "1e-3".
  function parseNumber(text) {
    const clean = text.trim().replace(/[\u2212\u2013]/g, "-").replace(/[,\s_]/g, "");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(clean)) return NaN;
    return Number(clean);
  }

  function close(a, b, tolerance) {
    return Math.abs(a - b) <= tolerance + 1e-9 * Math.max(1, Math.abs(b));
  }

  // The explanation to show for an answer: a copy, without ids, of the one folded in the answer.
  function explanation(question, which) {
    const why = question.querySelector(`.nnbook-question__why[data-why="${which}"]`);
    const copy = why.cloneNode(true);
    copy.removeAttribute("data-why");
    copy.querySelectorAll("[id]").forEach((el) => el.removeAttribute("id"));
    return copy;
  }

  function show(question, state, which, chosen) {
    question.dataset.state = state;
    const feedback = question.querySelector(".nnbook-question__feedback");
    const verdict = document.createElement("p");
    verdict.className = "nnbook-question__verdict";
    verdict.textContent = `${state === "right" ? "Right." : "Not right."} Your answer: ${chosen}`;
    feedback.replaceChildren(verdict, explanation(question, which));
  }

  function checkChoice(question, remember) {
    const picked = question.querySelector("input[type=radio]:checked");
    if (!picked) return hint(question, "Pick one of the choices first.");
    const i = picked.value;
    const right = question.querySelector(`.nnbook-question__why[data-why="${i}"]`).hasAttribute("data-right");
    show(question, right ? "right" : "wrong", i, "ABCDEFGH"[Number(i)]);
    if (remember) save(question.dataset.question, { state: question.dataset.state, answer: i });
  }

  function checkNumber(question, remember) {
    const field = question.querySelector("input.nnbook-question__number");
    const x = parseNumber(field.value);
    if (Number.isNaN(x)) return hint(question, "Type a number first, like 12 or 0.5.");
    const tolerance = Number(question.dataset.tolerance);
    const whys = [...question.querySelectorAll(".nnbook-question__why")];
    let which;
    if (close(x, Number(question.dataset.answer), tolerance)) {
      which = whys.find((w) => w.hasAttribute("data-right"));
    } else {
      which = whys.find((w) => w.dataset.value !== undefined && close(x, Number(w.dataset.value), tolerance))
        || whys.find((w) => !w.hasAttribute("data-right") && w.dataset.value === undefined);
    }
    show(question, which.hasAttribute("data-right") ? "right" : "wrong", which.dataset.why, field.value.trim());
    if (remember) save(question.dataset.question, { state: question.dataset.state, answer: field.value.trim() });
  }

  function hint(question, text) {
    delete question.dataset.state;
    const p = document.createElement("p");
    p.className = "nnbook-question__verdict";
    p.textContent = text;
    question.querySelector(".nnbook-question__feedback").replaceChildren(p);
  }

  function check(question, remember) {
    if (question.dataset.kind === "number") checkNumber(question, remember);
    else checkChoice(question, remember);
  }

  // Turn the list of choices into a radio group labelled by the question.
  function radios(question, id) {
    const list = question.querySelector("ol.nnbook-question__choices");
    const group = document.createElement("fieldset");
    group.className = "nnbook-question__choices";
    group.setAttribute("aria-labelledby", `${id}-prompt`);
    [...list.children].forEach((item, i) => {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = id;
      input.value = String(i);
      const letter = document.createElement("span");
      letter.className = "nnbook-question__letter";
      letter.textContent = `${"ABCDEFGH"[i]}.`;
      const text = document.createElement("span");
      text.append(...item.childNodes);
      label.append(input, letter, text);
      group.append(label);
    });
    list.replaceWith(group);
    return group;
  }

  function numberField(question, id) {
    const wrap = document.createElement("p");
    wrap.className = "nnbook-question__field";
    const label = document.createElement("label");
    label.htmlFor = `${id}-answer`;
    label.textContent = "Your answer";
    const input = document.createElement("input");
    input.type = "text";
    input.inputMode = "decimal";
    input.autocomplete = "off";
    input.id = `${id}-answer`;
    input.className = "nnbook-question__number";
    input.setAttribute("aria-describedby", `${id}-tolerance`);
    wrap.append(label, input);
    question.querySelector(".nnbook-question__tolerance").before(wrap);
    return input;
  }

  // Each line of a question's code in a span of its own, so that a line the phone wraps can hang its
  // continuation under the line's text, four columns in (nnbook.css) instead of starting at the left edge, where it would
  // read as a new, unindented line of Python. A token that runs over two lines leaves the block as it is.
  function hangLines(code) {
    const lines = [[]];
    for (const node of code.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        node.data.split("\n").forEach((part, i) => {
          if (i > 0) lines.push([]);
          if (part) lines[lines.length - 1].push(document.createTextNode(part));
        });
      } else if (node.textContent.includes("\n")) {
        return;
      } else {
        lines[lines.length - 1].push(node);
      }
    }
    if (!lines[lines.length - 1].length) lines.pop();
    code.replaceChildren(...lines.map((parts) => {
      const line = document.createElement("span");
      line.className = "nnbook-line";
      line.append(...parts, "\n");
      // four columns past the line's own indentation
      line.style.setProperty("--hang", `${line.textContent.match(/^ */)[0].length + 4}ch`);
      return line;
    }));
  }

  function setUp(question) {
    if (question.dataset.ready) return;
    question.dataset.ready = "1";
    question.querySelectorAll("pre > code").forEach(hangLines);
    const id = question.id;
    const saved = load()[question.dataset.question];
    let first;
    let restored = false;
    if (question.dataset.kind === "number") {
      first = numberField(question, id);
      if (saved && typeof saved.answer === "string") {
        first.value = saved.answer;
        restored = true;
      }
    } else {
      const group = radios(question, id);
      first = group.querySelector("input");
      const input = saved && group.querySelector(`input[value="${CSS.escape(String(saved.answer))}"]`);
      if (input) {
        input.checked = true;
        restored = true;
      }
    }
    const actions = document.createElement("p");
    actions.className = "nnbook-question__actions";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button md-button--primary";
    button.textContent = "Check";
    actions.append(button);
    const feedback = document.createElement("div");
    feedback.className = "nnbook-question__feedback";
    feedback.id = `${id}-feedback`;
    feedback.setAttribute("aria-live", "polite");
    const answer = question.querySelector("details.nnbook-question__answer");
    answer.before(actions, feedback);
    answer.querySelector("summary").textContent = "Show every answer";
    (first.closest("fieldset") || first).setAttribute("aria-describedby",
      [first.getAttribute("aria-describedby"), feedback.id].filter(Boolean).join(" "));
    button.addEventListener("click", () => check(question, true));
    question.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.matches("input")) {
        event.preventDefault();
        check(question, true);
      }
    });
    // The answer given last time, checked again so that its verdict and explanation show.
    if (restored) check(question, false);
  }

  // The summary page: how many of each chapter's questions are answered right, and a way to forget.
  function progress() {
    const cells = document.querySelectorAll("[data-progress]");
    if (!cells.length) return;
    const all = load();
    cells.forEach((cell) => {
      const ids = cell.dataset.progress.split(" ").filter(Boolean);
      const right = ids.filter((id) => all[id] && all[id].state === "right").length;
      cell.textContent = `${right} of ${ids.length}`;
    });
    const clear = document.querySelector("[data-progress-clear]");
    if (clear && !clear.dataset.ready) {
      clear.dataset.ready = "1";
      clear.hidden = false;
      clear.addEventListener("click", () => {
        try {
          localStorage.removeItem(KEY);
        } catch (error) {
          // nothing was stored
        }
        progress();
        const status = document.querySelector(".nnbook-progress__status");
        if (status) status.textContent = "Your answers are cleared.";
      });
    }
  }

  // The questions are set up after the page's first frame, in a task of their own and a few
  // milliseconds at a time: at document$ they ran inside the theme's long start-up task, and their new
  // controls sent the whole page back to be laid out there (Lighthouse's blocking time on a slow phone).
  // Until then a question shows its no-script form (its choices, every answer folded); a reader who
  // reaches one first (a tap, a key, the focus) has it set up on the spot. Each run looks again for
  // the questions not set up, so a page swapped in by instant navigation meanwhile is the one set up.
  const BUDGET = 8; // ms
  let scheduled = false;
  function later() {
    if (scheduled) return;
    scheduled = true;
    window.nnbookAfterFrame(run); // page.js's: after the next frame, in a task of its own
  }
  function run() {
    scheduled = false;
    const start = performance.now();
    const waiting = [...document.querySelectorAll("[data-question]:not([data-ready])")];
    while (waiting.length && performance.now() - start < BUDGET) setUp(waiting.shift());
    if (waiting.length) later();
  }
  ["pointerdown", "focusin", "keydown"].forEach((type) => document.addEventListener(type, (event) => {
    const question = event.target.closest && event.target.closest("[data-question]:not([data-ready])");
    if (question) setUp(question);
  }, true));

  function start() {
    later();
    progress();
  }

  if (typeof document$ !== "undefined") document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
