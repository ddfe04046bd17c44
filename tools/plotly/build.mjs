// Builds the dashboard's plotly.js bundle inside an unpacked plotly.js 4.1.1 npm package (run from its folder).
// plotly.js's own esbuild configuration (esbuild-config.js) does the work, with its attribute-description stripping
// (tasks/compress_attributes.js, which the npm package leaves out: written again here after the repository's esbuild
// plugin, its joined-array pattern spanning the line breaks of 4.1.1's formatting; it strips what the official bundle
// lacks, no more, no less); the bundle is wrapped and headed the way plotly's tasks/util/bundle_wrapper.mjs and
// tasks/partial_bundle.mjs do it. MIT, like plotly.js.
//
//   node build.mjs kgm        OUT  the page's bundle: plotly's "geo" partial bundle (lib/index-geo.js: scatter,
//                                  scattergeo, choropleth) without world calendars, with a core without the components
//                                  the dashboard never draws (LEFT_OUT) and without maplibre's stylesheet
//   node build.mjs kgm-basic  OUT  the embeds' bundle for charts without a map: plotly's "basic" partial bundle
//                                  (lib/index-basic.js) the same way, and without bar and pie (no figure has them)
//   node build.mjs geo        OUT  plotly's own "geo" partial bundle, to compare with the official one
import fs from 'fs';
import { createRequire } from 'module';

const require = createRequire(process.cwd() + '/');
const { build } = require('esbuild');
const { esbuildConfig } = require('./esbuild-config.js');

const VERSION = require('./src/version.js').version;
// core components (src/core.js registers them all) that no figure of the dashboard uses; an unregistered component is a
// no-op for plotly (Registry.getComponentMethod returns a no-op function)
const LEFT_OUT = ['annotations3d', 'images', 'updatemenus', 'sliders', 'rangeslider', 'rangeselector'];

// tasks/compress_attributes.js of plotly.js: attribute descriptions are for the schema, not for drawing
function metaRegex(attr, value) { return new RegExp('\\s*' + attr + ': ' + value + ',?', 'g'); }
const META = [
    metaRegex('description', "'.*'"),
    metaRegex('description', '\\[[\\s\\S]*?\\]\\.join\\([\\s\\S]*?\\)'),
    metaRegex('requiredOpts', '\\[[\\s\\S]*?\\]'),
    metaRegex('otherOpts', '\\[[\\s\\S]*?\\]'),
    metaRegex('role', "'.*'"),
    metaRegex('hrName', "'.*'")
];
const stripMeta = {
    name: 'strip-meta-attributes',
    setup(b) {
        b.onLoad({ filter: /\.js$/ }, async (file) => ({
            contents: META.reduce((code, re) => code.replace(re, ''), await fs.promises.readFile(file.path, 'utf-8')),
            loader: 'js'
        }));
    }
};
// maplibre's stylesheet is required only when a "map" subplot registers (src/registry.js), and no map trace is in
// the bundle: an empty module instead of 83 KB of CSS (and of a style id hashed from the build machine's path)
const noMaplibreCss = {
    name: 'no-maplibre-css',
    setup(b) {
        b.onResolve({ filter: /^maplibre-gl\/dist\/maplibre-gl\.css$/ }, () => ({ path: 'maplibre-gl-css-left-out', namespace: 'empty' }));
        b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: '', loader: 'js' }));
    }
};

function dropRequire(code, path) {
    const out = code.replace(new RegExp("\\n\\s*require\\('" + path.replace(/[./]/g, '\\$&') + "'\\),[^\\n]*", 'g'), '');
    if(out === code) throw new Error('no require of ' + path + ' to drop: is this plotly.js ' + VERSION + '?');
    return out;
}

// what each of our bundles takes from plotly's partial bundle of the same base: its index, the requires dropped from it
const KGM = {
    kgm: { base: 'geo', index: 'lib/index-geo.js', drop: ['./calendars'] },
    'kgm-basic': { base: 'basic', index: 'lib/index-basic.js', drop: ['./bar', './pie', './calendars'] }
};

// the entry file, written the way plotly's partial bundle task writes one: requires dropped, each drop checked
function kgmEntry(variant) {
    let core = fs.readFileSync('src/core.js', 'utf8');
    for(const name of LEFT_OUT) core = dropRequire(core, './components/' + name);
    fs.writeFileSync('src/core-kgm.js', core);
    let index = fs.readFileSync(KGM[variant].index, 'utf8').replace("require('./core')", "require('../src/core-kgm')");
    // world calendars: the dashboard's dates are Gregorian; bar and pie: its bars are thick line segments
    // (dashboard/figures/compared.py), it has no pie
    for(const path of KGM[variant].drop) index = dropRequire(index, path);
    fs.writeFileSync('lib/index-' + variant + '.js', index);
    return 'lib/index-' + variant + '.js';
}

async function bundle(variant, out) {
    const kgm = variant in KGM;
    const plugins = esbuildConfig.plugins.concat([stripMeta], kgm ? [noMaplibreCss] : []);
    const entry = kgm ? kgmEntry(variant) : 'lib/index-geo.js';
    await build({ ...esbuildConfig, entryPoints: [entry], outfile: out, minify: true, plugins, logLevel: 'warning' });
    const name = kgm ? KGM[variant].base + ', kgm-dashboard' : 'geo';
    const header = '/**\n* plotly.js (' + name + ' - minified) v' + VERSION +
        '\n* Copyright 2012-2026, Plotly, Inc.\n* All rights reserved.\n* Licensed under the MIT license\n*/\n';
    const wrapTop = ['(', ' function(root, factory) {', '  if (typeof module === "object" && module.exports) {',
        '   module.exports = factory();', '  } else {', '   root.moduleName = factory();', '  }',
        '} (typeof self !== "undefined" ? self : this, () => {', ''].join('\n');
    const wrapEnd = ['', 'window.Plotly = Plotly;', 'return Plotly;', '}));'].join('\n');
    fs.writeFileSync(out, header + wrapTop + fs.readFileSync(out, 'utf8') + wrapEnd);
}

const [variant, out] = process.argv.slice(2);
if(!(variant in KGM || variant === 'geo') || !out) throw new Error('usage: node build.mjs kgm|kgm-basic|geo OUT');
await bundle(variant, out);
