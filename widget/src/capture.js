// The text model. The article's "rendered text" is what a reader sees, flattened:
// text nodes in document order, minus content that is never rendered (script, style,
// template, textarea and input values, SVG text outside <text>, anything under
// display:none, text under visibility:hidden), with a break at every block boundary
// and <br>, and every run of whitespace (JavaScript's \s, so no-break spaces too)
// folded into one space, trimmed. It matches Chromium's innerText normalised the same
// way (tests/widget/test_corpus.py). Offsets are JavaScript string indices (UTF-16 code
// units) into that text.

const SKIP =
  /^(script|style|noscript|template|iframe|object|embed|canvas|video|audio|textarea|input|title|orfo-dialog|orfo-button)$/
const INLINE = /^(inline|contents|ruby)/

// Pick the container: data-container, else the article, else main, else body: the first
// match that holds the whole selection.
export const container = (range, selector) => {
  const d = document
  const holds = (el) => el.contains(range.startContainer) && el.contains(range.endContainer)
  for (const s of selector ? [selector] : ['article', 'main']) {
    try {
      const el = [...d.querySelectorAll(s)].find(holds)
      if (el) return el
    } catch (x) {} // a bad selector from the embed code
  }
  return d.body
}

// Flatten `root` and map the range's boundaries into the flat text: {text, start, end}.
export const flatten = (root, range) => {
  const { startContainer: sc, startOffset: so, endContainer: ec, endOffset: eo } = range
  let text = ''
  let space = 0 // a break is owed before the next visible character
  let wantStart = 0 // the start lands on the next visible character
  let start = -1
  let end = -1

  const char = (c) => {
    if (/\s/.test(c)) space = 1
    else {
      if (space && text) text += ' '
      space = 0
      if (wantStart) {
        start = text.length
        wantStart = 0
      }
      text += c
    }
  }
  const boundary = (node, offset) => {
    if (node == sc && offset == so) wantStart = 1
    if (node == ec && offset == eo) end = text.length
  }
  const skip = (node) => {
    if (node.contains(sc)) wantStart = 1
    if (node.contains(ec)) end = text.length
  }

  const walk = (node, visible) => {
    if (node.nodeType == 3) {
      const data = node.data
      if (node == sc || node == ec) {
        for (let i = 0; i <= data.length; i++) {
          boundary(node, i)
          if (visible && i < data.length) char(data[i])
        }
      } else if (visible) for (const c of data) char(c)
    } else if (node.nodeType == 1) {
      if (SKIP.test(node.localName)) return skip(node)
      const style = getComputedStyle(node)
      if (style.display == 'none') return skip(node)
      const block = !INLINE.test(style.display) || node.localName == 'br'
      if (block) space = 1
      // In SVG only <text> and its parts render their text nodes.
      visible =
        style.visibility == 'visible' &&
        (!(node instanceof SVGElement) || /^(text|tspan|textPath)$/.test(node.localName))
      const kids = node.childNodes
      for (let i = 0; i < kids.length; i++) {
        boundary(node, i)
        walk(kids[i], visible)
      }
      boundary(node, kids.length)
      if (block) space = 1
    } else if (node.contains(sc) || node.contains(ec)) skip(node)
  }
  walk(root, 1)
  if (start < 0) start = wantStart ? text.length : 0
  if (end < 0) end = text.length
  return { text, start, end: Math.max(start, end) }
}
