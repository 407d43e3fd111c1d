// build.mjs writes the strings of the arrays listed in PACKED (in i18n.js and lang.js) in
// ASCII, А–я as @–DEL and the letters of K as digits, which gzips to about half of the \u
// escapes of an ASCII build; unpack undoes that, and leaves text without such characters as
// it is. Such strings may not contain ASCII letters, digits or @[\]^_`{|}~ (the build checks).
export const PACKED = ['ru', 'kk']
export const K = 'іғқңүұһәөҚ'
export const unpack = (s) =>
  s.replace(/[0-9@-\x7f]/g, (c) => (c < ':' ? K[c] : String.fromCharCode(c.charCodeAt() + 976)))
