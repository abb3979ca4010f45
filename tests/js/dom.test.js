// dom.js, the element helpers of the display and the dashboard: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const SOURCE = fs.readFileSync(path.join(__dirname, "../../static/js/dom.js"), "utf8");

/* dom.js in a fake page whose elements are plain objects. */
function load() {
  const byId = { clock: { id: "clock" } };
  const document = {
    getElementById: (id) => byId[id] || null,
    createElement: (tag) => ({ tagName: tag.toUpperCase(), className: "", textContent: "" }),
  };
  const window = { document };
  const context = { window, String };
  vm.createContext(context);
  vm.runInContext(SOURCE, context);
  return window.MppDom;
}

test("$ finds an element by id, null when there is none", () => {
  const dom = load();
  assert.strictEqual(dom.$("clock").id, "clock");
  assert.strictEqual(dom.$("nothing"), null);
});

test("el sets the class and the text, as text", () => {
  const node = load().el("p", "booth-label", "<b>A</b>");
  assert.strictEqual(node.tagName, "P");
  assert.strictEqual(node.className, "booth-label");
  assert.strictEqual(node.textContent, "<b>A</b>");
});

test("el turns numbers (0 included) into text and leaves null, undefined and no class out", () => {
  const dom = load();
  assert.strictEqual(dom.el("span", "n", 0).textContent, "0");
  assert.strictEqual(dom.el("span", "", null).textContent, "");
  assert.strictEqual(dom.el("span", null, undefined).className, "");
});
