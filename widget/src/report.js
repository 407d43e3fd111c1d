// The payload, and the context shown around the quote in the dialog.
const CONTEXT = 64

const clientId = () =>
  [...crypto.getRandomValues(new Uint8Array(16))].map((b) => (b + 256).toString(16).slice(1)).join('')

const pageUrl = () => {
  const link = document.querySelector('link[rel~=canonical]')
  return link && /^https?:/.test(link.href) ? link.href : location.href.split('#')[0]
}

// A context cut through a surrogate pair leaves a lone half; the server drops those.
export const payload = ({ text, start, end }, cfg) => ({
  site: cfg.site,
  url: pageUrl(),
  title: document.title,
  lang: cfg.lang,
  quote: text.slice(start, end),
  prefix: text.slice(Math.max(0, start - CONTEXT), start),
  suffix: text.slice(end, end + CONTEXT),
  position: { start, end },
  comment: '',
  correction: '',
  client_id: clientId(),
})

// The quote's sentence, roughly: the context is cut at the nearest sentence end, else
// at a word, with an ellipsis.
export const context = ({ prefix, suffix }) => {
  const before = prefix.slice(-60)
  const cut = before.search(/[.!?…]\s[^.!?…]*$/)
  const after = suffix.slice(0, 60)
  const stop = after.search(/[.!?…](\s|$)/)
  return [
    cut >= 0 ? before.slice(cut + 2) : before.length < prefix.length ? '…' + before.replace(/^\S*\s/, '') : before,
    stop >= 0 ? after.slice(0, stop + 1) : after.length < suffix.length ? after.replace(/\s\S*$/, '') + '…' : after,
  ]
}
