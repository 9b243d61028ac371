/* sitegen's query rules, shipped to every theme as /assets/search-query.<hash>.js: a
   reader's query in, the index words to search for out, and the layout of an indexed
   record. The Python side of the same rules is sitegen/search/grams.py (queryPhrases,
   decode, normalize) and sitegen/search/layout.py (HEADING_END, PAD); a test runs both
   in Chromium and compares them. A theme imports this module; it does not copy it. */
const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3134f}";
const PIECE = new RegExp(`([${HAN}]+)|([0-9A-Za-z]+)|(\\s+|.)`, "gsu");
export const SPACE = "¦";
export const HEADING_END = 128;  // layout.HEADING_END: positions before it are the heading
export const PAD = 16;  // layout.PAD: the run of SPACE words before the body

/** Full-width digits and letters (２０１８) to ASCII, as grams.normalize. */
export function normalize(text) {
  return text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** The query as phrases of index words (grams.query_phrases), and the readable parts to highlight. */
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
  for (const [, han, word, other] of normalize(query).toLowerCase().matchAll(PIECE)) {
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
