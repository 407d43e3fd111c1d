// widget-dialog.js: loaded on first use. Captures the selection against the article's
// rendered text, shows the modal in a shadow root and sends the report (queue.js). On touch
// screens it also draws the "report a mistake" button next to the selection.
import css from './dialog.css'
import { container, flatten } from './capture.js'
import { CANCEL, CLOSE, COMMENT, ERROR, FIX, LONG, MANY, NONE, SEND, SOON, T, THANKS, TITLE } from './i18n.js'
import { context, payload } from './report.js'
import { flush, queue } from './queue.js'

const w = window
const d = document
const MAX_QUOTE = 300
let current // the open dialog's close(), so that only one is open at a time
let button, tapped

const el = (tag, props, ...kids) => {
  const e = Object.assign(d.createElement(tag), props)
  e.append(...kids) // strings become text nodes: page text is never parsed as HTML
  return e
}

// A host under <html>, outside body's styles, in a shadow root the page's CSS cannot
// reach; inline !important beats any page rule and all:initial cuts inheritance.
// Styles are an adopted sheet, which no CSP blocks; a <style> where unsupported.
const shadowHost = (tag, style) => {
  const host = el(tag)
  const root = host.attachShadow({ mode: 'open' })
  host.style.cssText = 'all:initial!important;z-index:2147483647!important;' + style
  if (root.adoptedStyleSheets) {
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(css)
    root.adoptedStyleSheets = [sheet]
  } else root.append(el('style', {}, css))
  return [host, root]
}

// Whether the page is dark where the reader is: the first background that is not
// transparent from the selection up, else the canvas, dark in a dark scheme the page asks for.
const dark = (node) => {
  for (; node; node = node.parentElement) {
    const c = getComputedStyle(node).backgroundColor.match(/[\d.]+/g)
    if (c[3] != 0) return c[0] * 0.2 + c[1] * 0.7 + c[2] * 0.1 < 120
  }
  return (
    matchMedia('(prefers-color-scheme:dark)').matches &&
    /dark/.test(getComputedStyle(d.documentElement).colorScheme)
  )
}

