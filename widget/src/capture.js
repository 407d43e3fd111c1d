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
  let space = 0 // a space is owed before the next visible character: 1, or 2 for a break
  let edge = 0 // at a line's edge that is no break: whitespace here is not rendered
  let wantStart = 0 // the start lands on the next visible character
  let start = -1
  let end = -1

  const char = (c) => {
    // A no-break space (or any \s above ' ') is never collapsed, not even at an edge.
    if (/\s/.test(c)) space ||= c > ' ' || !edge
    else {
      if (space && text) text += ' '
      space = edge = 0
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

  // Generated content (::before, ::after) is not in the text, but the whitespace right
  // after it is not rendered when it ends in a space or is a block (nor is a space owed
  // before a block). Looked up only where whitespace follows (the first text inside, or
  // the next sibling's): slow, as the browser computes a style for each.
  const pseudo = (node, which, next) => {
    while (next?.nodeType == 1) next = next.firstChild
    if (/^[ \n\t]/.test(next?.data)) {
      const { content, display, float, position } = getComputedStyle(node, which)
      // In the flow (not floated, not absolute or fixed), and a string.
      if (content[0] == '"' && display != 'none' && /^none[rs]/.test(float + position))
        if (!INLINE.test(display)) {
          if (space < 2) space = 0
          edge = 1
        } else if (display != 'inline') edge = 0 // an inline-block: rendered like a letter
        else if (content != '""') edge = / "$/.test(content)
    }
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
      const { display, visibility } = getComputedStyle(node)
      if (display == 'none') return skip(node)
      const block = !INLINE.test(display) || node.localName == 'br'
      // An inline-block's own leading and trailing whitespace is not rendered.
      const box = /^inline-/.test(display)
      const length = text.length
      if (block) space = 2
      if (box) edge = 1
      // In SVG only <text> and its parts render their text nodes.
      visible =
        visibility == 'visible' &&
        (!(node instanceof SVGElement) || /^(text|tspan|textPath)$/.test(node.localName))
      const kids = node.childNodes
      // Around a block a break is owed anyway: only inline elements' pseudo-elements matter.
      if (!block) pseudo(node, ':before', node.firstChild)
      for (let i = 0; i < kids.length; i++) {
        boundary(node, i)
        walk(kids[i], visible)
      }
      if (!block) pseudo(node, ':after', node.nextSibling)
      boundary(node, kids.length)
      if (block) space = 2
      else if (box) {
        if (text.length > length && space < 2) space = 0
        edge = 0
      }
    } else if (node.contains(sc) || node.contains(ec)) skip(node)
  }
  walk(root, 1)
  if (start < 0) start = wantStart ? text.length : 0
  if (end < 0) end = text.length
  return { text, start, end: Math.max(start, end) }
}
