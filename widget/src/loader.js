// widget.js: registers listeners and fills notices, nothing more, until a reader acts.
// Then it clones the selection, loads widget-dialog.js once and hands the range over.
import { NOTICE, normLang } from './lang.js'
import { QUEUE } from './queue.js'

const w = window
const d = document
// Page errors are not ours to cause: every entry point is wrapped.
const safe = (f) => (e) => {
  try {
    f(e)
  } catch (x) {}
}
const on = (type, f, capture) => d.addEventListener(type, safe(f), capture)

safe(() => {
  if ('d' in { ...w.Orfo }) return // the tag is on the page twice
  const s = d.currentScript || d.querySelector('script[data-site]')
  const lang = normLang(s.dataset.lang || d.documentElement.lang || navigator.language)
  // A finger is the main pointer: the notice says what to tap, the dialog raises no keyboard.
  const coarse = matchMedia('(pointer:coarse)').matches
  // The dialog script reads the rest of the configuration from the tag (dialog.js).
  const cfg = [s, lang, coarse]
  const queue = w.Orfo?.q || []

  // Where a selection is not reported from: form fields, editors, our own UI.
  const bad = (n) =>
    (n = n && (n.nodeType == 1 ? n : n.parentElement)) &&
    (n.isContentEditable || n.closest('input,textarea,select,orfo-dialog,orfo-button'))
  const grab = () => {
    const sel = getSelection()
    return sel.rangeCount &&
      /\S/.test(sel) &&
      !bad(sel.anchorNode) &&
      !bad(sel.focusNode)
      ? sel.getRangeAt(0).cloneRange()
      : null
  }

  // fn: 'd' opens the dialog, 'b' places the touch button; both live in the dialog script.
  let script, pending
  const load = () => {
    if (!script) {
      script = d.createElement('script')
      script.src = new URL('widget-dialog.js', s.src)
      script.onload = safe(() => pending && api[pending[0]](pending[1], cfg))
      // A failed load is tried again on the next use (the dead tag stays: it does nothing).
      script.onerror = () => (script = pending = 0)
      d.head.append(script)
    }
  }
  // While the script loads, a dialog asked for (Ctrl+Enter) stays asked for: the touch
  // button's timer, which may fire later, must not replace it.
  const call = (fn, range) => {
    if (api.d) api[fn](range, cfg)
    else {
      pending = pending && pending[0] == 'd' ? pending : [fn, range]
      load()
    }
  }
  const open = (range) => call('d', range)
  const api = (w.Orfo = { d: 0, open: safe(() => open(grab())) })

  on('keydown', (e) => {
    const range = (e.ctrlKey || e.metaKey) && e.key == 'Enter' && !bad(e.target) && grab()
    if (range) {
      e.preventDefault()
      open(range)
    }
  })

  // A click on the site's own button may collapse the selection: keep it from pointerdown.
  let kept
  const opener = (e) => e.target.closest?.('[data-orfo-open]')
  on('pointerdown', (e) => opener(e) && (kept = grab()), true)
  on('click', (e) => {
    if (opener(e)) {
      e.preventDefault()
      open(grab() || kept)
    }
  })

  // Touch screens: the first selection loads the dialog script, which draws the button.
  if (coarse || 'ontouchstart' in w) {
    let timer
    on('selectionchange', () => {
      clearTimeout(timer)
      timer = setTimeout(
        safe(() => {
          const range = grab()
          if (range || api.d) call('b', range)
        }),
        250,
      )
    })
  }

  const notices = () =>
    d.querySelectorAll('[data-orfo-notice]').forEach((e) => {
      // What to press, or on a touch screen (a finger the main pointer) what to tap.
      e.textContent = NOTICE[lang][+coarse]
    })
  // Now, and again once the page is parsed (which may be over already: then only now).
  notices()
  on('DOMContentLoaded', notices)

  // Calls made through the snippet's stub before this script ran, e.g. ['open'].
  for (const [name, ...args] of queue) api[name]?.(...args)

  // Reports not yet acknowledged (queue.js): the dialog script sends them when it loads.
  // Last, as reading localStorage may throw.
  if (localStorage[QUEUE]) load()
})()