// cfg: the loader's script tag, whose data-* are read here (which keeps the loader small),
// and the language.
const show = (range, cfg) => {
  if (current) return
  const [tag, lang, coarse] = cfg
  const { site, endpoint, container: selector } = tag.dataset
  const t = T[lang] || T.en
  const previous = d.activeElement
  const report = range && payload(flatten(container(range, selector), range), site, lang)
  const opened = performance.now()
  let timer

  const [host, root] = shadowHost(
    'orfo-dialog',
    'position:fixed!important;inset:0!important;display:block!important;' +
      (dark(range?.startContainer.parentElement || d.body) ? 'color-scheme:dark!important' : ''),
  )

  // Touch screens: the heading takes focus, so no keyboard covers the dialog until the
  // reader taps a field.
  const heading = el('h2', { id: 'h', tabIndex: -1, autofocus: coarse }, t[TITLE])
  // ARIA attributes through their reflecting properties (ariaModal, role…): fewer bytes.
  const dialog = el('dialog', { className: 'd', ariaModal: 'true' }, heading)
  dialog.setAttribute('aria-labelledby', 'h')

  // Phones: the keyboard shrinks the visual viewport, not the layout viewport the dialog is
  // centred in; centre it in the part that shows instead, no taller than that part.
  const vv = w.visualViewport
  const fit = () => {
    const s = dialog.style
    s.top = vv.offsetTop + 'px'
    s.bottom = innerHeight - vv.offsetTop - vv.height + 'px'
    s.maxHeight = vv.height - 16 + 'px'
  }
  const follow = (f) => vv && ['resize', 'scroll'].map((e) => vv[f](e, fit))

  const close = () => {
    if (current != close) return
    current = 0
    clearTimeout(timer)
    follow('removeEventListener')
    host.remove()
    previous?.focus?.({ preventScroll: true })
  }

  // Replace everything under the heading with one message and a Close button.
  const message = (text) => {
    const ok = el('button', { onclick: close }, t[CLOSE])
    dialog.replaceChildren(heading, el('p', {}, text), el('div', { className: 'a' }, ok))
    ok.focus()
  }

  if (!report || !report.quote) message(t[NONE])
  else if (report.quote.length > MAX_QUOTE) message(t[LONG])
  else {
    const [before, after] = context(report)
    const comment = el('textarea', { id: 'c', rows: 3, maxLength: 2000, autofocus: !coarse })
    const fix = el('input', { id: 'f', maxLength: MAX_QUOTE })
    const status = el('p', { className: 'e', role: 'status' })
    const send = el('button', { className: 'p' }, t[SEND])
    // The honeypot: off-screen, out of the tab order, hidden from screen readers. People
    // leave it empty; form-filling bots do not.
    const hp = el('input', { className: 'h', tabIndex: -1, autocomplete: 'off', ariaHidden: 'true' })
    const submit = async (e) => {
      e.preventDefault()
      if (send.disabled) return
      send.disabled = true
      status.textContent = ''
      report.comment = comment.value
      report.correction = fix.value
      report.hp = hp.value
      // Milliseconds since the dialog opened: the server drops reports sent implausibly fast.
      report.elapsed = (performance.now() - opened) | 0
      let s = 0
      try {
        s = await queue(endpoint || new URL('/api/v1/reports', tag.src).href, report)
      } catch (x) {}
      if (current != close) return
      if (s > 199 && s < 300) {
        message(t[THANKS])
        timer = setTimeout(close, 1500)
      } else if (!s || s > 499 || s == 429) message((s == 429 ? t[MANY] : t[ERROR]) + t[SOON])
      else {
        // Refused for good (and dropped from the queue). Never the server's message: it is
        // English, and page-facing text is ours.
        status.textContent = t[ERROR]
        send.disabled = false
        send.focus()
      }
    }
    dialog.append(
      el(
        'form',
        { onsubmit: submit },
        el('p', { className: 'q' }, before, el('mark', {}, report.quote), after),
        el('label', { htmlFor: 'c' }, t[COMMENT]),
        comment,
        el('label', { htmlFor: 'f' }, t[FIX]),
        fix,
        hp,
        status,
        el('div', { className: 'a' }, el('button', { type: 'button', onclick: close }, t[CANCEL]), send),
      ),
    )
  }

  dialog.onkeydown = (e) => {
    if (e.key == 'Tab') {
      // Keep focus inside: wrap from the last control to the first and back.
      const f = [...dialog.querySelectorAll('#c,#f,button')].filter((x) => !x.disabled)
      const i = f.indexOf(root.activeElement)
      if (e.shiftKey ? i < 1 : i < 0 || i == f.length - 1) {
        e.preventDefault()
        f[e.shiftKey ? f.length - 1 : 0].focus()
      }
    }
  }
  // Esc closes a modal <dialog> (even where the browser skips the cancel event): tidy up.
  dialog.onclose = close

  button?.remove()
  root.append(dialog)
  d.documentElement.append(host)
  current = close
  // The top layer is above any z-index the page can muster. showModal() focuses the
  // control with autofocus (the comment; on touch screens the heading), else the first.
  dialog.showModal()
  follow('addEventListener')
}

// Touch screens: a button below the selection (range) or none (null).
const touch = (range, cfg) => {
  tapped = range
  if (!button) {
    const [host, root] = shadowHost('orfo-button', 'position:absolute!important;')
    const b = el(
      'button',
      { className: 'p t', onclick: () => show(tapped, cfg) },
      (T[cfg[1]] || T.en)[TITLE],
    )
    b.onpointerdown = (e) => e.preventDefault() // keep the selection
    root.append(b)
    button = host
  }
  if (!range || current) return button.remove()
  const r = range.getBoundingClientRect()
  const at = (k, v) => button.style.setProperty(k, v + 'px', 'important')
  at('top', r.bottom + scrollY + 12)
  d.documentElement.append(button)
  // Under the selection's start, but never past the right edge: the page must not grow.
  at('left', Math.max(8, Math.min(r.left, d.documentElement.clientWidth - button.offsetWidth - 8)) + scrollX)
}

// The loader calls these inside its try.
w.Orfo.d = show
w.Orfo.b = touch
// Reports left over from an earlier try, on this page or an earlier one.
flush()
