// The outbox. A report stays in the page's localStorage (key QUEUE) until the server
// acknowledges it or refuses it for good, and is retried with backoff on this page and on
// the reader's next page view on the site (the loader loads this file when the key
// exists). QUEUE holds {client_id: {e: endpoint, r: report, t: queued at (ms)}}, oldest
// first. Where localStorage is missing or throws, the outbox lives in this page only.
export const QUEUE = 'orfo-q'

const MAX = 20 // reports kept; the oldest go first
const AGE = 6048e5 // a week: older reports are dropped unsent
const CAP = 36e5 // the longest wait between tries: an hour
const SLOW = 3e4 // no answer within 30 s counts as none (the retry reuses client_id)

let mem = {}
let wait = 2500
let timer, busy
const now = () => Date.now()

const get = () => {
  try {
    mem = JSON.parse(localStorage[QUEUE] || '{}')
  } catch (e) {}
  return mem
}
// Store entry x under id, or drop it (no x); written back at once, as other tabs share it.
const put = (id, x) => {
  const q = get()
  x ? (q[id] = x) : delete q[id]
  const k = Object.keys(q)
  if (k[MAX]) delete q[k[0]]
  mem = q
  try {
    k[0] ? (localStorage[QUEUE] = JSON.stringify(q)) : localStorage.removeItem(QUEUE)
  } catch (e) {}
}

// A 2xx (202 too) acknowledges; a 4xx other than 429 would never succeed. Both end it.
const done = (s) => s && s < 500 && s != 429

// One try; the answer's status, 0 for none. When it is not done, the next flush waits
// 5 s, 10 s, 20 s… up to an hour, and no less than a Retry-After we may read.
const send = async (id, x) => {
  let res
  try {
    res = await Promise.race([
      fetch(x.e, {
        method: 'POST',
        body: JSON.stringify(x.r),
        keepalive: true,
        // text/plain keeps this a "simple" request: no CORS preflight.
        headers: { 'Content-Type': 'text/plain' },
      }),
      new Promise((r) => setTimeout(r, SLOW)),
    ])
  } catch (e) {}
  const s = res ? res.status : 0
  if (done(s)) put(id)
  else {
    clearTimeout(timer)
    wait = Math.min(CAP, Math.max(wait * 2, (res && res.headers.get('Retry-After') * 1e3) || 0))
    timer = setTimeout(flush, wait)
  }
  return s
}

// Queue a report from the dialog and try it at once.
export const queue = (e, r) => {
  const x = { e, r, t: now() }
  put(r.client_id, x)
  return send(r.client_id, x)
}

// Try the queue in order, dropping what is a week old, until a try fails.
export const flush = async () => {
  if (busy) return
  busy = 1
  try {
    for (const [id, x] of Object.entries(get()))
      if (now() - x.t > AGE) put(id)
      else if (!done(await send(id, x))) break
  } catch (e) {}
  busy = 0
}
