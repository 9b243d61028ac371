/* sitegen's query rules, shipped to every theme as /assets/search-query.<hash>.js: a
   reader's query in, the index words to search for out, and the layout of an indexed
   record. The Python side of the same rules is sitegen/search/grams.py (queryPhrases,
   decode, normalize) and sitegen/search/layout.py (HEADING_END, HEADLINE_END, PAD); a test runs both
   in Chromium and compares them. A theme imports this module; it does not copy it.
   A query typed in traditional characters (溫州) is searched in simplified ones (温州), as
   the articles are written: `prepare` loads sitegen's query table (t2s.json, made from
   OpenCC, sitegen/traditional/tables.py) before the first query that needs it, one
   with a Han character outside GB2312 (or 後); `queryPhrases` then applies it. */
const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3134f}";
const PIECE = new RegExp(`([${HAN}]+)|([0-9A-Za-z]+)|(\\s+|.)`, "gsu");
export const SPACE = "¦";
export const HEADING_END = 128;  // layout.HEADING_END: positions before it are the heading
export const HEADLINE_END = 64;  // layout.HEADLINE_END: positions before it are the headline (主题)
export const PAD = 16;  // layout.PAD: the run of SPACE words before the body

const HAN_CHAR = new RegExp(`[${HAN}]`, "u");
const EXTRA_TRADITIONAL = "後";  // tables.EXTRA_TRADITIONAL: in GB2312, not in simplified text
let gb2312 = null;  // GB2312's characters, decoded once by the browser's own GBK decoder
let traditional = null;  // the query table once loaded: traditional -> simplified

function inGb2312(char) {
  if (!gb2312) {
    gb2312 = new Set();
    const decoder = new TextDecoder("gbk");
    for (let row = 0xb0; row <= 0xf7; row++) {  // GB2312's rows of Han characters
      const bytes = [];
      for (let cell = 0xa1; cell <= 0xfe; cell++) bytes.push(row, cell);
      for (const c of decoder.decode(new Uint8Array(bytes))) gb2312.add(c);
    }
  }
  return gb2312.has(char);
}

/** Whether `query` may hold a traditional character: a Han character outside GB2312, or 後. */
export function mayBeTraditional(query) {
  for (const c of query) if (HAN_CHAR.test(c) && (!inGb2312(c) || EXTRA_TRADITIONAL.includes(c))) return true;
  return false;
}

/** Loads the query table from `url` (t2s.json) if `query` needs it and it is not loaded. */
export async function prepare(query, url) {
  if (traditional || !url || !mayBeTraditional(query)) return;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`query table: HTTP ${response.status}`);
  const pairs = Array.from((await response.json()).chars);
  const table = new Map();
  for (let i = 0; i + 1 < pairs.length; i += 2) table.set(pairs[i], pairs[i + 1]);
  traditional = table;
}

/** Traditional characters of the query table in simplified form (tables.simplify), once
    `prepare` has loaded it; before, the text as it is. */
export function simplify(text) {
  return traditional ? Array.from(text, (c) => traditional.get(c) || c).join("") : text;
}

/** Full-width digits and letters (２０１８) to ASCII, as grams.normalize. */
export function normalize(text) {
  return text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** The query as phrases of index words (grams.query_phrases), and the readable parts to
    highlight, in simplified characters (call `prepare` first). */
export function queryPhrases(query) {
  const phrases = [];
  const parts = [];
  let current = [];
  let text = "";
  const close = () => {
    if (current.length) { phrases.push(current); parts.push(text); }
    current = [];
    text = "";
  };
  for (const [, han, word, other] of simplify(normalize(query)).toLowerCase().matchAll(PIECE)) {
    if (other) { close(); continue; }
    text += han || word;
    if (word) current.push(word);
    else current.push(...Array.from(han));
  }
  close();
  return { phrases, parts };
}

/** Indexed words back to readable text (grams.decode). */
export function decode(indexed) {
  return indexed.split(/\s+/).map((word) => (word === SPACE ? " " : word)).join("");
}

/** An indexed full-text record's words (layout.full_text) -> the words of its body: those
    after the last run of PAD or more SPACE words. */
export function bodyWords(indexed) {
  const words = indexed.split(/\s+/).filter(Boolean);
  let start = 0;
  let run = 0;
  for (let i = 0; i < words.length; i++) {
    run = words[i] === SPACE ? run + 1 : 0;
    if (run >= PAD) start = i + 1;
  }
  return words.slice(start);
}
