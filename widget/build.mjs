// Build the widget into orfo/static/orfo/: `node build.mjs` writes widget.js and
// widget-dialog.js; `node build.mjs --check` builds in memory and fails when the
// committed files differ from a fresh build or a file is over its size budget.
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import * as esbuild from 'esbuild'
import { K, PACKED, unpack } from './src/pack.js'

const here = dirname(fileURLToPath(import.meta.url))
const out = join(here, '..', 'orfo', 'static', 'orfo')
const check = process.argv.includes('--check')

// gzip -9 bytes: the loader alone, and both files together. The whole widget was 5,000 until
// the dialog learnt dark pages, the phone keyboard (visual viewport) and the text model's
// whitespace at inline-blocks and generated content (widget/ARCHITECTURE.md, "Size goals").
const BUDGET = { loader: 1200, total: 5600 }
const ENTRIES = { 'widget.js': 'src/loader.js', 'widget-dialog.js': 'src/dialog.js' }

// Import .css as a minified string for the shadow root.
const cssText = {
  name: 'css-text',
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, async (args) => {
      const { code } = await esbuild.transform(await readFile(args.path, 'utf8'), {
        loader: 'css',
        minify: true,
      })
      return { contents: `export default ${JSON.stringify(code.trim())}`, loader: 'js' }
    })
  },
}

// i18n.js's PACKED arrays, their strings written in ASCII (see pack.js): \u escapes, which
// an ASCII build writes for every Cyrillic letter, gzip to about twice the size. Each
// string must come back whole from unpack, or the build fails.
const pack = (s) =>
  [...s]
    .map((c) =>
      K.includes(c) ? K.indexOf(c) : /[\u0410-\u044f]/.test(c) ? String.fromCharCode(c.charCodeAt() - 976) : c,
    )
    .join('')
const packStrings = {
  name: 'pack-strings',
  setup(build) {
    build.onLoad({ filter: /[\\/]i18n\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8')
      const array = new RegExp(`^  (${PACKED.join('|')}): \\[\\n[^\\]]*\\n  \\]`, 'gm')
      if (source.match(array)?.length != PACKED.length) throw new Error(`${args.path}: a PACKED array is missing`)
      const contents = source.replace(array, (text) =>
        text.replace(/'([^'\n]*)'/g, (_, s) => {
          const p = pack(s)
          if (/[0-9@-\x7f]/.test(s) || p.includes('\\') || unpack(p) != s)
            throw new Error(`${args.path}: cannot pack '${s}'`)
          return `'${p}'`
        }),
      )
      return { contents, loader: 'js' }
    })
  },
}

const build = async (entry) => {
  const result = await esbuild.build({
    entryPoints: [join(here, entry)],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    // ASCII output: the files stay correct even when served without a charset.
    charset: 'ascii',
    legalComments: 'none',
    write: false,
    plugins: [cssText, packStrings],
    logLevel: 'warning',
  })
  return result.outputFiles[0].contents
}

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length

let failed = false
const sizes = {}
for (const [name, entry] of Object.entries(ENTRIES)) {
  const fresh = await build(entry)
  const path = join(out, name)
  sizes[name] = gz(fresh)
  if (check) {
    const committed = await readFile(path).catch(() => null)
    if (!committed || Buffer.compare(Buffer.from(fresh), committed) != 0) {
      console.error(`${name}: differs from a fresh build; run \`node build.mjs\` and commit it`)
      failed = true
    }
  } else await writeFile(path, fresh)
  console.log(`${name}: ${fresh.length} bytes, ${sizes[name]} gzipped`)
}

const loader = sizes['widget.js']
const total = loader + sizes['widget-dialog.js']
console.log(`budget: loader ${loader}/${BUDGET.loader}, whole widget ${total}/${BUDGET.total} gzipped`)
if (loader > BUDGET.loader || total > BUDGET.total) {
  console.error('over the size budget')
  failed = true
}
process.exit(failed ? 1 : 0)
