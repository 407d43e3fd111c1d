// The payload, and the context shown around the quote in the dialog.
const CONTEXT = 64

// 128 random bits as up to 40 decimal digits.
const clientId = () => crypto.getRandomValues(new Uint32Array(4)).join('')

const pageUrl = () => {
  const link = document.querySelector('link[rel~=canonical]')
  return link && /^https?:/.test(link.href) ? link.href : location.href.split('#')[0]
}

// A context cut through a surrogate pair leaves a lone half; the server drops those.
export const payload = ({ text, start, end }, site, lang) => ({
  site,
  url: pageUrl(),
  title: document.title,
  lang,
  quote: text.slice(start, end),
  prefix: text.slice(Math.max(0, start - CONTEXT), start),
  suffix: text.slice(end, end + CONTEXT),
  position: { start, end },
  client_id: clientId(),
})

// The quote's sentence, roughly: the context is cut at the nearest sentence ends.
export const context = ({ prefix, suffix }) => [
  prefix.replace(/^[^]*[.!?…]\s/, ''),
  suffix.replace(/([.!?…])\s[^]*/, '$1'),
]
