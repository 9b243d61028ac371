/* 繁體 switch: shows the page in traditional characters, converted in the browser with
   the table sitegen makes from OpenCC's dictionaries and ships (s2t.json, named by
   this script's data-table; sitegen/traditional/tables.py): at each place the longest
   phrase of the table, else the character (头发 → 頭髮, 以后 → 以後, 皇后 stays).
   - The table is fetched only when the reader turns 繁體 on (or has it on: the choice is
     kept in localStorage). Then this script, run in <head>, hides the page until it is
     converted (html.traditional-wait; shown after TIMEOUT ms whatever happens), so
     the reader never sees the simplified text flash or move.
   - Text and the title, aria-label, placeholder and alt attributes are converted; links,
     form values (inputs, options without their own value) and scripts are not, nor
     anything under [data-traditional-skip]. What is added later (search results) is
     converted as it comes. Turning it off puts back each text exactly as it was, and
     the page's own lang; while on, <html lang="zh-Hant">.
   Without JavaScript the control stays hidden (style.css shows it under
   html.traditional-js). */
(function () {
  "use strict";
  var KEY = "sitegen-traditional";
  var TIMEOUT = 1500;
  var ATTRIBUTES = ["title", "aria-label", "placeholder", "alt"];
  var SKIP = { SCRIPT: 1, STYLE: 1, NOSCRIPT: 1, TEMPLATE: 1, TEXTAREA: 1 };
  var HAN = /[\u3400-\u9fff\uf900-\ufaff]|[\ud840-\ud8bf][\udc00-\udfff]/;
  var root = document.documentElement;
  var script = document.currentScript;
  var tableUrl = script && script.getAttribute("data-table");
  var table = null;
  var loading = null;
  var texts = new Map();  // Text node -> { original, converted }
  var attributes = new Map();  // Element -> { name: { original, converted } }
  var pageLang = root.getAttribute("lang");
  var observer = null;
  var on = false;

  function stored() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }

  function store(value) {
    try {
      if (value) window.localStorage.setItem(KEY, "1");
      else window.localStorage.removeItem(KEY);
    } catch (e) { /* storage blocked: this page only */ }
  }

  /** s2t.json -> { chars: Map, phrases: Map, longest: Map (first character -> longest phrase) } */
  function parse(data) {
    var chars = new Map();
    var pairs = Array.from(data.chars);
    for (var i = 0; i + 1 < pairs.length; i += 2) chars.set(pairs[i], pairs[i + 1]);
    var phrases = new Map();
    var longest = new Map();
    data.phrases.split("\n").forEach(function (line) {
      var tab = line.indexOf("\t");
      if (tab < 0) return;
      var from = Array.from(line.slice(0, tab));
      var to = Array.from(line.slice(tab + 1)).map(function (c, j) {
        return c === "." ? chars.get(from[j]) || from[j] : c;
      });
      phrases.set(from.join(""), to.join(""));
      longest.set(from[0], Math.max(longest.get(from[0]) || 0, from.length));
    });
    return { chars: chars, phrases: phrases, longest: longest };
  }

  /** The table, fetched once (again after a failure). */
  function load() {
    if (!loading) {
      loading = fetch(tableUrl)
        .then(function (response) {
          if (!response.ok) throw new Error("繁體 table: HTTP " + response.status);
          return response.json();
        })
        .then(function (data) { table = parse(data); return table; });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  /** `text` in traditional characters (the table must be loaded). */
  function convert(text) {
    if (!HAN.test(text)) return text;
    var cs = Array.from(text);
    var out = "";
    for (var i = 0; i < cs.length;) {
      var n = Math.min(table.longest.get(cs[i]) || 0, cs.length - i);
      for (; n > 1; n--) {
        var hit = table.phrases.get(cs.slice(i, i + n).join(""));
        if (hit !== undefined) { out += hit; break; }
      }
      if (n > 1) { i += n; continue; }
      out += table.chars.get(cs[i]) || cs[i];
      i += 1;
    }
    return out;
  }

  function skipped(element) {
    return SKIP[element.nodeName] === 1 || element.hasAttribute("data-traditional-skip") ||
      (element.nodeName === "OPTION" && !element.hasAttribute("value"));  // its text is its value
  }

  function convertText(node) {
    var kept = texts.get(node);
    if (kept && kept.converted === node.data) return;  // converted already (a node moved)
    var converted = convert(node.data);
    if (converted === node.data) return;
    texts.set(node, { original: node.data, converted: converted });
    node.data = converted;
  }

  function convertAttributes(element) {
    for (var i = 0; i < ATTRIBUTES.length; i++) {
      var name = ATTRIBUTES[i];
      var value = element.getAttribute(name);
      if (value === null) continue;
      var converted = convert(value);
      if (converted === value) continue;
      var kept = attributes.get(element) || {};
      kept[name] = { original: value, converted: converted };
      attributes.set(element, kept);
      element.setAttribute(name, converted);
    }
  }

  function insideSkipped(element) {
    for (; element; element = element.parentElement) if (skipped(element)) return true;
    return false;
  }

  /** Converts `node` and what it holds, but nothing under a skipped element. */
  function convertTree(node) {
    if (node.nodeType === 3) {
      if (!insideSkipped(node.parentElement)) convertText(node);
      return;
    }
    if (node.nodeType !== 1 || insideSkipped(node)) return;
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.nodeType === 1 && skipped(n) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    for (var current = node; current; current = walker.nextNode()) {
      if (current.nodeType === 3) convertText(current);
      else convertAttributes(current);
    }
  }

  function convertPage() {
    var title = document.querySelector("title");
    if (title) convertTree(title);
    convertTree(document.body);
    root.setAttribute("lang", "zh-Hant");
    observer = new MutationObserver(function (records) {
      records.forEach(function (record) { record.addedNodes.forEach(convertTree); });
    });
    observer.observe(document.body, { childList: true, subtree: true });
  }

  /** Puts back every text and attribute this script changed (unless changed since). */
  function restorePage() {
    if (observer) observer.disconnect();
    observer = null;
    texts.forEach(function (kept, node) { if (node.data === kept.converted) node.data = kept.original; });
    attributes.forEach(function (kept, element) {
      Object.keys(kept).forEach(function (name) {
        if (element.getAttribute(name) === kept[name].converted) element.setAttribute(name, kept[name].original);
      });
    });
    texts.clear();
    attributes.clear();
    if (pageLang === null) root.removeAttribute("lang");
    else root.setAttribute("lang", pageLang);
  }

  function reveal() { root.classList.remove("traditional-wait"); }

  function showState(button) {
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
  }

  /** Turns 繁體 on or off (`remember`: keep the choice for the next pages). */
  function set(value, button, remember) {
    if (value === on) return Promise.resolve();
    if (!value) {
      on = false;
      restorePage();
      showState(button);
      if (remember) store(false);
      return Promise.resolve();
    }
    return load().then(function () {
      if (on) return;
      on = true;
      convertPage();
      showState(button);
      if (remember) store(true);
    });
  }

  root.classList.add("traditional-js");
  var wanted = stored() && !!tableUrl;
  if (wanted) {
    root.classList.add("traditional-wait");
    load().catch(function () { /* shown simplified; the switch stays off */ });
    window.setTimeout(reveal, TIMEOUT);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("button[data-traditional]");
    showState(button);
    if (wanted) set(true, button, false).catch(function () {}).then(reveal);
    if (!button || !tableUrl) return;
    button.addEventListener("click", function () {
      button.setAttribute("aria-busy", "true");
      set(!on, button, true)
        .catch(function () { /* the table did not come: stays as it was */ })
        .then(function () { button.removeAttribute("aria-busy"); });
    });
  });

  // For the tests and the accuracy benchmark: the conversion the page uses.
  window.sitegenTraditional = {
    load: function () { return load().then(function () { return convert; }); },
  };
})();
